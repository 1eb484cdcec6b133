import { posix } from 'node:path';

/**
 * The workspace root written as a variable: steps start in `$GITHUB_WORKSPACE`, where
 * `actions/checkout` puts the repository by default (GitHub docs, "Variables reference").
 * Matched with a leading `${{ }}` lower-cased, so its names are written in lower case here.
 */
const WORKSPACE = /^(?:\$\{\{\s*github\.workspace\s*\}\}|\$\{\{\s*env\.github_workspace\s*\}\}|\$GITHUB_WORKSPACE\b|\$\{GITHUB_WORKSPACE\})\/?/;

/**
 * Resolves `path`, as a step writes it, against the directory `cwd` (repository-relative, `''` for
 * the root) into a repository-relative POSIX path (`./app/../Dockerfile` → `Dockerfile`, `''`
 * for the root itself). A path that leaves the workspace or is absolute elsewhere is returned as
 * written; one that holds a variable keeps it, so it can never match a file by accident.
 */
export function workspacePath(cwd: string, path: string): string {
  // GitHub reads expression names case-insensitively: `${{ GITHUB.WORKSPACE }}` is the workspace.
  const fromRoot = afterWorkspace(path);
  const relative = fromRoot ?? path;
  if (fromRoot === undefined && relative.startsWith('/')) return path;
  const joined = posix.normalize(posix.join(fromRoot !== undefined ? '' : cwd, relative || '.'));
  if (joined === '..' || joined.startsWith('../')) return path;
  const trimmed = joined.replace(/\/+$/, '');
  return trimmed === '.' ? '' : trimmed;
}

/** What follows a workspace prefix written as a variable (`${{ github.workspace }}/x` is `x`), or undefined without one. */
export function afterWorkspace(path: string): string | undefined {
  const workspace = WORKSPACE.exec(path.replace(/^\$\{\{[^}]*\}\}/, (expression) => expression.toLowerCase()));
  return workspace ? path.slice(workspace[0].length) : undefined;
}

/** `dir` + `/` + `name`, for a repository-relative directory that may be the root (`''`). */
export function inDirectory(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/**
 * Absolute, climbing out of the scanned folder (`../x`), or under a folder of the runner that is
 * never the workspace (`$RUNNER_TEMP/x`, `$HOME/x`, `~/x`): not a file of the repository, whatever
 * variables follow (`/tmp/$X/stack.yml`). `$GITHUB_WORKSPACE/x` was already read as `x`.
 */
export function outsideWorkspace(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path === '..' || path.startsWith('../') || path === '~' || path.startsWith('~/') || /^\$(?:\{(?:RUNNER_TEMP|RUNNER_TOOL_CACHE|HOME)\}|(?:RUNNER_TEMP|RUNNER_TOOL_CACHE|HOME)(?![A-Za-z0-9_]))/.test(path);
}

/**
 * A repository-relative path the scan can read: not empty, with no variable left in it, and not
 * outside the workspace (`outsideWorkspace`). What workflows and Compose files name is read only
 * when it is one; the rest is unknown or reported as outside.
 */
export function knownRepositoryPath(path: string): boolean {
  return path !== '' && !path.includes('$') && !outsideWorkspace(path);
}
