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
 * the base had one finding with a fingerprint and the head has two, one of them is new.
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
