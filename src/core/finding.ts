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
export type MessagePart = { text: string } | { value: string; whole?: string };

/**
 * The `related` of a finding without evidence elsewhere, as most are: one frozen empty list for
 * all of them, not an empty array each. With the related places' ranges shared (`sharedRange`),
 * what `related` holds for the 136,660 findings of the corpus x 10 of bench/README.md fell from
 * 5.7 to 0.9 MB (issue #17).
 */
export const NO_RELATED: readonly RelatedLocation[] = Object.freeze([]);

/** One problem, located. Plain data: every reporter is a pure function of a list of these. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** The rule's title, for annotation titles and tables. */
  title: string;
  message: string;
  /**
   * Where `message` holds values filled in from the judged files, when a rule's template made it:
   * flat [start, end) pairs of UTF-16 offsets, `[start0, end0, start1, end1, …]`; the rest of the
   * message is the rule's own text. Absent for problems, whose whole message may hold file values.
   * Offsets rather than the pieces themselves: a scan may hold 200,000 findings, and a piece cut
   * from a file's text keeps that whole text alive. `messageParts` gives the pieces.
   */
  valueSpans?: readonly number[];
  /**
   * The values the message quotes, each whole, when one of them was too long to quote whole (cut
   * at 120 characters): what a pull request's findings are compared by (src/core/finding-values.ts),
   * so a job appended past the cut of a long list still makes the finding new. Absent otherwise,
   * as for most findings: the quoted pieces are the values.
   */
  valueKeys?: readonly string[];
  path: string;
  /** JSON Pointer into the document's source model. */
  pointer: string;
  /** Where it is written; frozen and shared with other findings at the same place (`sharedRange`). */
  range: Range;
  /**
   * Stable identity: a hash of the rule, the path and a logical pointer (subject name and the
   * path inside its value), never the line, so it survives edits above the finding.
   */
  fingerprint: string;
  /** Evidence in other places; `NO_RELATED` (shared and frozen) when there is none. */
  related: readonly RelatedLocation[];
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

/**
 * A finding's message in template text and file values (see `Finding.valueSpans`), for a reporter
 * that escapes the second only; undefined when the message has no spans (all of it is treated as
 * a file value then). Empty text between two values is left out.
 */
export function messageParts(finding: { message: string; valueSpans?: readonly number[] }): MessagePart[] | undefined {
  const spans = finding.valueSpans;
  if (!spans) return undefined;
  const parts: MessagePart[] = [];
  let last = 0;
  for (let i = 0; i + 1 < spans.length; i += 2) {
    const start = spans[i]!;
    const end = spans[i + 1]!;
    if (start > last) parts.push({ text: finding.message.slice(last, start) });
    parts.push({ value: finding.message.slice(start, end) });
    last = end;
  }
  if (last < finding.message.length) parts.push({ text: finding.message.slice(last) });
  return parts;
}

/**
 * `parts` joined into one message, with the spans of its values (`Finding.valueSpans`). The
 * message is a new flat string: it keeps no file text alive.
 */
export function joinMessage(parts: readonly MessagePart[]): { message: string; valueSpans: number[] } {
  const valueSpans: number[] = [];
  let message = '';
  for (const part of parts) {
    if ('text' in part) message += part.text;
    else {
      valueSpans.push(message.length, message.length + part.value.length);
      message += part.value;
    }
  }
  // An array grown by push keeps room to grow (17 slots for 4 offsets): the copy is exact.
  return { message: ownString(message), valueSpans: valueSpans.slice() };
}

/**
 * `joinMessage` for many findings of one rule, sharing what repeats: a message written before
 * (same text, same value spans) is returned as that same string and array, not copied again. A
 * rule fires with the same words over and over (`actions/checkout@v4` in every workflow, one image
 * in every service): on the 1,100-file corpus of bench/README.md, 13,666 findings had 4,560
 * different messages. Held by a compiled rule, so it lives as long as one scan.
 */
export class SharedMessages {
  readonly #byText = new Map<string, { message: string; valueSpans: readonly number[] }>();

  /** `joinMessage(parts)`, or an equal result made before; the array is shared, so never change it. */
  join(parts: readonly MessagePart[]): { message: string; valueSpans: readonly number[] } {
    let text = '';
    for (const part of parts) text += 'text' in part ? part.text : part.value;
    const known = this.#byText.get(text);
    if (known && sameSpans(known.valueSpans, parts)) return known;
    const made = joinMessage(parts);
    // The first message of each text is the one shared (a later one with other spans is not kept).
    // Frozen: an edit to a shared array would move the values of every finding that holds it.
    Object.freeze(made.valueSpans);
    if (!known) this.#byText.set(made.message, made);
    return made;
  }
}

/** Whether `parts` put their values at `spans` (`joinMessage`'s offsets). */
function sameSpans(spans: readonly number[], parts: readonly MessagePart[]): boolean {
  let at = 0;
  let index = 0;
  for (const part of parts) {
    if ('text' in part) at += part.text.length;
    else {
      if (spans[index] !== at || spans[index + 1] !== at + part.value.length) return false;
      index += 2;
      at += part.value.length;
    }
  }
  return index === spans.length;
}

/**
 * A copy of `text` that keeps nothing else alive. V8 represents a slice of 13 or more characters
 * as a view of the string it was cut from, and a string built by `+` as a tree of its pieces: a
 * 20-character image name taken from a Compose file keeps the whole file's text in memory for as
 * long as a finding quotes it. Findings outlive their documents (issue #17), so what they keep is
 * copied. UTF-16 both ways, so that any string, even one with a lone surrogate, comes back the same.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
