import { realpath, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';

/** Folders never worth reading: git's own data (the job's token lives in `.git/config`) and installed dependencies. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

/**
 * Why a real path may not be read, or undefined when it may: it lies outside the scanned folder's
 * real path, or inside a skipped folder. Checked on the real path, after every link is resolved,
 * so a link cannot reach what its own path would not (`svc/.env -> ../.git/config`).
 */
export function refusal(realRoot: string, real: string): string | undefined {
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return 'it leads outside the scanned folder';
  const parts = relative(realRoot, real).split(sep);
  const skipped = parts.find((part) => SKIPPED_FOLDERS.has(part));
  if (skipped) return `it leads into ${skipped}/, which is never read`;
  return undefined;
}

/** True when a repository-relative path names something in a skipped folder. */
export function inSkippedFolder(path: string): boolean {
  return path.split('/').some((part) => SKIPPED_FOLDERS.has(part));
}

/** Where a link leads, or undefined when it leads nowhere (a missing target, a loop of links). */
export async function resolveLink(absolutePath: string): Promise<{ real: string; isDirectory: boolean; isFile: boolean; size: number } | undefined> {
  try {
    const real = await realpath(absolutePath);
    const stats = await stat(real);
    return { real, isDirectory: stats.isDirectory(), isFile: stats.isFile(), size: stats.size };
  } catch {
    return undefined;
  }
}

/** The notice for a link that is not followed, naming the link (never its target). */
export function linkNotice(path: string, why: string): { level: 'notice'; path: string; message: string } {
  return { level: 'notice', path, message: `${path} is a symlink and ${why}; it was not read.` };
}
