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
   * Absent when the lines are longer than a suggestion holds (`MAX_SUGGESTION_CHARS`) or the
   * file's fixes have used their allowance of such text (`suggestionAllowance`, both in
   * src/evaluate/fixes/compute-fix.ts): the fix is still made with `containment fix`, and listed
   * with its edits, but not suggested on a pull request.
   */
  lines?: { start: number; end: number; text: string };
}

/**
 * A fix that needs an answer from a registry or GitHub: what to ask, and where the reference is
 * written. Evaluation makes it from the finding's located facts; `containment fix --resolve`
 * asks, and turns the answer into a `Fix` (or a note saying why there is none).
 */
export interface FixRequest {
  kind: 'image-pin-digest' | 'action-pin-sha';
  label: FixLabel;
  check: string;
  /** The reference as written in the file, and the range of that text. */
  written: string;
  range: Range;
  /** For an image: where the registry is and what to look up. */
  image?: { registry: string; repository: string; tag: string };
  /** For an action: the repository and the tag or branch. */
  action?: { owner: string; repo: string; ref: string };
  /** A `# v4.2.2` comment may follow the pin: nothing else is written after it on its line. */
  trailingComment: boolean;
}
