import type { Finding } from '../core/finding.js';
import { reaches, type Severity } from '../core/severity.js';

/** Which findings can fail the step: all of them, or on a pull request only the ones it adds. */
export type FailOnScope = 'new' | 'all';

/** The fail decision and the findings that make it. */
export interface Verdict {
  failed: boolean;
  /** The findings in scope at or above `failOn`, in the order given. */
  failing: Finding[];
}

/**
 * The verdict, decided here and nowhere else: the step fails when a finding in scope reaches
 * `failOn` (`none` never fails). With scope `new`, only findings marked new count; a finding with
 * no mark (no comparison was made) counts, so a scan that could not compare fails closed.
 */
export function verdict(findings: readonly Finding[], failOn: Severity | 'none', scope: FailOnScope = 'all'): Verdict {
  const failing = findings.filter((finding) => (scope === 'all' || finding.novelty !== 'existing') && reaches(finding.severity, failOn));
  return { failed: failing.length > 0, failing };
}
