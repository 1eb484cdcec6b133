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
 * A missing, oversized or refused file reads as no file: its variables stay unknown, which is never
 * a match; a refusal is said as a notice.
 */
export async function readComposeEnv(tree: SourceTree, composePath: string, notices: Notice[]): Promise<ComposeEnvFile | undefined> {
  const folder = composePath.includes('/') ? composePath.slice(0, composePath.lastIndexOf('/') + 1) : '';
  const path = `${folder}.env`;
  const read = await tree.read(path);
  if ('refused' in read) {
    notices.push(read.refused);
    return undefined;
  }
  if ('missing' in read || read.text.length > MAX_ENV_FILE_BYTES) return undefined;
  return { text: read.text, path };
}
