import type { ComposeFileReference } from '../core/compose-model.js';
import type { Notice } from '../core/notice.js';
import type { SourceTree } from '../discover/source-tree.js';
import { MAX_ENV_FILE_BYTES } from '../documents/compose-env-read.js';
import { besideCompose } from '../documents/compose-paths.js';

/** A service's `env_file:` entry: a path as written, where, and whether Compose requires it. */
export type EnvFileReference = ComposeFileReference & { required: boolean };

/**
 * Reads the `env_file:` entries of one Compose file's services through the scan's tree, so they
 * get the refusals every read gets (no links into `.git/` or out of the folder, regular files
 * only) and the `.env` size limit. `texts` holds each file read, by path as written; `failed`
 * says why each other entry could not be read (an optional missing one is neither).
 */
export async function readServiceEnvFiles(
  tree: SourceTree,
  composePath: string,
  entries: readonly EnvFileReference[],
  notices: Notice[],
): Promise<{ texts: Map<string, string>; failed: Array<[EnvFileReference, string]> }> {
  const texts = new Map<string, string>();
  const failed: Array<[EnvFileReference, string]> = [];
  const tried = new Set<string>();
  for (const reference of entries) {
    if (tried.has(reference.written)) continue;
    tried.add(reference.written);
    const why = await readOne(tree, composePath, reference, texts, notices);
    if (why) failed.push([reference, why]);
  }
  return { texts, failed };
}

async function readOne(tree: SourceTree, composePath: string, reference: EnvFileReference, texts: Map<string, string>, notices: Notice[]): Promise<string | undefined> {
  const target = reference.written === '' ? undefined : besideCompose(composePath, reference.written);
  if (target === undefined || target === '') return 'Containment cannot read it: it is not a path inside the scanned folder (absolute, outside the folder, or unknown after interpolation)';
  const got = await tree.read(target);
  if ('missing' in got) return reference.required ? 'it does not exist, so Compose refuses this file' : undefined;
  if ('refused' in got) {
    notices.push(got.refused);
    return 'it is not a file Containment may read (a link into .git/ or out of the folder, or not a regular file)';
  }
  if (got.text.length > MAX_ENV_FILE_BYTES) return `it is over the ${MAX_ENV_FILE_BYTES / 1024} KiB Containment reads`;
  texts.set(reference.written, got.text);
  return undefined;
}
