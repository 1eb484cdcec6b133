import type { Changes } from './unified-diff.js';

/**
 * Where a pull request's base revision is read from: the local clone when it has both commits,
 * else GitHub's API. Both answer the same three questions.
 */
export interface RevisionSource {
  /** For messages: `git (abc1234..def5678)`, `GitHub API`. */
  describe: string;
  /** Files the change touches, with the lines it adds (in the head version), deletions and renames. */
  changes(): Promise<Changes>;
  /** A file's text at the base revision; null when it does not exist there. */
  fileAt(path: string): Promise<string | null>;
  /** Every file under a folder at the base revision, repository-relative. */
  listAt(folder: string): Promise<string[]>;
  /** Ends what the source keeps open (a `git cat-file --batch` process). */
  close?(): void;
  /**
   * Where the base's settings (config, custom packs, baseline) are read, when not from `fileAt`:
   * the base branch's own commit. A clone compares with the merge base, where the change starts,
   * which the pull request's author picks by branching from an older commit, so its config may
   * be one the base branch has since made stricter.
   */
  settings?: Pick<RevisionSource, 'fileAt' | 'listAt' | 'close'>;
}
