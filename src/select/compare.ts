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
 * Compares by fingerprint (rule, file, logical place; never the line) and value key, counting
 * duplicates: when the base had one finding with a fingerprint and the head has two, one of them
 * is new. A head finding whose base match is about another value is new, and the base one is
 * fixed: a change to the value (`CERTS=/etc/ssl/certs` made `CERTS=/` in `.env`, `NET_ADMIN` made
 * `SYS_ADMIN` in an anchor, a mount made writable) made the finding what it is now, even where no
 * line it is on changed (found by a review helper, issue #17's session). The message is not
 * compared: it may name other things (the jobs that inherit a permission, the line of a first
 * duplicate key) that change while the finding does not.
 */
export function compareWithBase(head: readonly Finding[], base: readonly Finding[]): Comparison {
  const remaining = new Map<string, Finding[]>();
  for (const finding of base) {
    const key = sameFindingKey(finding);
    remaining.set(key, [...(remaining.get(key) ?? []), finding]);
  }
  const findings = head.map((finding) => {
    const match = remaining.get(sameFindingKey(finding));
    if (match?.length) {
      match.shift();
      return { ...finding, novelty: 'existing' as const };
    }
    return { ...finding, novelty: 'new' as const };
  });
  return { findings, fixed: [...remaining.values()].flat() };
}

/** What a base and a head finding share when they are the same finding: fingerprint and value key (`Finding.valueKey`). */
export function sameFindingKey(finding: Pick<Finding, 'fingerprint' | 'valueKey'>): string {
  return `${finding.fingerprint}\0${finding.valueKey ?? ''}`;
}
