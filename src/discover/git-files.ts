import { isUtf8 } from 'node:buffer';
import { spawn } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Notice } from '../core/notice.js';
import type { Candidate } from './candidate.js';
import { classify } from './classify.js';
import { inSkippedFolder, linkNotice, refusal, resolveLink } from './refusal.js';

/**
 * What git says about a folder: not in a work tree at all (`none`); the files it lists; only the
 * tracked ones, when listing the untracked ones ran out of time (`tracked`); or why it could not
 * list them (git missing, a repository it refuses to read).
 */
export type GitListing =
  | { kind: 'none' }
  | { kind: 'listed'; paths: Buffer[] }
  | { kind: 'tracked'; paths: Buffer[]; why: string }
  | { kind: 'failed'; why: string };

/**
 * How long git may take to list a work tree. git's own pattern matcher backtracks: with
 * `**\/a/**\/a/…/b` (8 globstars) in a `.gitignore`, listing one untracked file 48 folders deep
 * took 26 s, and the time grows with the sixth power of the depth (measured, git 2.39). Listing
 * tracked files alone matches no pattern and takes milliseconds on any real repository.
 */
export const GIT_LIST_TIMEOUT_MS = 15_000;

/**
 * The files git tracks under `root` plus the untracked ones it does not ignore
 * (`git ls-files -z --cached --others --exclude-standard`), relative to `root`, which may be a
 * sub-folder of the repository. So a `.gitignore` never hides a committed file (a pull request
 * cannot add one that covers its own compose file, and a force-added override file is read), and
 * the ignore rules are git's own, `.git/info/exclude` included. When that runs out of time, the
 * tracked files alone (`--cached`), and the caller finds the untracked ones itself.
 *
 * git runs with the repository's fsmonitor hook off and without prompts or optional locks, as in
 * `src/discover/git-source.ts`. The output is read whole, without a size cap: a cap would cut the list.
 * Paths stay bytes here: a name that is not UTF-8 is reported, not silently lost.
 */
export async function listGitFiles(root: string, realRoot: string, git = 'git', timeoutMs = GIT_LIST_TIMEOUT_MS): Promise<GitListing> {
  if (!(await insideGitMarker(realRoot))) return { kind: 'none' };
  const all = await runGit(git, root, ['--cached', '--others', '--exclude-standard'], timeoutMs);
  if ('paths' in all) return { kind: 'listed', paths: all.paths };
  if (!all.timedOut) return { kind: 'failed', why: all.why };
  const tracked = await runGit(git, root, ['--cached'], timeoutMs);
  if ('paths' in tracked) return { kind: 'tracked', paths: tracked.paths, why: all.why };
  return { kind: 'failed', why: tracked.why };
}

type GitRun = { paths: Buffer[] } | { why: string; timedOut: boolean };

function runGit(git: string, root: string, listArgs: string[], timeoutMs: number): Promise<GitRun> {
  const args = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-C', root, 'ls-files', '-z', ...listArgs];
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(git, args, {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      });
    } catch (error) {
      // Node's permission model (`node --permission` without `--allow-child-process`) refuses to
      // start any program, and says so by throwing here rather than by an `error` event.
      resolve({ timedOut: false, why: `git could not start (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      return;
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ timedOut: false, why: error.code === 'ENOENT' ? 'git is not installed' : `git could not start (${error.code ?? error.message})` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ timedOut, why: `git ls-files took over ${timeoutMs / 1000} s` });
      // git's own message is not repeated: it can quote configuration values.
      else if (code !== 0) resolve({ timedOut, why: signal ? `git ls-files was stopped (${signal})` : `git ls-files exited with status ${code}` });
      else resolve({ paths: splitNul(Buffer.concat(chunks)) });
    });
  });
}

/** True when the folder or one above it holds `.git` (a folder, or a file for a worktree). */
async function insideGitMarker(realRoot: string): Promise<boolean> {
  for (let folder = realRoot; ; folder = dirname(folder)) {
    if (await lstat(join(folder, '.git')).then(() => true, () => false)) return true;
    if (dirname(folder) === folder) return false;
  }
}

function splitNul(bytes: Buffer): Buffer[] {
  const paths: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0, start); end !== -1; end = bytes.indexOf(0, start)) {
    if (end > start) paths.push(bytes.subarray(start, end));
    start = end + 1;
  }
  if (start < bytes.length) paths.push(bytes.subarray(start));
  return paths;
}

/** Checks each listed path of a kind Containment reads, on disk: links by their real path. */
export async function gitCandidates(root: string, realRoot: string, listed: readonly Buffer[], notices: Notice[]): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const check = async (bytes: Buffer): Promise<void> => {
    const path = bytes.toString('utf8');
    // A nested repository is listed as its folder (`vendor/lib/`); git does not look inside it.
    if (path.endsWith('/') || inSkippedFolder(path)) return;
    const kind = classify(path);
    if (!kind) return;
    if (!isUtf8(bytes)) {
      notices.push({ level: 'warning', path, unread: true, message: `${path} was not read: its name is not valid UTF-8 (shown here with U+FFFD), so it cannot be named in a report. Rename it.` });
      return;
    }
    const absolutePath = join(root, path);
    const info = await lstat(absolutePath).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      // Deleted in the working tree but still in the index: there is nothing to read.
      if (info.code !== 'ENOENT' && info.code !== 'ENOTDIR') notices.push({ level: 'warning', path, unread: true, message: `${path} could not be read (${info.code ?? info.message}); it was not scanned.` });
      return;
    }
    if (info.isFile()) {
      candidates.push({ path, absolutePath, kind, size: info.size, realPath: join(realRoot, path), viaLink: false });
    } else if (info.isSymbolicLink()) {
      const target = await resolveLink(absolutePath);
      if (!target) {
        notices.push({ level: 'notice', path, unread: true, message: `${path} is a symlink that leads nowhere (its target is missing, or links point at each other in a loop); it was not read.` });
        return;
      }
      const why = refusal(realRoot, target.real) ?? (target.isFile ? undefined : 'it leads to something that is not a regular file');
      if (why) notices.push({ ...linkNotice(path, why), unread: true });
      else candidates.push({ path, absolutePath, kind, size: target.size, realPath: target.real, viaLink: true });
    } else if (!info.isDirectory()) {
      // A folder here is a submodule, whose files belong to another repository.
      notices.push({ level: 'warning', path, unread: true, message: `${path} was not read: it is not a regular file.` });
    }
  };
  // lstat in batches: enough in flight to keep the disk busy, never one promise per file at once.
  for (let start = 0; start < listed.length; start += 256) {
    await Promise.all(listed.slice(start, start + 256).map(check));
  }
  return candidates;
}
