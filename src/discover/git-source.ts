import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GitBlobReader } from './git-blob-reader.js';
import type { RevisionSource } from './revision-source.js';
import { type Changes, parseUnifiedDiff } from './unified-diff.js';

const run = promisify(execFile);

/** No prompt for credentials, and no lock taken on the index for a read. */
const GIT_ENV: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

/**
 * Runs git with the repository's own configuration kept from running programs: a checked-out
 * pull request cannot change `.git/config`, but a runner's clone may have an fsmonitor or an
 * external diff or a textconv driver configured, which a pull request's `.gitattributes` could
 * select (`--no-ext-diff`, `--no-textconv` below); Containment executes nothing else.
 */
async function git(root: string, args: string[], maxBuffer = 64 * 1024 * 1024): Promise<string> {
  const { stdout } = await run(
    'git',
    ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-C', root, ...args],
    { maxBuffer, encoding: 'utf8', env: GIT_ENV },
  );
  return stdout;
}

/**
 * Adds to `changes` every file that `git diff -z --name-status` lists (exact names, NUL-separated,
 * never quoted) but the patch did not yield: a binary file, or a name the patch header spelled in
 * a way the parser did not follow. Such a file counts as changed on every line — fail closed,
 * rather than letting its findings match themselves at the base.
 */
function reconcile(changes: Changes, nameStatus: string): void {
  const fields = nameStatus.split('\0');
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i++] ?? '';
    if (status === '') continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[i++]!;
      const to = fields[i++]!;
      if (status.startsWith('R') && changes.renamed.get(to) !== from) changes.renamed.set(to, from);
      touch(changes, to);
    } else if (status.startsWith('D')) {
      changes.deleted.add(fields[i++]!);
    } else {
      const path = fields[i++]!;
      if (status.startsWith('A')) {
        changes.added ??= new Set();
        changes.added.add(path);
      }
      touch(changes, path);
    }
  }
}

function touch(changes: Changes, path: string): void {
  if (changes.lines.has(path)) return;
  changes.lines.set(path, new Set());
  changes.whole ??= new Set();
  changes.whole.add(path);
}

/** True when the clone has this commit (a shallow checkout of a pull request often lacks the base). */
export async function hasCommit(root: string, sha: string): Promise<boolean> {
  try {
    await git(root, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `root` is inside a git work tree (so there is history to compare with): `true`, `false`
 * when git ran and said no, or why git could not run at all (not installed, or refused by Node's
 * permission model without `--allow-child-process`), which is not the same as no repository.
 */
export async function insideGitWorkTree(root: string): Promise<boolean | { why: string }> {
  try {
    await git(root, ['rev-parse', '--is-inside-work-tree']);
    return true;
  } catch (error) {
    // execFile's error has the exit status as a number when git ran, a string code when it could not start.
    const code = (error as NodeJS.ErrnoException).code as unknown;
    if (typeof code !== 'string') return false;
    return { why: code === 'ENOENT' ? 'git is not installed' : `git could not start (${code})` };
  }
}

/** The merge base of two commits, or undefined when history is too shallow to have one. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await git(root, ['merge-base', a, b])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The base revision's files and the change, read from the local clone. Without `head` the change
 * is the working tree against `base` (`containment scan --changed`, a pre-commit hook).
 */
export function gitSource(root: string, base: string, head?: string): RevisionSource {
  let reader: GitBlobReader | undefined;
  return {
    describe: `git (${base.slice(0, 7)}..${head ? head.slice(0, 7) : 'working tree'})`,
    async changes() {
      const range = head ? [base, head] : [base];
      // `--relative`: paths relative to the scanned folder, which may be a sub-folder of the repository.
      // No size cap: a diff too large to read must not become "nothing changed".
      const diffArgs = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--relative', '-M', ...range, '--'];
      const changes = parseUnifiedDiff(await git(root, [...diffArgs.slice(0, 5), '--unified=0', ...diffArgs.slice(5)], Number.POSITIVE_INFINITY));
      reconcile(changes, await git(root, [...diffArgs.slice(0, 5), '-z', '--name-status', ...diffArgs.slice(5)], Number.POSITIVE_INFINITY));
      if (!head) {
        // New files git does not track yet are part of a working tree's change too.
        // Every line of such a file is new; it is not read here (all reads go through the tree).
        for (const path of (await git(root, ['ls-files', '-z', '--others', '--exclude-standard'])).split('\0').filter(Boolean)) {
          changes.lines.set(path, new Set());
          changes.whole ??= new Set();
          changes.whole.add(path);
          changes.added ??= new Set();
          changes.added.add(path);
        }
      }
      return changes;
    },
    async fileAt(path) {
      if (!path.includes('\n')) {
        reader ??= new GitBlobReader(root, GIT_ENV);
        return reader.read(`${base}:./${path}`);
      }
      try {
        return await git(root, ['show', `${base}:./${path}`]);
      } catch {
        return null;
      }
    },
    close() {
      reader?.close();
      reader = undefined;
    },
    async listAt(folder) {
      try {
        const out = await git(root, ['ls-tree', '-r', '-z', '--name-only', base, '--', folder]);
        return out.split('\0').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}
