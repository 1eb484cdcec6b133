import { posix } from 'node:path';
import type { VolumeMount } from './container.js';
import { afterWorkspace } from './workflow-paths.js';

/**
 * A bind mount's host path as the Docker daemon resolves it: an absolute POSIX path is cleaned
 * like Go's `filepath.Clean` (the daemon's `volume/mounts` parser cleans every bind source), so
 * `//var/run/./docker.sock`, `/var/run/docker.sock/` and `/var/lib/../run/docker.sock` are the
 * socket they name. `/var/run` itself stays distinct from `/run` (a link to it on current
 * distributions); the rules' path lists name both. Windows paths are returned unchanged.
 *
 * A home path (`~`, `~/…`, `$HOME/…`, `${HOME}/…`) is cleaned inside the home folder; one that
 * climbs out of it (`~/../../var/run/docker.sock`) reaches a host path whose depth is unknown (a
 * home is `/root` or `/home/<user>`), so it is judged as rooted at `/` (`/var/run/docker.sock`):
 * fail closed.
 *
 * A relative path is resolved only when `projectFolder` (the repository-relative folder that
 * Compose, or `docker run` in a workflow, resolves it against; `''` for the repository root) is
 * given; see {@link resolveProjectPath}. Without it a relative path is returned unchanged, for a
 * later pass that knows the folder.
 */
