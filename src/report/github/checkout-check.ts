import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Whether the files on disk are the pull request's code:
 * - `head`: `HEAD` is the pull request's head commit;
 * - `merge`: `HEAD` is a merge commit with the head among its parents (GitHub's test merge commit,
 *   what `actions/checkout` checks out on `pull_request`);
 * - `other`: something else, typically the base branch: `pull_request_target` runs in the base
 *   branch's context and `actions/checkout` checks out the base by default
 *   (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request_target);
 * - `unverifiable`: not a git work tree (or git is missing), so nothing tells.
 */
export type CheckoutState =
  | { kind: 'head' | 'merge'; head: string }
  | { kind: 'other'; head: string; checkedOut: string }
  | { kind: 'unverifiable'; why: string };

/**
 * Compares the checkout in `root` with the pull request's head commit. git runs without a shell,
 * with the repository's fsmonitor switched off and no prompt (as in `src/discover/git-source.ts`).
 */
export async function checkoutState(root: string, headSha: string): Promise<CheckoutState> {
  let current: string;
  let parents: string[];
  try {
    current = (await git(root, ['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}'])).trim();
    // The raw commit object keeps its `parent` lines even in a shallow clone (fetch-depth: 1),
    // where `rev-list --parents` would show none: the parents are cut from history, not from it.
    const object = await git(root, ['cat-file', 'commit', current]);
    const header = object.split('\n\n', 1)[0] ?? '';
    parents = header.split('\n').flatMap((line) => (line.startsWith('parent ') ? [line.slice('parent '.length).trim()] : []));
  } catch {
    return { kind: 'unverifiable', why: 'the scanned folder is not in a git work tree' };
  }
  const head = headSha.toLowerCase();
  if (current === head) return { kind: 'head', head };
  if (parents.length > 1 && parents.includes(head)) return { kind: 'merge', head };
  return { kind: 'other', head, checkedOut: current };
}

async function git(root: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'core.fsmonitor=false', '-C', root, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  return stdout;
}
