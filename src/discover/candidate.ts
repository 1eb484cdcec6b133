import type { DiscoveredFile } from './discover.js';

/** A file found by git or the walker, before the size limit and de-duplication. */
export interface Candidate extends DiscoveredFile {
  absolutePath: string;
  /** Real path, after every link: one file reached two ways is read once. */
  realPath: string;
  /** Reached through a symlink (the file itself, or a folder above it). */
  viaLink: boolean;
}