export function cleanHostPath(path: string, projectFolder?: string): string {
  if (path.startsWith('/')) return cleanAbsolute(path);
  const home = /^(~|\$HOME|\$\{HOME\})(\/|$)/.exec(path);
  if (home) {
    const rest = posix.normalize(`./${path.slice(home[0].length)}`).replace(/\/+$/, '');
    if (rest === '..' || rest.startsWith('../')) return outside(rest);
    return rest === '.' || rest === '' ? '~' : `~/${rest}`;
  }
  if (projectFolder === undefined || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return resolveProjectPath(path, projectFolder);
}

/**
 * A relative bind source resolved against its project folder (repository-relative, `''` for
 * the root), as Compose resolves it (the Compose file's folder) and cleans it. A path that stays
 * inside the repository is returned as written: the repository's own files are not host paths
 * of concern. A path that climbs above the repository root leaves for a folder whose absolute
 * place is unknown (the checkout may be anywhere), so what remains after the climbs is judged as
 * rooted at `/`: `../../../../var/run/docker.sock` is the socket and a bare climb (`../..` past
 * the repository) is the host root `/`. `..` stops at `/` on the host, so however many climbs
 * are written, the remainder is the path rooted there; fail closed.
 */
export function resolveProjectPath(path: string, projectFolder: string): string {
  if (path.startsWith('/') || /^(~|\$\{?HOME\}?)(\/|$)/.test(path)) return cleanHostPath(path);
  const joined = posix.normalize(posix.join(projectFolder || '.', path));
  if (joined === '..' || joined.startsWith('../')) return outside(joined);
  return path;
}

/** The working folder written as a variable at the start of a bind source. */
const WORKING_FOLDER = /^(\$PWD|\$\{PWD\}|\$\(pwd(?: -[LP])?\)|`pwd(?: -[LP])?`)(\/|$)/;

/**
 * A `source_template` (a bind source holding a variable) whose variable is the working folder
 * (`$PWD`, `${PWD}`, `$GITHUB_WORKSPACE`, `${{ github.workspace }}`): the workspace sits at an
 * unknown depth, so the rest is read as relative to the project folder. Returns the resolved host
 * path when the rest climbs out of the repository (or starts at home), else undefined.
 */
export function resolveTemplatePath(template: string, projectFolder: string): string | undefined {
  const home = /^\$\{?HOME\}?(\/|$)/.exec(template);
  const relative = folderRelative(template, projectFolder);
  const rest = relative ? relative.path : home ? `~/${template.slice(home[0].length)}` : undefined;
  if (rest === undefined || rest.includes('$')) return undefined;
  const resolved = cleanHostPath(rest, relative?.folder ?? projectFolder);
  return resolved.startsWith('/') || resolved.startsWith('~') ? resolved : undefined;
}

/**
 * A bind source written from the working folder (`$PWD/x`, `$(pwd)/x`: relative to
 * `projectFolder`, where the command runs) or from the workspace (`$GITHUB_WORKSPACE/x`,
 * `${{ github.workspace }}/x`: relative to the repository's root) as `./x` and the folder it is
 * relative to; undefined for any other.
 */
function folderRelative(template: string, projectFolder: string): { path: string; folder: string } | undefined {
  const work = WORKING_FOLDER.exec(template);
  if (work) return { path: `./${template.slice(work[0].length)}`, folder: projectFolder };
  // The workspace is the repository's root, wherever the step runs.
  const rest = afterWorkspace(template);
  return rest !== undefined ? { path: `./${rest}`, folder: '' } : undefined;
}

function outside(climbing: string): string {
  return cleanAbsolute(`/${climbing.replace(/^(\.\.(\/|$))+/, '')}`);
}

function cleanAbsolute(path: string): string {
  const cleaned = posix.normalize(path).replace(/^\/+/, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/+$/, '') : cleaned;
}

/**
 * Resolves a bind mount's host path in place against its project folder: a relative `source`
 * that leaves the repository, and a `source_template` that starts at the working folder or home
 * and climbs out, become the absolute `source` they may reach (see {@link resolveProjectPath}).
 */
export function resolveBindSource(mount: VolumeMount, projectFolder: string): void {
  if (mount.type !== 'bind') return;
  if (mount.source !== undefined) mount.source = resolveProjectPath(mount.source, projectFolder);
  else if (mount.source_template !== undefined) {
    const resolved = resolveTemplatePath(mount.source_template, projectFolder);
    if (resolved !== undefined) mount.source = resolved;
  }
}

/**
 * A bind mount whose relative source stays inside the repository (as `resolveBindSource` leaves
 * it) but leads out through a committed symbolic link: Docker mounts what the link leads to, so
 * `source` becomes that host path (`./sock` with `sock -> /var/run/docker.sock` mounts the socket)
 * and `linked_from` keeps the path as written. `hostLink` answers for repository-relative paths
 * (`SourceTree.hostLink`); `otherFolders` are other folders the command may run in.
 */
export function followHostLink(mount: VolumeMount, projectFolder: string, hostLink: (path: string) => { hostPath: string } | undefined, otherFolders: readonly string[] = []): void {
  if (mount.type !== 'bind') return;
  // `$PWD/sock` is the working folder's `./sock`; `${{ github.workspace }}/sock`, the root's.
  const relative = mount.source === undefined && mount.source_template !== undefined ? folderRelative(mount.source_template, projectFolder) : undefined;
  const source = mount.source ?? relative?.path;
  if (source === undefined || source.includes('$') || source.startsWith('/') || source.startsWith('~') || /^[A-Za-z]:[\\/]/.test(source)) return;
  const folder = relative?.folder ?? projectFolder;
  // Where the command runs may be known wrongly (`popd`, a subshell) or not at all (`cd -`,
  // `cd "$X"`): the folders it may be (`otherFolders`) and the repository's root are tried too,
  // so a link there is not missed (fail closed).
  const folders = relative?.folder === '' ? [''] : [...new Set([folder, ...otherFolders, ''])];
  let leads: { hostPath: string } | undefined;
  for (const candidate of folders) {
    leads = leadsOut(source, candidate, hostLink);
    if (leads) break;
  }
  if (!leads) return;
  mount.linked_from = mount.source_template ?? source;
  mount.source = leads.hostPath;
  delete mount.source_template;
}

function leadsOut(source: string, folder: string, hostLink: (path: string) => { hostPath: string } | undefined): { hostPath: string } | undefined {
  if (folder.includes('$')) return undefined;
  const inRepository = posix.normalize(posix.join(folder || '.', source));
  if (inRepository === '.' || inRepository === '..' || inRepository.startsWith('../')) return undefined;
  return hostLink(inRepository);
}
