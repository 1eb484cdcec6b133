import type { Range } from './source-document.js';

/**
 * How many different ranges the scan shares (`sharedRange`) before it keeps later ones as they
 * come. Each costs about 180 bytes (the frozen range, its key and the table's entry), so the
 * table holds at most about 3 MB (a review helper measured 181 bytes an entry) however many files
 * a repository has or how long their lines are. The real corpus of bench/README.md and its 10
 * copies fill 3,731 entries: the findings' own ranges (2,415 different ones among 136,660 findings
 * on the copies), their related places, their fixes' edits and their fix requests.
 */
export const MAX_SHARED_RANGES = 16_384;

const table = new Map<string, Range>();

/**
 * One frozen `Range` for every range with the same four numbers, for the ranges a scan keeps to
 * its end (findings, their related places, fixes' edits, fix requests). A range carries no path,
 * and most repeat: rules about one Compose service all point at its key, and a file's first
 * lines look alike across files. On the corpus x 10 of bench/README.md, 136,660 findings had 2,415
 * different ranges of their own, and each kept its own three objects (120 bytes; issue #17).
 *
 * Returns a new frozen copy the first time four numbers are seen (never `range` itself, which may
 * belong to a document's caches), and that same copy after; past `MAX_SHARED_RANGES` different
 * ones, returns `range` unchanged. A caller must not change what it gets: it is shared.
 */
export function sharedRange(range: Range): Range {
  const { start, end } = range;
  const key = `${start.line},${start.column},${end.line},${end.column}`;
  const known = table.get(key);
  if (known) return known;
  if (table.size >= MAX_SHARED_RANGES) return range;
  const made: Range = Object.freeze({
    start: Object.freeze({ line: start.line, column: start.column }),
    end: Object.freeze({ line: end.line, column: end.column }),
  });
  table.set(key, made);
  return made;
}

/** How many different ranges are shared; for tests and the benchmark. */
export function sharedRangeCount(): number {
  return table.size;
}

/** Forgets every shared range; for tests that fill the table. */
export function clearSharedRanges(): void {
  table.clear();
}
