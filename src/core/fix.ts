import type { Range } from './source-document.js';

/**
 * One replacement of source text: `range` (1-based, end exclusive; an empty range is an insertion)
 * becomes `text`. Edits of one fix are in the finding's own file and never overlap.
 */
export interface TextEdit {
  range: Range;
  text: string;
}

/**
 * `safe`: the file means the same to Docker or GitHub after the edit, only written better.
 * `changes-behaviour`: the container, image or workflow behaves differently (a dropped capability,
 * a read-only root filesystem, a port no longer reachable from the network): a reviewer must check it.
 */
export type FixLabel = 'safe' | 'changes-behaviour';

/** A change that makes a finding go away, computed from the same located facts as the finding. */
export interface Fix {
  label: FixLabel;
  /** What the edit does, in one short sentence ("Add `cap_drop: [ALL]` to web."). */
  description: string;
  /** What the reviewer must check before accepting it, in one sentence. */
  check: string;
  edits: TextEdit[];
  /**
   * The same change as whole lines: lines `start`..`end` (1-based, inclusive) of the file become
   * `text` (no final line break). What a pull-request suggestion block holds, which replaces lines.
   */
  lines: { start: number; end: number; text: string };
}
