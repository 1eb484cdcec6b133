import { posix } from 'node:path';

/**
 * A path written in a Compose file, as a repository-relative path: relative to the file's folder,
 * or `undefined` when it is absolute, a URL, or leaves the repository.
 */
export function besideCompose(composePath: string, written: string): string | undefined {
  if (written === '' || posix.isAbsolute(written) || /^[A-Za-z]:[\\/]/.test(written) || /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(written)) return undefined;
  const resolved = posix.normalize(posix.join(posix.dirname(composePath), written.replace(/\\/g, '/')));
  if (resolved === '..' || resolved.startsWith('../')) return undefined;
  return resolved === '.' ? '' : resolved.replace(/\/$/, '');
}
