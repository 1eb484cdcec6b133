import type { Notice } from '../core/notice.js';
import type { DiscoveredFile, Discovery } from './discover.js';
import type { HostLink } from './host-link.js';

/**
 * What reading one file gave: its text, or why there is none. `missing` is an ordinary absence
 * (no `.env` beside a Compose file); `refused` is a file Containment must not read (a link into
 * `.git/` or outside the root, a device, a file over the size limit) and carries a notice that
 * names it. A caller treats both as "no text": an unknown value, never a match. A text may come
 * with a `notice` about how it was read (invalid UTF-8, decoded with U+FFFD), and, when it was
 * read through a link (the file, or a folder on its path), `realPath`: where the file really is,
 * relative to the root, with POSIX separators.
 */
export type FileRead = { text: string; notice?: Notice; realPath?: string } | { missing: true } | { refused: Notice };

/**
 * The one way the pipeline reads a repository (DESIGN.md §4, the trust boundary). Every file the
 * scan uses — the discovered files, the `.env` beside a Compose file, `env_file`, `extends` and
 * `include` targets — is read through one tree, so a pull request's base is judged entirely from
 * the base revision and a working-tree read is checked on its real path in one place.
 *
 * Paths are relative to the scan root, with POSIX separators.
 */
export interface SourceTree {
  /** For messages: `the working tree`, `the base revision (git abc1234)`. */
  readonly describe: string;
  /** The files that are judged, sorted by path, and notices for files passed over. */
  files(): Promise<Discovery>;
  /**
   * One file's text. A working tree never throws here; a tree over a pull request's base revision
   * throws when its source (git, GitHub's API) fails, so the comparison ends and fails closed
   * instead of judging the base without that file.
   */
  read(path: string): Promise<FileRead>;
  /**
   * Where a repository path leads on the host through a symbolic link that leaves the repository
   * (see `hostLinkOf`), for a bind mount's relative source: `./sock -> /var/run/docker.sock`
   * mounts the socket. Undefined when the path stays inside, or the tree has no links (an
   * example's files). Synchronous, as a Compose file's mounts are resolved while it is parsed.
   */
  hostLink?(path: string): HostLink | undefined;
}

export type { DiscoveredFile };
