import type { Finding } from '../core/finding.js';

/** A head finding's standing against the base revision. */
export type Novelty = 'new' | 'existing';

/** What a pull request changed, finding by finding. */
export interface Comparison {
  /** Head findings, each marked new or existing. */
  findings: Array<Finding & { novelty: Novelty }>;
  /** Base findings that the head no longer has. */
  fixed: Finding[];
}

/**
 * Compares by fingerprint (rule, file, logical place; never the line), counting duplicates: when
 * the base had one finding with a fingerprint and the head has two, one of them is new. A value
 * made worse at the same place with no line of the finding changed (an `.env` edit) is therefore
 * existing: comparing messages, then hashes of the failing value, made ordinary pull requests fail
 * on "new" findings that were not (the jobs a message lists, the line of a first duplicate key, a
 * step's triggers, a mount made read-only), and let a swapped image pass (its key was `isLatest`),
 * as two review helpers showed (issue #17's session): a value key that tells worse from better is
 * left to be designed.
 */
export function compareWithBase(head: readonly Finding[], base: readonly Finding[]): Comparison {
  const remaining = new Map<string, Finding[]>();
  for (const finding of base) remaining.set(finding.fingerprint, [...(remaining.get(finding.fingerprint) ?? []), finding]);
  const findings = head.map((finding) => {
    const match = remaining.get(finding.fingerprint);
    if (match?.length) {
      match.shift();
      return { ...finding, novelty: 'existing' as const };
    }
    return { ...finding, novelty: 'new' as const };
  });
  return { findings, fixed: [...remaining.values()].flat() };
}
