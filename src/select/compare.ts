import type { Finding } from '../core/finding.js';
import { sameValues, valuePieces } from '../core/finding-values.js';

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
 * Compares by fingerprint (rule, file, logical place; never the line) and by what was found there:
 * the values the rule's message is filled in with from the files (`valuePieces`), counting
 * duplicates: when the base had one finding with a fingerprint and the head has two, one of them is
 * new. A head finding whose base match found another value is new, and the base one is fixed: the
 * change made the finding what it is now, even where no line it is on changed (`CERTS=/etc/ssl/certs`
 * made `CERTS=/` in `.env`, `NET_ADMIN` made `SYS_ADMIN` on the same line, `nginx:latest` made
 * `evil/miner:latest`). A fingerprint alone let all of those pass as existing.
 *
 * Why the value pieces and nothing else (two earlier keys were withdrawn, issue #17's session):
 * the whole message also holds problems' line numbers, and a hash of the whole failing value also
 * held what the rule does not report (a step's triggers, a mount's `:ro`), so ordinary pull requests
 * failed on "new" findings. The value pieces are only what the rule says it found; moving a finding,
 * or editing lines around it, changes none of them. A piece that lists several things (the jobs that
 * inherit a write permission, a JSON list) is the same when it lists nothing the base's did not, so
 * narrowing it is not new, and widening it is. A finding without marked values (a problem: a parse
 * error, a suppression comment) is compared by fingerprint alone.
 */
export function compareWithBase(head: readonly Finding[], base: readonly Finding[]): Comparison {
  const remaining = new Map<string, Finding[]>();
  for (const finding of base) remaining.set(finding.fingerprint, [...(remaining.get(finding.fingerprint) ?? []), finding]);
  const novelty = new Array<Novelty>(head.length).fill('new');
  // Exact matches first, so that a narrowed list does not take the base finding an unchanged one needs.
  for (const exact of [true, false]) {
    head.forEach((finding, index) => {
      if (novelty[index] === 'existing') return;
      const match = remaining.get(finding.fingerprint);
      const at = match?.findIndex((candidate) => sameValues(valuePieces(finding), valuePieces(candidate), exact)) ?? -1;
      if (at < 0) return;
      match!.splice(at, 1);
      novelty[index] = 'existing';
    });
  }
  const findings = head.map((finding, index) => ({ ...finding, novelty: novelty[index]! }));
  return { findings, fixed: [...remaining.values()].flat() };
}

/**
 * The test `compareWithBase` makes, for one finding at a time: true when none of `base` is the same
 * finding (same fingerprint, same values). A pull request's suppressions and baseline entries
 * covering such a finding are made by the change (src/select/suppress.ts, baseline.ts).
 */
export function newAgainst(base: readonly Finding[]): (finding: Finding) => boolean {
  const byFingerprint = new Map<string, Finding[]>();
  for (const finding of base) byFingerprint.set(finding.fingerprint, [...(byFingerprint.get(finding.fingerprint) ?? []), finding]);
  return (finding) => !byFingerprint.get(finding.fingerprint)?.some((candidate) => sameValues(valuePieces(finding), valuePieces(candidate)));
}
