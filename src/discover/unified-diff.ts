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
  /**
   * Files the change adds (git's status `A`, GitHub's `added`): absent at the base, so their base
   * version need not be asked for. Only a hint: a file not listed here is asked for.
   */
  added?: Set<string>;
  /**
   * Where the change removes lines, per file: the new file's line they were removed after (`0`:
   * before the first), and the least indentation of those lines (blank lines aside). What a
   * suppression comment covers can be changed by a removal alone (`read_only: true` deleted under
   * a mount), which adds no line (src/select/suppress.ts).
   */
  removed?: Map<string, Map<number, number>>;
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
  const removed = new Map<string, Map<number, number>>();
  const deleted = new Set<string>();
  const renamed = new Map<string, string>();
  let current = path;
  let previous: string | undefined;
  let next = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('--- ')) {
      const source = headerPath(line.slice(4));
      previous = source === '/dev/null' ? undefined : diffPath(source, 'a/');
      continue;
    }
    if (line.startsWith('+++ ')) {
      const target = headerPath(line.slice(4));
      current = target === '/dev/null' ? undefined : diffPath(target, 'b/');
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
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      // A hunk that adds nothing names the line before its removal (`+4,0`: after line 4).
      next = Number(hunk[1]) + (hunk[2] === '0' ? 1 : 0);
      continue;
    }
    if (current === undefined || next === 0) continue;
    if (line.startsWith('+')) {
      const lines = changed.get(current) ?? new Set<number>();
      lines.add(next++);
      changed.set(current, lines);
    } else if (line.startsWith(' ')) next++;
    else if (line.startsWith('-') && line.slice(1).trim() !== '') {
      const at = removed.get(current) ?? new Map<number, number>();
      const indent = /^[ \t]*/.exec(line.slice(1))![0].length;
      at.set(next - 1, Math.min(indent, at.get(next - 1) ?? Number.POSITIVE_INFINITY));
      removed.set(current, at);
    }
  }
  return { lines: changed, deleted, renamed, ...(removed.size ? { removed } : {}) };
}

/**
 * The path of a `---`/`+++` header, without the trailing tab git adds to a path that contains a
 * space (so a literal tab inside a quoted path is kept).
 */
function headerPath(rest: string): string {
  if (rest.startsWith('"')) return rest.slice(0, closingQuote(rest) + 1);
  return rest.replace(/\t$/, '');
}

function closingQuote(quoted: string): number {
  for (let i = 1; i < quoted.length; i++) {
    if (quoted[i] === '\\') i++;
    else if (quoted[i] === '"') return i;
  }
  return quoted.length - 1;
}

/** A header path less its `a/` or `b/` prefix, unquoted when git quoted it. */
function diffPath(written: string, prefix: string): string {
  const path = written.startsWith('"') ? unquoteGitPath(written) : written;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * Undoes git's C-style quoting of a path (`quote_c_style` in git's quote.c): a path holding `"`,
 * `\`, a control character or (without `core.quotePath=false`) a byte over 0x7f is written in
 * double quotes with backslash escapes and octal bytes. Octal bytes are UTF-8, so they are
 * collected as bytes and decoded together. A string that is not quoted is returned as it is.
 */
export function unquoteGitPath(written: string): string {
  if (!written.startsWith('"') || !written.endsWith('"') || written.length < 2) return written;
  const bytes: number[] = [];
  const body = written.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
