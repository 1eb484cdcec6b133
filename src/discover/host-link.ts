import { lstatSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * Where a repository path leads on the host through a symbolic link that leaves the repository:
 * `hostPath` is absolute, cleaned (`/var/run/docker.sock`); `links` are the repository paths of
 * every link followed on the way (each may be one a pull request adds or retargets).
 */
export interface HostLink {
  hostPath: string;
  links: string[];
}

/** Links followed at most, as Linux's `MAXSYMLINKS` (40) bounds path resolution. */
const MAX_LINKS = 40;

/**
 * Resolves `path` (repository-relative, POSIX, already cleaned, not climbing out) under
 * `realRoot` (the repository's real, absolute folder) one component at a time, as the kernel
 * resolves a bind mount's source when Docker mounts it (https://docs.docker.com/engine/storage/bind-mounts/):
 * a component that is a symbolic link is replaced by its target. Returns where the path leads
 * once a link takes it out of the repository; undefined when it stays inside (no link, or links
 * among the repository's own files), when a component is missing (Docker then creates a folder
 * there), or when the links loop.
 *
 * A link whose target is absolute leads to that host path; a relative target that climbs above
 * the repository leads to a host folder at an unknown depth (the checkout may be anywhere), so
 * what remains after the climbs is taken as rooted at `/`, as `resolveProjectPath` does for a
 * written `../../var/run/docker.sock`: fail closed.
 */
export function hostLinkOf(realRoot: string, path: string): HostLink | undefined {
  let parts = path.split('/').filter((part) => part !== '' && part !== '.');
  const links: string[] = [];
  let index = 0;
  while (index < parts.length) {
    const here = parts.slice(0, index + 1).join('/');
    let target: string;
    try {
      if (!lstatSync(join(realRoot, here)).isSymbolicLink()) {
        index++;
        continue;
      }
      target = readlinkSync(join(realRoot, here), 'utf8');
    } catch {
      return undefined;
    }
    links.push(here);
    if (links.length > MAX_LINKS) return undefined;
    const rest = parts.slice(index + 1).join('/');
    if (target.startsWith('/')) return { hostPath: clean(posix.join(target, rest)), links };
    const inside = posix.normalize(posix.join(posix.dirname(here), target, rest));
    if (inside === '..' || inside.startsWith('../')) return { hostPath: clean(`/${inside.replace(/^(\.\.(\/|$))+/, '')}`), links };
    // Inside the repository again: resolve the new path from its start, as the kernel does.
    parts = inside.split('/').filter((part) => part !== '' && part !== '.');
    index = 0;
  }
  return undefined;
}

function clean(path: string): string {
  const cleaned = posix.normalize(path).replace(/^\/+/, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/+$/, '') : cleaned;
}
