import { posix } from 'node:path';

/**
 * A bind mount's host path as the Docker daemon resolves it: an absolute POSIX path is cleaned
 * like Go's `filepath.Clean` (the daemon's `volume/mounts` parser cleans every bind source), so
 * `//var/run/./docker.sock`, `/var/run/docker.sock/` and `/var/lib/../run/docker.sock` are the
 * socket they name. `/var/run` itself stays distinct from `/run` (a link to it on current
 * distributions); the rules' path lists name both. Relative paths, `~` and Windows paths are
 * returned unchanged: Compose resolves those against the project folder, not the host root.
 */
export function cleanHostPath(path: string): string {
  if (!path.startsWith('/')) return path;
  const cleaned = posix.normalize(path).replace(/^\/+/, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/+$/, '') : cleaned;
}
