import { isUtf8 } from 'node:buffer';
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, type DiscoverOptions, discover } from './discover.js';
import { hostLinkOf } from './host-link.js';
import { inSkippedFolder, refusal } from './refusal.js';
import type { FileRead, SourceTree } from './source-tree.js';

/**
 * The files on disk under `root`. Every read resolves the real path first and refuses, with a
 * notice naming the file, anything that is not a regular file inside the root, or that lies in
 * `.git/` or another skipped folder: `actions/checkout` leaves the job's token in `.git/config`,
 * and a pull request can commit a link to it (`svc/.env -> ../.git/config`).
 *
 * A file's folder is resolved once (cached) and the file opened in it with `O_NOFOLLOW`: a file
 * that is itself a link fails that open with ELOOP and is resolved in full, so every link is
 * still judged by where it leads, at one `realpath` per folder instead of one per file. Reads are
 * synchronous: for small files the thread pool's round trips cost more than the reads
 * (measured on 1,136 real files, bench/README.md).
 *
 * Files are read as UTF-8, as Compose, BuildKit and GitHub read them; invalid bytes become U+FFFD,
 * so a value holding them may not be what Docker sees: the read carries a notice naming the file.
 * A binary file (NUL bytes) is left to its parser, which reports it as a located problem.
 */
export function workingTree(root: string, options: DiscoverOptions = {}): SourceTree {
  const absoluteRoot = resolve(root);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const folders = new Map<string, string | NodeJS.ErrnoException>();
  const realFolder = (folder: string): string | NodeJS.ErrnoException => {
    let real = folders.get(folder);
    if (real === undefined) {
      try {
        real = realpathSync(folder);
      } catch (error) {
        real = error as NodeJS.ErrnoException;
      }
      folders.set(folder, real);
    }
    return real;
  };
  let repository: string | NodeJS.ErrnoException | false | undefined;
  return {
    describe: 'the working tree',
    files: () => discover(absoluteRoot, options),
    read: async (path) => readInside(realFolder, absoluteRoot, path, maxBytes),
    hostLink: (path) => {
      const realRoot = realFolder(absoluteRoot);
      if (typeof realRoot !== 'string') return undefined;
      repository ??= options.repositoryRoot === undefined ? gitRepositoryOf(realRoot) : realFolder(resolve(options.repositoryRoot));
      return hostLinkOf(realRoot, path, typeof repository === 'string' ? repository : undefined);
    },
  };
}

function readInside(realFolder: (folder: string) => string | NodeJS.ErrnoException, root: string, path: string, maxBytes: number): FileRead {
  const refused = (why: string): FileRead => ({ refused: { level: 'warning', path, message: `${path} was not read: ${why}.` } });
  const unresolved = (error: NodeJS.ErrnoException): FileRead =>
    error.code === 'ENOENT' || error.code === 'ENOTDIR' ? { missing: true } : refused(`it could not be resolved (${error.code ?? String(error)})`);
  // An absolute path names a file outside the folder, never one under it (`-f /tmp/df` is not `tmp/df`).
  if (isAbsolute(path) || path.split('/').includes('..') || inSkippedFolder(path)) return refused('its path leaves the scanned folder or enters a skipped folder');
  const realRoot = realFolder(root);
  if (typeof realRoot !== 'string') return unresolved(realRoot);
  const absolute = join(root, path);
  const folder = realFolder(dirname(absolute));
  if (typeof folder !== 'string') return unresolved(folder);
  let real = join(folder, basename(absolute));
  const folderWhy = refusal(realRoot, folder);
  if (folderWhy) return refused(`it is in a linked folder and ${folderWhy}`);
  let fd: number | undefined;
  try {
    try {
      // O_NONBLOCK: opening a FIFO someone left in the tree must not wait for a writer.
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOOP' && code !== 'EMLINK') return unresolved(error as NodeJS.ErrnoException);
      // The file is a link: judged by where it leads, as every link is.
      try {
        real = realpathSync(absolute);
      } catch (linkError) {
        return unresolved(linkError as NodeJS.ErrnoException);
      }
      const why = refusal(realRoot, real);
      if (why) return refused(`it is a link and ${why}`);
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    }
    const info = fstatSync(fd);
    if (!info.isFile()) return refused('it is not a regular file');
    if (info.size > maxBytes) return refused(`it is ${info.size} bytes, over the ${maxBytes}-byte limit for one file`);
    const bytes = readFileSync(fd);
    const text = bytes.toString('utf8');
    // Through a link, the file's own path in the tree: a pull request's base is read there (base-tree.ts).
    const linked = real === join(realRoot, path) ? undefined : relative(realRoot, real).split(sep).join('/');
    // Checked on the bytes read for the scan, not in a pass of its own: that pass read every file
    // twice (1.2 s of idle waiting on the thread pool at 10,930 files).
    if (isUtf8(bytes) || bytes.includes(0)) return linked === undefined ? { text } : { text, realPath: linked };
    return { text, ...(linked === undefined ? {} : { realPath: linked }), notice: { level: 'warning', path, message: `${path} is not valid UTF-8: its invalid bytes were read as U+FFFD (\uFFFD), so a value holding them may not be what Docker reads. Save the file as UTF-8.` } };
  } catch (error) {
    return refused(`it could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The git repository a folder belongs to (the nearest folder above it, itself included, that holds
 * `.git`), for a scan of a sub-folder from the command line: a link from the folder into the rest
 * of the repository leads to the repository's own files. False outside a repository.
 */
function gitRepositoryOf(realFolder: string): string | false {
  for (let folder = realFolder; ; folder = dirname(folder)) {
    if (existsSync(join(folder, '.git'))) return folder;
    if (dirname(folder) === folder) return false;
  }
}
