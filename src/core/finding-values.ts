import type { Finding } from './finding.js';

/**
 * What a finding found: the pieces of its message filled in from the judged files (the spans of
 * `Finding.valueSpans`: a service's name, the mounted host path, the added capability, the image
 * reference), in order. Undefined for a finding without marked values (the problems: a parse error,
 * a suppression comment), whose message may hold line numbers and is not a value.
 */
export function valuePieces(finding: Pick<Finding, 'message' | 'valueSpans' | 'valueKeys'> & { ruleId?: string }): string[] | undefined {
  // A value cut in the message is compared whole.
  let pieces: string[];
  if (finding.valueKeys) pieces = [...finding.valueKeys];
  else {
    const spans = finding.valueSpans;
    if (!spans) return undefined;
    pieces = [];
    for (let i = 0; i + 1 < spans.length; i += 2) pieces.push(finding.message.slice(spans[i], spans[i + 1]));
  }
  return finding.ruleId !== undefined && VERSION_BLIND.has(finding.ruleId) ? pieces.map(withoutVersion) : pieces;
}

/**
 * Rules whose finding is about a reference's being unpinned, whatever version it names: a
 * Dependabot bump of `actions/checkout@v4.1.0` to `v4.2.0`, or of `nginx:1.27.1` to `1.27.2`,
 * leaves it as unpinned as before, not newly so (helper-44). The repository still counts:
 * `nginx:latest` made `evil/miner:latest` is new.
 */
const VERSION_BLIND = new Set(['action-not-pinned', 'image-not-pinned-by-digest']);

/** `owner/repo@ref` → `owner/repo`; `registry:5000/name:tag` → `registry:5000/name`. */
function withoutVersion(piece: string): string {
  const at = piece.indexOf('@');
  if (at > 0) return piece.slice(0, at);
  const slash = piece.lastIndexOf('/');
  const colon = piece.indexOf(':', slash + 1);
  return colon > 0 ? piece.slice(0, colon) : piece;
}

/**
 * True when a finding with the values `head` is the one with the values `base`: piece by piece
 * equal, or (unless `exact`) a piece that lists things (a JSON list, as messages show one: the jobs
 * that inherit a permission) lists none the base's does not. Narrowing what a finding reaches is
 * then not a new finding, and widening it is. Undefined on either side (a problem, or a baseline
 * entry recorded before baselines kept values) compares by fingerprint alone, so true.
 */
export function sameValues(head: readonly string[] | undefined, base: readonly string[] | undefined, exact = false): boolean {
  if (head === undefined || base === undefined) return true;
  if (head.length !== base.length) return false;
  return head.every((piece, index) => piece === base[index] || (!exact && listedWithin(piece, base[index]!)));
}

/** `head` and `base` are JSON lists and every item of `head` is in `base`. A list cut short (`…"a","b...`) is not read. */
function listedWithin(head: string, base: string): boolean {
  const items = jsonList(head);
  const known = jsonList(base);
  if (!items || !known) return false;
  const have = new Set(known.map((item) => JSON.stringify(item)));
  return items.every((item) => have.has(JSON.stringify(item)));
}

function jsonList(text: string): unknown[] | undefined {
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Values recorded for a finding of `ruleId` (a baseline entry's), read as `valuePieces` reads a
 * finding's: without the version for the rules that do not compare it, so an entry recorded with
 * `nginx:1.27` before they did still matches (helper-46).
 */
export function recordedValues(ruleId: string, values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return VERSION_BLIND.has(ruleId) ? values.map(withoutVersion) : [...values];
}
