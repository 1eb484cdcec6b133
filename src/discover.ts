import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { type IgnoreFile, isIgnored, parseGitignore } from './discover/gitignore.js';
import { classify } from './documents/classify.js';
import type { DocumentKind } from './documents/source-document.js';
import type { Notice } from './engine/scan-result.js';

/** A file Containment will read. */
export interface DiscoveredFile {
  /** Repository-relative, POSIX separators; through a symlink, the link's path. */
  path: string;
  kind: DocumentKind;
  size: number;
}

export interface DiscoverOptions {
  /** Files larger than this are skipped with a notice. Default 1 MiB. */
  maxFileBytes?: number;
}

export interface Discovery {
  /** Sorted by path. */
  files: DiscoveredFile[];
  notices: Notice[];
}

/**
 * Compose files and Dockerfiles are small; a megabyte of YAML is generated or vendored, and
 * parsing it would cost more than it tells a reviewer.
 */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Folders never worth reading: git's own data and installed dependencies. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

interface Folder {
  /** Repository-relative POSIX path, '' for the root. */
  path: string;
  absolutePath: string;
  ignores: IgnoreFile[];
  /** Reached through a symlinked folder. */
  viaLink: boolean;
}

interface Candidate extends DiscoveredFile {
  absolutePath: string;
  realPath: string;
  viaLink: boolean;
}

/**
 * Finds the files under `root` that Containment reads, honouring `.gitignore` files (root and
 * nested). Symlinks are followed only when their target stays inside the root; each real folder
 * is walked once, so a link back up the tree cannot loop and a linked folder is not read twice.
 */
export async function discover(root: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const absoluteRoot = resolve(root);
  const realRoot = await realpath(absoluteRoot);
  const notices: Notice[] = [];
  const candidates: Candidate[] = [];
  const visited = new Set<string>();
  // Linked folders wait until every real folder is walked, so a file is reported under its own
  // path rather than under a link that happens to sort first.
  const linkedFolders: Folder[] = [];

  const inside = (real: string) => real === realRoot || real.startsWith(realRoot + sep);

  const walk = async (folder: Folder, real: string): Promise<void> => {
    if (visited.has(real)) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(folder.absolutePath, { withFileTypes: true });
    } catch (error) {
      // An unreadable folder (permissions) is reported and skipped; the rest is still worth a scan.
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      if (folder.path === '') throw error;
      notices.push({ level: 'warning', path: folder.path, message: `${folder.path} could not be read (${reason}); files in it were not scanned.` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const ignores = await withGitignore(folder, entries);
    for (const entry of entries) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const path = folder.path === '' ? entry.name : `${folder.path}/${entry.name}`;
      const absolutePath = join(folder.absolutePath, entry.name);
      if (entry.isDirectory()) {
        if (isIgnored(ignores, path, true)) continue;
        await walk({ path, absolutePath, ignores, viaLink: folder.viaLink }, join(real, entry.name));
      } else if (entry.isFile()) {
        const kind = classify(path);
        if (kind && !isIgnored(ignores, path, false)) {
          const { size } = await stat(absolutePath);
          candidates.push({ path, absolutePath, kind, size, realPath: join(real, entry.name), viaLink: folder.viaLink });
        }
      } else if (entry.isSymbolicLink()) {
        const target = await resolveLink(absolutePath);
        if (!target) {
          // Broken, or a loop of links: nothing to read, but a file by a scanned name is worth a word.
          if (classify(path) && !isIgnored(ignores, path, false)) {
            notices.push({ level: 'notice', path, message: `${path} is a symlink that leads nowhere (its target is missing, or links point at each other in a loop); it was not read.` });
          }
          continue;
        }
        if (!inside(target.real)) {
          if (target.isDirectory || classify(path)) {
            notices.push({ level: 'notice', path, message: `${path} is a symlink to a location outside the scanned folder; it was not followed.` });
          }
          continue;
        }
        if (target.isDirectory) {
          if (!isIgnored(ignores, path, true)) linkedFolders.push({ path, absolutePath, ignores, viaLink: true });
        } else {
          const kind = classify(path);
          if (kind && !isIgnored(ignores, path, false)) {
            candidates.push({ path, absolutePath, kind, size: target.size, realPath: target.real, viaLink: true });
          }
        }
      }
    }
  };

  await walk({ path: '', absolutePath: absoluteRoot, ignores: [], viaLink: false }, realRoot);
  for (let next = linkedFolders.shift(); next; next = linkedFolders.shift()) {
    const target = await resolveLink(next.absolutePath);
    if (target) await walk(next, target.real);
  }

  const files: DiscoveredFile[] = [];
  for (const candidate of uniqueByRealPath(candidates)) {
    const file: DiscoveredFile = { path: candidate.path, kind: candidate.kind, size: candidate.size };
    if (file.size > maxFileBytes) {
      notices.push({
        level: 'warning',
        path: file.path,
        message: `${file.path} was not scanned: it is ${formatBytes(file.size)}, over the ${formatBytes(maxFileBytes)} limit for one file.`,
      });
    } else {
      files.push(file);
      const encoding = await encodingNotice(file, candidate.absolutePath);
      if (encoding) notices.push(encoding);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  notices.sort((a, b) => ((a.path ?? '') < (b.path ?? '') ? -1 : (a.path ?? '') > (b.path ?? '') ? 1 : 0));
  return { files, notices };
}

/** The folder's own `.gitignore`, if any, added to the rules inherited from its parents. */
async function withGitignore(folder: Folder, entries: Dirent[]): Promise<IgnoreFile[]> {
  if (!entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) return folder.ignores;
  const text = await readFile(join(folder.absolutePath, '.gitignore'), 'utf8');
  return [...folder.ignores, { base: folder.path, rules: parseGitignore(text) }];
}

async function resolveLink(absolutePath: string): Promise<{ real: string; isDirectory: boolean; size: number } | undefined> {
  try {
    const real = await realpath(absolutePath);
    const stats = await stat(real);
    return { real, isDirectory: stats.isDirectory(), size: stats.size };
  } catch {
    return undefined;
  }
}

/** One file per real file: its own path when walked directly, else the first link's path. */
function uniqueByRealPath(candidates: Candidate[]): Candidate[] {
  const byReal = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const kept = byReal.get(candidate.realPath);
    if (!kept || (kept.viaLink && !candidate.viaLink)) byReal.set(candidate.realPath, candidate);
  }
  return [...byReal.values()];
}

/**
 * Files are read as UTF-8, as Compose, BuildKit and GitHub read them; invalid bytes become U+FFFD,
 * so a value holding them may not be what Docker sees. Said once per file. A binary file (NUL
 * bytes) is left to its parser, which reports it as a located problem.
 */
async function encodingNotice(file: DiscoveredFile, absolutePath: string): Promise<Notice | undefined> {
  const bytes = await readFile(absolutePath).catch(() => undefined);
  if (!bytes || isUtf8(bytes) || bytes.includes(0)) return undefined;
  return {
    level: 'warning',
    path: file.path,
    message: `${file.path} is not valid UTF-8: its invalid bytes were read as U+FFFD (�), so a value holding them may not be what Docker reads. Save the file as UTF-8.`,
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

