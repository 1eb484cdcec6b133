import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, type DiscoverOptions, discover } from './discover.js';
import { inSkippedFolder, refusal } from './refusal.js';
import type { FileRead, SourceTree } from './source-tree.js';

/**
 * The files on disk under `root`. Every read resolves the real path first and refuses, with a
 * notice naming the file, anything that is not a regular file inside the root, or that lies in
 * `.git/` or another skipped folder: `actions/checkout` leaves the job's token in `.git/config`,
 * and a pull request can commit a link to it (`svc/.env -> ../.git/config`).
 */
export function workingTree(root: string, options: DiscoverOptions = {}): SourceTree {
  const absoluteRoot = resolve(root);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let realRoot: Promise<string> | undefined;
  const resolvedRoot = (): Promise<string> => {
    realRoot ??= realpath(absoluteRoot);
    return realRoot;
  };
  return {
    describe: 'the working tree',
    files: () => discover(absoluteRoot, options),
    read: async (path) => readInside(resolvedRoot(), absoluteRoot, path, maxBytes),
  };
}

async function readInside(realRootPromise: Promise<string>, root: string, path: string, maxBytes: number): Promise<FileRead> {
  const refused = (why: string): FileRead => ({ refused: { level: 'warning', path, message: `${path} was not read: ${why}.` } });
  if (path.split('/').includes('..') || inSkippedFolder(path)) return refused('its path leaves the scanned folder or enters a skipped folder');
  let real: string;
  try {
    real = await realpath(join(root, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { missing: true } : refused(`it could not be resolved (${code ?? String(error)})`);
  }
  const why = refusal(await realRootPromise, real);
  if (why) return refused(`it is a link and ${why}`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_NONBLOCK: opening a FIFO someone left in the tree must not wait for a writer.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) return refused('it is not a regular file');
    if (info.size > maxBytes) return refused(`it is ${info.size} bytes, over the ${maxBytes}-byte limit for one file`);
    return { text: await handle.readFile('utf8') };
  } catch (error) {
    return refused(`it could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    await handle?.close();
  }
}
