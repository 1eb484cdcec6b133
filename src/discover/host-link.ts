import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * Where a repository path leads on the host through a symbolic link that leaves the repository:
 * `hostPath` is absolute and resolved as far as this machine's files go (`/run/docker.sock` for a
 * link to `/var/run/docker.sock` where `/var/run -> /run`); `links` are the repository paths of
 * the links followed inside the repository (each may be one a pull request adds or retargets).
 */
export interface HostLink {
  hostPath: string;
  links: string[];
}

/** Links followed at most, as Linux's `MAXSYMLINKS` (40) bounds path resolution. */
const MAX_LINKS = 40;

/**
 * Resolves `path` (relative to `realRoot`, the scanned folder's real, absolute path) one
 * component at a time, as the kernel resolves a bind mount's source when Docker mounts it
 * (https://docs.docker.com/engine/storage/bind-mounts/): a component that is a symbolic link is
 * replaced by its target, and `..` goes up from the folder reached so far, which is not the
 * folder the text names when a link came before it (`e/../x` with `e -> /etc` is `/x`).
 *
 * Returns where the path leads when a link takes it out of `realRoot` and of `insideToo` (the
 * repository, when only a folder of it is scanned); undefined when it stays inside (no link,
 * or links among the repository's own files, even by way of a climb out and back in), when the
 * links loop, or when there is no link at all. Past the last component that exists on this
 * machine, the rest is cleaned as text. A climb above the root resolves on this machine too, so
 * `../../lib` from a scanned sub-folder is the repository's own `lib`.
 */
export function hostLinkOf(realRoot: string, path: string, insideToo?: string): HostLink | undefined {
  // Drive-letter paths (Windows runners) are left alone: Docker Desktop resolves them its own way.
  if (!realRoot.startsWith('/')) return undefined;
  const links: string[] = [];
  const result = resolveReal(realRoot, path, links);
  if (result === undefined || links.length === 0) return undefined;
  if (within(result, realRoot) || (insideToo !== undefined && within(result, insideToo))) return undefined;
  return { hostPath: result, links };
}

/** Whether `path` is `folder` or under it (both absolute, POSIX). */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * `realRoot/path` resolved as the kernel would, links followed with this machine's files; each
 * link met under `realRoot` is added to `links` by its path relative to it. Undefined when the
 * links loop.
 */
function resolveReal(realRoot: string, path: string, links: string[]): string | undefined {
  const done: string[] = realRoot.split('/').filter((part) => part !== '');
  const todo = path.split('/').filter((part) => part !== '' && part !== '.');
  let followed = 0;
  let exists = true;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    done.push(part);
    if (!exists) continue;
    const here = `/${done.join('/')}`;
    let target: string;
    try {
      if (!lstatSync(here).isSymbolicLink()) continue;
      target = readlinkSync(here, 'utf8');
    } catch {
      // Missing here: nothing further can be a link, and the rest is cleaned as text.
      exists = false;
      continue;
    }
    if (++followed > MAX_LINKS) return undefined;
    if (here !== realRoot && within(here, realRoot)) links.push(posix.relative(realRoot, here));
    done.pop();
    if (target.startsWith('/')) done.length = 0;
    todo.unshift(...target.split('/').filter((piece) => piece !== '' && piece !== '.'));
  }
  return `/${done.join('/')}`;
}
