import type { Fix, FixRequest } from './fix.js';
import type { Severity } from './severity.js';
import type { Location, Range } from './source-document.js';

/** Evidence in another place (the Dockerfile whose USER a Compose service inherits). */
export interface RelatedLocation extends Location {
  message: string;
  /**
   * `subject`: where the judged thing (a service, a stage) is defined, when the finding is written
   * in another file — an inherited `privileged: true` lands in the file it is inherited from.
   */
  role?: 'subject';
}

/**
 * A rule message in pieces: the rule's own text (markdown written by the pack's author) and the
 * values filled in from the judged files, so a markdown reporter can render the first and escape
 * only the second.
 */
export type MessagePart = { text: string } | { value: string };

/** One problem, located. Plain data: every reporter is a pure function of a list of these. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** The rule's title, for annotation titles and tables. */
  title: string;
  message: string;
  /** `message` as template text and file values, when a rule's template made it (absent for problems). */
  messageParts?: MessagePart[];
  path: string;
  /** JSON Pointer into the document's source model. */
  pointer: string;
  range: Range;
  /**
   * Stable identity: a hash of the rule, the path and a logical pointer (subject name and the
   * path inside its value), never the line, so it survives edits above the finding.
   */
  fingerprint: string;
  related: RelatedLocation[];
  /** The edit that makes this finding go away, when its rule declares a fix and one applies here. */
  fix?: Fix;
  /** A fix that needs a registry's or GitHub's answer (`containment fix --resolve` asks). */
  fixRequest?: FixRequest;
  /**
   * Why a rule that declares a fix has none here ("the key comes from an anchor shared by other
   * services", "the registry did not answer"), so a reviewer is told instead of left guessing.
   */
  fixNote?: string;
  /**
   * On a pull request: `new` when the base revision did not have it, `existing` when it did.
   * Absent outside pull requests.
   */
  novelty?: 'new' | 'existing';
  /** On a pull request: the finding starts on a line the change adds. */
  onChangedLine?: boolean;
  /**
   * On a pull request: the fix replaces only lines the change adds, so a review suggestion on the
   * pull request can carry it (GitHub accepts suggestions on lines of the diff only).
   */
  fixOnAddedLines?: boolean;
  /** On a pull request: the finding is in a file the change touches. */
  inChangedFile?: boolean;
}
