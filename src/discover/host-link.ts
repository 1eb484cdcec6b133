import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * Where a repository path leads on the host through a symbolic link that leaves the repository:
 * `hostPath` is absolute (`/run/docker.sock`); `links` are the repository paths of the links
 * followed inside the repository (each may be one a pull request adds or retargets).
 */
export interface HostLink {
  hostPath: string;
  links: string[];
}

/** Links followed at most, as Linux's `MAXSYMLINKS` (40) bounds path resolution: past it the kernel refuses the path (ELOOP), so nothing is mounted. */
const MAX_LINKS = 40;

/**
 * The links every current Linux host has, by the Filesystem Hierarchy Standard and systemd
 * (`/var/run -> /run`, `/var/lock -> /run/lock`): the host a container runs on is not the machine
 * that scans, so the host's own links are not read from this machine's files (nor `/proc`, whose
 * `self` is the scanning process), only these.
 */
const HOST_LINKS: ReadonlyMap<string, readonly string[]> = new Map([
  ['var/run', ['run']],
  ['var/lock', ['run', 'lock']],
]);

/**
 * Resolves `path` (relative to `realRoot`, the scanned folder's real, absolute path) one
 * component at a time, as the kernel resolves a bind mount's source when Docker mounts it
 * (https://docs.docker.com/engine/storage/bind-mounts/): a component that is a symbolic link of
 * the repository is replaced by its target, and `..` goes up from the folder reached so far, which
 * is not the folder the text names when a link came before it (`e/../x` with `e -> /etc` is `/x`).
 *
 * Inside the repository (`insideToo`, the repository a scanned sub-folder belongs to, else
 * `realRoot`), links are read from the files. A link to an absolute path leads to the host, whose
 * paths are resolved with `HOST_LINKS` only. A climb above the repository leads to a host folder
 * at an unknown depth (the checkout may be anywhere), so what follows the climbs is taken as
 * rooted at `/` (fail closed, as `resolveProjectPath` does for a written `../../x`), unless it
 * names its way back into the repository by this checkout's real path (`../R/s` from
 * `/home/runner/work/R/R`), where it goes on.
 *
 * Past a component missing here (a folder a step or Compose creates), the rest is read as text.
 * Returns where the path leads when a link takes it out of the repository; undefined when it
 * stays inside, when no link is met, or when the links loop.
 */
export function hostLinkOf(realRoot: string, path: string, insideToo?: string): HostLink | undefined {
  // Drive-letter paths (Windows runners) are left alone: Docker Desktop resolves them its own way.
  if (!realRoot.startsWith('/')) return undefined;
  const boundary = parts(insideToo ?? realRoot);
  const inside = (at: readonly string[]): boolean => at.length >= boundary.length && boundary.every((part, index) => at[index] === part);
  let done = parts(realRoot);
  let todo = parts(path);
  const links: string[] = [];
  let onHost = false;
  // Past a component missing here (a folder a step or Compose creates, `gen/../..`), the rest is
  // read as text: the kernel will follow it once that folder exists.
  let missingFrom = Number.POSITIVE_INFINITY;
  let followed = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '..') {
      done.pop();
      // Back above the missing folder (`gen/..`): what follows exists, or not, on its own.
      if (done.length < missingFrom) missingFrom = Number.POSITIVE_INFINITY;
      if (onHost || inside(done)) continue;
      // Above the repository: back in by this checkout's name, or judged as rooted at `/`.
      const back = reentry(done, todo, inside);
      if (back) {
        ({ done, todo } = back);
        continue;
      }
      done = [];
      todo = dropClimbs(todo);
      onHost = true;
      continue;
    }
    done.push(part);
    if (onHost) {
      const host = HOST_LINKS.get(done.join('/'));
      if (host) done = [...host];
      // `/proc/self`, `/proc/<pid>/root`: the rest is judged as written.
      if (done[0] === 'proc') return links.length > 0 ? { hostPath: clean(`/${[...done, ...todo].join('/')}`), links } : undefined;
      // An absolute path back into the checkout (`/home/runner/work/R/R/t`): its links are read again.
      if (inside(done)) onHost = false;
      continue;
    }
    if (done.length >= missingFrom) continue;
    const here = `/${done.join('/')}`;
    let target: string;
    try {
      if (!lstatSync(here).isSymbolicLink()) continue;
      target = readlinkSync(here, 'utf8');
    } catch {
      missingFrom = done.length;
      continue;
    }
    if (++followed > MAX_LINKS) return undefined;
    links.push(posix.relative(`/${boundary.join('/')}`, here));
    done.pop();
    if (target.startsWith('/')) {
      done = [];
      onHost = true;
    }
    todo = [...parts(target), ...todo];
  }
  return onHost && links.length > 0 ? { hostPath: `/${done.join('/')}`, links } : undefined;
}

/**
 * Whether the rest of a path that climbed above the repository (from `done`) names its way back
 * into it, read as text; where it re-enters and what is left to resolve, or undefined.
 */
function reentry(done: readonly string[], todo: readonly string[], inside: (at: readonly string[]) => boolean): { done: string[]; todo: string[] } | undefined {
  const at = [...done];
  for (let index = 0; index < todo.length; index++) {
    const part = todo[index]!;
    if (part === '..') at.pop();
    else at.push(part);
    if (inside(at)) return { done: at, todo: todo.slice(index + 1) };
  }
  return undefined;
}

/** What follows a path's leading climbs (`../../var/run` is `var/run`). */
function dropClimbs(todo: readonly string[]): string[] {
  let index = 0;
  while (todo[index] === '..') index++;
  return todo.slice(index);
}

function parts(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

function clean(path: string): string {
  const cleaned = posix.normalize(path).replace(/^\/+/, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/+$/, '') : cleaned;
}
