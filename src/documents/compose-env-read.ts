import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { ComposeEnvFile } from './compose-document.js';

/** A `.env` file holds a few variables; anything bigger is not one worth reading. */
export const MAX_ENV_FILE_BYTES = 64 * 1024;

/**
 * Reads the `.env` file beside a Compose file, the one Compose itself reads for interpolation
 * (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file).
 * `compose` is the Compose file's absolute path and repository-relative POSIX path. A missing,
 * oversized or unreadable file, or a symlink leading outside `root`, reads as no file: its
 * variables stay unknown, which is never a match.
 */
export async function readComposeEnv(root: string, compose: { absolutePath: string; path: string }): Promise<ComposeEnvFile | undefined> {
  const absolute = join(dirname(compose.absolutePath), '.env');
  const folder = compose.path.includes('/') ? compose.path.slice(0, compose.path.lastIndexOf('/') + 1) : '';
  try {
    const link = await lstat(absolute);
    if (link.isSymbolicLink()) {
      const [real, realRoot] = await Promise.all([realpath(absolute), realpath(root)]);
      if (!real.startsWith(realRoot + sep)) return undefined;
    }
    const info = link.isSymbolicLink() ? await stat(absolute) : link;
    if (!info.isFile() || info.size > MAX_ENV_FILE_BYTES) return undefined;
    return { text: await readFile(absolute, 'utf8'), path: `${folder}.env` };
  } catch {
    return undefined;
  }
}
