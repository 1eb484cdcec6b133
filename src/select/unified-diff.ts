/** Added line numbers (in the new file) per changed file, from a unified diff. */
export type ChangedLines = Map<string, Set<number>>;

/** What a change did to the tree: added lines per file, deleted files, renames (new → old path). */
export interface Changes {
  lines: ChangedLines;
  deleted: Set<string>;
  renamed: Map<string, string>;
  /** Changed files whose added lines are unknown (GitHub sends no patch for large diffs): every line counts. */
  whole?: Set<string>;
  /** Set when the list of changed files is incomplete (GitHub lists at most 3,000): why. */
  incomplete?: string;
}

/** True when the change adds `line` of `path` (or touches a file whose added lines are unknown). */
export function isChangedLine(changes: Changes, path: string, line: number): boolean {
  return changes.whole?.has(path) === true || changes.lines.get(path)?.has(line) === true;
}

/**
 * Reads `git diff --unified=0` output or the `patch` of GitHub's pull request files API: the new
 * file's path from `+++ b/…`, and from each hunk header `@@ -a,b +c,d @@` the lines it adds.
 * Renames and deletions need no special case: a deleted file has no new lines.
 */
export function parseUnifiedDiff(diff: string, path?: string): Changes {
  const changed: ChangedLines = new Map();
  const deleted = new Set<string>();
  const renamed = new Map<string, string>();
  let current = path;
  let previous: string | undefined;
  let next = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('--- ')) {
      const source = line.slice(4).replace(/\t.*$/, '');
      previous = source === '/dev/null' ? undefined : source.replace(/^"?a\//, '').replace(/"$/, '');
      continue;
    }
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t.*$/, '');
      current = target === '/dev/null' ? undefined : target.replace(/^"?b\//, '').replace(/"$/, '');
      if (current === undefined && previous !== undefined) deleted.add(previous);
      if (current !== undefined && previous !== undefined && previous !== current) renamed.set(current, previous);
      // A file the change touches is "changed" for file-level filtering even with no added line.
      if (current !== undefined && !changed.has(current)) changed.set(current, new Set());
      continue;
    }
    if (line.startsWith('diff --git')) {
      previous = undefined;
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (current === undefined || next === 0) continue;
    if (line.startsWith('+')) {
      const lines = changed.get(current) ?? new Set<number>();
      lines.add(next++);
      changed.set(current, lines);
    } else if (line.startsWith(' ')) next++;
  }
  return { lines: changed, deleted, renamed };
}
