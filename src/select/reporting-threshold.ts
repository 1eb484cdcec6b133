import { describeCounts, plural } from '../core/counts.js';
import type { Finding } from '../core/finding.js';
import { reaches, SEVERITIES, type Severity } from '../core/severity.js';

/**
 * What is listed and annotated unless `min-severity` says otherwise: everything but `info`, which
 * is mostly hardening a reviewer does not act on in a pull request (zizmor's and Trivy's defaults
 * likewise hide their lowest level). The verdict never depends on it; SARIF and JSON carry all.
 */
export const DEFAULT_MIN_SEVERITY: Severity = 'low';

/** The findings at or above the reporting threshold, in the order given. */
export function listedFindings<F extends Finding>(findings: readonly F[], minSeverity: Severity = DEFAULT_MIN_SEVERITY): F[] {
  return findings.filter((finding) => reaches(finding.severity, minSeverity));
}

/**
 * One sentence on the findings below the threshold, or '' when there are none:
 * "12 findings below min-severity low (12 info) are counted, not listed; `how` lists them."
 */
export function hiddenNote(findings: readonly Finding[], minSeverity: Severity = DEFAULT_MIN_SEVERITY, how: string): string {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  let hidden = 0;
  for (const finding of findings) {
    if (reaches(finding.severity, minSeverity)) continue;
    counts[finding.severity]++;
    hidden++;
  }
  if (hidden === 0) return '';
  return `${plural(hidden, 'finding')} below min-severity ${minSeverity} (${describeCounts(counts)}) ${hidden === 1 ? 'is' : 'are'} counted, not listed; ${how} lists them.`;
}
