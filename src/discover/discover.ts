import { realpath } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { Notice } from '../core/notice.js';
import type { DocumentKind } from '../core/source-document.js';
import type { Candidate } from './candidate.js';
import { type GitListing, gitCandidates, listGitFiles } from './git-files.js';
import { inSkippedFolder } from './refusal.js';
import { walk } from './walk.js';

export { SKIPPED_FOLDERS } from './refusal.js';

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
  /**
   * The repository the scanned folder belongs to, when only a folder of it is scanned (the
   * Action's `path:`): a link from the folder into the rest of the repository leads to the
   * repository's own files, not to the host's (`SourceTree.hostLink`).
   */
  repositoryRoot?: string;
  /**
   * The git program that lists a work tree's files (default `git`, found on PATH); `false` never
   * asks git and walks the folder. Tests point it at a missing program to take the fallback.
   */
  git?: string | false;
  /** How long git may take to list the files (default `GIT_LIST_TIMEOUT_MS`); for tests. */
  gitTimeoutMs?: number;
}

export interface Discovery {
  /** Sorted by path. */
  files: DiscoveredFile[];
  notices: Notice[];
  /**
   * The `.env` files found, sorted: one may set `COMPOSE_FILE`, which makes `docker compose` in
   * that folder load files of any name, even where no file is named like a Compose file.
   */
  envFiles?: string[];
}

/**
 * Compose files and Dockerfiles are small; a megabyte of YAML is generated or vendored, and
 * parsing it would cost more than it tells a reviewer.
 */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/**
 * Finds the files under `root` that Containment judges (README, "Which files are judged"):
 * - in a git work tree, the files git lists (tracked, plus untracked ones git does not ignore);
 * - in a plain folder, every file the walker finds, less those the `.gitignore` files ignore;
 * - in a work tree git cannot list (git missing, a repository git refuses), every file: a
 *   `.gitignore` there could hide a committed file, so it is not applied (a notice says why).
 * Links are followed only to regular files (and, outside git, folders) whose real path stays inside
 * the root and out of `.git/` and `node_modules/`; any other link is named in a notice.
 */
export async function discover(root: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const absoluteRoot = resolve(root);
  const realRoot = await realpath(absoluteRoot);
  const notices: Notice[] = [];
  const listing = options.git === false ? ({ kind: 'none' } as const) : await listGitFiles(absoluteRoot, realRoot, options.git, options.gitTimeoutMs);
  const envFiles: string[] = [];
  const candidates = await candidatesFrom(listing, absoluteRoot, realRoot, maxFileBytes, notices, envFiles);
  if ('paths' in listing) {
    for (const bytes of listing.paths) {
      const path = bytes.toString('utf8');
      if (path.endsWith('.env') && posix.basename(path) === '.env' && !inSkippedFolder(path)) envFiles.push(path);
    }
  }

  const files: DiscoveredFile[] = [];
  const kept: Candidate[] = [];
  for (const candidate of uniqueByRealPath(candidates)) {
    const file: DiscoveredFile = { path: candidate.path, kind: candidate.kind, size: candidate.size };
    if (file.size > maxFileBytes) {
      notices.push({
        level: 'warning',
        path: file.path,
        unread: true,
        message: `${file.path} was not scanned: it is ${formatBytes(file.size)}, over the ${formatBytes(maxFileBytes)} limit for one file.`,
      });
    } else {
      files.push(file);
      kept.push(candidate);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The walker and git can both name one link when git listed only the tracked files.
  const said = new Set<string>();
  const unique = notices.filter((notice) => {
    const key = `${notice.path ?? ''}\0${notice.message}`;
    if (said.has(key)) return false;
    said.add(key);
    return true;
  });
  unique.sort((a, b) => ((a.path ?? '') < (b.path ?? '') ? -1 : (a.path ?? '') > (b.path ?? '') ? 1 : 0));
  return { files, notices: unique, envFiles: [...new Set(envFiles)].sort() };
}


/** The files found by git, the walker, or both, as the listing allows (see `discover`). */
async function candidatesFrom(listing: GitListing, absoluteRoot: string, realRoot: string, maxFileBytes: number, notices: Notice[], envFiles: string[]): Promise<Candidate[]> {
  if (listing.kind === 'listed' && listing.paths.length === 0) {
    // Nothing tracked and nothing git would add: the folder was asked for by name but is ignored
    // by a .gitignore above it (a build output, a scratch copy). Judge what is there, and say why.
    const walked = await walk(absoluteRoot, { gitignore: true, maxIgnoreBytes: maxFileBytes, envFiles }, notices);
    if (walked.length > 0) {
      notices.push({
        level: 'notice',
        message: 'git lists no file in this folder (a .gitignore above it ignores it, and nothing in it is committed), so its files were found by walking it.',
      });
    }
    return walked;
  }
  if (listing.kind === 'listed') return gitCandidates(absoluteRoot, realRoot, listing.paths, notices);
  if (listing.kind === 'tracked') {
    // The tracked files from git, the rest from the walker with the linear-time ignore matcher:
    // a committed file is still never hidden, and a pattern git backtracks on cannot hang the scan.
    notices.push({
      level: 'warning',
      message: `git could not list the untracked files in time (${listing.why}; a .gitignore pattern with many ** does that on deep folders), so untracked files were found by Containment's own .gitignore matcher; every tracked file was read.`,
    });
    return [
      ...(await gitCandidates(absoluteRoot, realRoot, listing.paths, notices)),
      ...(await walk(absoluteRoot, { gitignore: true, maxIgnoreBytes: maxFileBytes, envFiles }, notices)),
    ];
  }
  if (listing.kind === 'failed') {
    notices.push({
      level: 'warning',
      message: `This folder is in a git repository, but git could not list its files (${listing.why}), so every file was read and no .gitignore was applied: without git a committed file cannot be told from an ignored one.`,
    });
  }
  return walk(absoluteRoot, { gitignore: listing.kind === 'none', maxIgnoreBytes: maxFileBytes, envFiles }, notices);
}

/**
 * One file per real file: its own path when listed directly, else the first link's path. A Compose
 * file is one per real file *and folder*: `docker compose` run in `ops/` through `ops/compose.yaml
 * -> ../compose.yaml` reads `ops/.env` and resolves `include:` from `ops/` (compose-go does not
 * resolve the link for the working directory), so each folder it is linked into is judged on its own.
 */
function uniqueByRealPath(candidates: Candidate[]): Candidate[] {
  const byReal = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const key = candidate.kind === 'compose' ? `${candidate.realPath}\0${posix.dirname(candidate.path)}` : candidate.realPath;
    const kept = byReal.get(key);
    if (!kept || (kept.viaLink && !candidate.viaLink)) byReal.set(key, candidate);
  }
  return [...byReal.values()];
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
