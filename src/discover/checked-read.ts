import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { SKIPPED_FOLDERS } from './discover.js';

/** What reading a settings file gave: its text, or why not (a sentence naming the file). */
export type CheckedRead = { text: string } | { missing: true } | { refused: string };

/**
 * Reads a file that decides how the scan judges (the config file, a custom pack's rule, the
 * baseline) on its real path. Inside `root`, a file that is — or is reached through a link to —
 * something in `.git/` or another skipped folder, or that is not a regular file, is refused: a
 * repository can commit `.github/containment.yml -> ../.git/config`, and a config error would then
 * quote the job token that `actions/checkout` keeps there. A path outside `root` was named
 * explicitly by the user (`--config /etc/team/containment.yml`) and is read as given; the Action
 * checks its inputs against the workspace before they get here. Synchronous, because config
 * loading is.
 */
export function readCheckedSync(root: string, file: string, maxBytes = 1024 * 1024): CheckedRead {
  const absolute = resolve(root, file);
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(absolute);
    realRoot = realpathSync(resolve(root));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { refused: `${file} could not be resolved (${code ?? String(error)})` };
  }
  const written = relative(resolve(root), absolute);
  const writtenInside = !written.startsWith('..') && !written.startsWith(sep);
  if (writtenInside) {
    const inside = real === realRoot || real.startsWith(realRoot + sep);
    if (!inside) return { refused: `${file} is a link that leads outside the repository` };
    const skipped = relative(realRoot, real).split(sep).find((part) => SKIPPED_FOLDERS.has(part));
    if (skipped) return { refused: `${file} leads into ${skipped}/, which is never read` };
  }
  let fd: number | undefined;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { refused: `${file} is not a regular file` };
    if (info.size > maxBytes) return { refused: `${file} is ${info.size} bytes, over the ${maxBytes}-byte limit` };
    return { text: readFileSync(fd, 'utf8') };
  } catch (error) {
    return { refused: `${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
