import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { systemReason } from '../core/system-reason.js';
import { UsageError } from '../settings/settings.js';

/**
 * A report file that cannot be written where it was asked for. It is a usage error: the message
 * names the path and what to write instead; the CLI prints it in one line and exits 2, the Action
 * fails the step with it.
 */
export class OutputFileError extends UsageError {
  override name = 'OutputFileError';
}

/**
 * Folders a report may be written under, and the input that named the file (for the message).
 * On a runner the workspace holds the pull request's files: a pull request can commit
 * `reports -> /etc` or `out.sarif -> ~/.bashrc`, so inside `roots` no link is followed.
 */
export interface Confinement {
  /** Absolute folders (`GITHUB_WORKSPACE`, `RUNNER_TEMP`); the file must be under one of them. */
  roots: readonly string[];
  /** The input that named the file, e.g. `sarif-file`. */
  input: string;
}

/**
 * Writes a report file, creating missing folders.
 *
 * Without `confine` (the CLI, on the user's own machine) the path is used as given. With it (the
 * Action), the path must lie inside one of the roots; every folder between the root and the file
 * must be a real folder (not a symbolic link), created one at a time when missing; the file must
 * not be a link or anything but a regular file, and it is opened with `O_NOFOLLOW`, so a link put
 * there after the check is refused too.
 *
 * @throws OutputFileError naming the path and the reason; never a raw `ENOENT`/`EACCES` stack.
 */
export async function writeOutputFile(path: string, chunks: string | Iterable<string>, confine?: Confinement): Promise<void> {
  const target = resolve(path);
  const content = typeof chunks === 'string' ? chunks : batched(chunks);
  try {
    if (confine === undefined) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
      return;
    }
    await writeConfined(target, content, confine);
  } catch (error) {
    if (error instanceof OutputFileError) throw error;
    throw new OutputFileError(`Could not write ${target}: ${systemReason(error)}.`);
  }
}

async function writeConfined(target: string, content: string | Iterable<string>, confine: Confinement): Promise<void> {
  const root = containingRoot(target, confine.roots);
  if (root === undefined) {
    throw new OutputFileError(`Input '${confine.input}' must name a file inside the workspace or RUNNER_TEMP; ${target} is outside both.`);
  }
  const refuse = (what: string, why: string) =>
    new OutputFileError(
      `Input '${confine.input}': ${what} ${why}, so Containment does not write ${target}: a pull request can commit a link ` +
        'that points anywhere the runner can write. Name a path without links (for example under RUNNER_TEMP).',
    );
  // The root itself is the runner's (its real path may legitimately differ); below it, nothing is a link.
  let folder = await realpath(root);
  const parts = relative(root, target).split(sep);
  const name = parts.pop() ?? '';
  let shown = '';
  for (const part of parts) {
    folder = join(folder, part);
    shown = shown === '' ? part : `${shown}/${part}`;
    const stats = await lstatOrUndefined(folder);
    if (stats === undefined) {
      // One level at a time: a recursive mkdir would follow a link created in between.
      await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      const created = await lstat(folder);
      if (created.isSymbolicLink() || !created.isDirectory()) throw refuse(`'${shown}'`, 'is a symbolic link');
      continue;
    }
    if (stats.isSymbolicLink()) throw refuse(`the folder '${shown}'`, 'is a symbolic link');
    if (!stats.isDirectory()) throw refuse(`'${shown}'`, 'is a file, not a folder');
  }
  const file = join(folder, name);
  const existing = await lstatOrUndefined(file);
  if (existing?.isSymbolicLink()) throw refuse(`the file '${relative(root, target)}'`, 'is a symbolic link');
  if (existing !== undefined && !existing.isFile()) throw refuse(`'${relative(root, target)}'`, 'is not a regular file');
  // O_NOFOLLOW: a link swapped in after the check above makes open fail (ELOOP) instead of following it.
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOOP') throw refuse(`the file '${relative(root, target)}'`, 'is a symbolic link');
      throw error;
    },
  );
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

/** The root the path lies in (the deepest, when one root holds another), lexically. */
export function containingRoot(path: string, roots: readonly string[]): string | undefined {
  const inside = roots.map((root) => resolve(root)).filter((root) => isInside(root, path));
  return inside.sort((a, b) => b.length - a.length)[0];
}

/** True when `path` is `root` or below it, compared lexically on absolute paths. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Characters gathered before one write: each chunk written alone cost one system call per
 * finding. At most 48 Ki, so that a piece stays under 128 KiB even in two-byte characters: V8
 * puts a longer string straight into its old generation (large-object space), where it waits for
 * a full collection. With 256 Ki, the 133 MB JSON report of the corpus x 10 of bench/README.md
 * went there piece by piece and made the scan's peak (issue #17).
 */
const WRITE_BATCH_CHARS = 48 * 1024;

/**
 * The chunks joined into pieces of at most `size` characters (a longer chunk is a piece of its
 * own), in order, none dropped.
 */
export function* batched(chunks: Iterable<string>, size = WRITE_BATCH_CHARS): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    if (length > 0 && length + chunk.length > size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
    pending.push(chunk);
    length += chunk.length;
  }
  if (length > 0) yield pending.join('');
}
