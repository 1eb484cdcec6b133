import type { Notice } from '../core/notice.js';
import type { SourceTree } from '../discover/source-tree.js';
import type { ComposeEnvFile } from './compose-document.js';

/** A `.env` file holds a few variables; anything bigger is not one worth reading. */
export const MAX_ENV_FILE_BYTES = 64 * 1024;

/**
 * Reads the `.env` file beside a Compose file, the one Compose itself reads for interpolation
 * (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file),
 * through the scan's tree: on a pull request's base scan that is the base revision's `.env`, so a
 * pull request cannot change what the base is judged with. `composePath` is repository-relative.
 * A missing file is no file. One that exists but cannot be used (refused, oversized) is said as
 * `unreadable`, and the Compose file is then not judged as if it had no `.env` (the caller reports
 * it as not fully scanned).
 */
export async function readComposeEnv(tree: SourceTree, composePath: string, notices: Notice[]): Promise<ComposeEnvRead> {
  const folder = composePath.includes('/') ? composePath.slice(0, composePath.lastIndexOf('/') + 1) : '';
  const path = `${folder}.env`;
  const read = await tree.read(path);
  if ('refused' in read) {
    notices.push(read.refused);
    return { unreadable: `its .env (${path}) was not read` };
  }
  if ('missing' in read) return {};
  // Present but unreadable is not absent: Compose would read it, so its values are unknown, and
  // `${PRIV:-false}` must not fall back to its default as if there were no .env.
  if (read.text.length > MAX_ENV_FILE_BYTES) return { unreadable: `its .env (${path}) is over the ${MAX_ENV_FILE_BYTES / 1024} KiB Containment reads` };
  return { env: { text: read.text, path } };
}

/** The `.env` beside a Compose file: its text, none, or why one that exists could not be used. */
export interface ComposeEnvRead {
  env?: ComposeEnvFile;
  unreadable?: string;
}
