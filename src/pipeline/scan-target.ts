import { stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { classify, JUDGED_FILES } from '../discover/classify.js';
import { UsageError } from '../settings/settings.js';

/** What `containment scan PATH` judges: a folder, or one file of a folder. */
export interface ScanTarget {
  /** The folder scanned, absolute. */
  root: string;
  /** When PATH is a file: its path relative to `root`, `/`-separated; only it is reported. */
  file?: string;
}

// A workflow is a workflow only under .github/workflows of the repository it belongs to.
const WORKFLOW_FILE = /^(.*)[\\/]\.github[\\/]workflows[\\/][^\\/]+$/;

/**
 * Resolves a path from the command line. A file is judged as its kind (by its name, as a folder
 * scan would classify it) in its folder, so the facts the folder gives it still apply; a
 * workflow file's folder is its repository (the parent of `.github`). Throws a UsageError for a
 * path that does not exist or a file of a kind Containment does not judge.
 */
export async function scanTarget(path: string): Promise<ScanTarget> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats) throw new UsageError(`${path} does not exist. Pass a folder or a file to scan: containment scan <path>.`);
  if (stats.isDirectory()) return { root: path };
  const root = WORKFLOW_FILE.exec(path)?.[1] ?? dirname(path);
  const file = relative(root, path).split(sep).join('/');
  if (!classify(file)) {
    throw new UsageError(
      `${path} is not named like a file Containment judges on its own; it judges ${JUDGED_FILES}. A Dockerfile under another name is judged when its folder is scanned and a Compose file or workflow there builds it: pass the folder.`,
    );
  }
  return { root, file };
}
