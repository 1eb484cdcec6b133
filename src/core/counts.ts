import { reaches, SEVERITIES, type Severity } from './severity.js';

/** "1 critical, 3 high": the non-zero counts, most severe first; "" when all are zero. */
export function describeCounts(counts: Record<Severity, number>, threshold: Severity | 'none' = 'info'): string {
  return SEVERITIES.filter((severity) => counts[severity] > 0 && (threshold === 'info' || reaches(severity, threshold)))
    .map((severity) => `${counts[severity]} ${severity}`)
    .join(', ');
}

/** How many findings are at or above `failOn`. */
export function countReaching(counts: Record<Severity, number>, failOn: Severity | 'none'): number {
  return SEVERITIES.filter((severity) => reaches(severity, failOn)).reduce((sum, severity) => sum + counts[severity], 0);
}

/** "1 finding" / "2 findings". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The one-sentence verdict shared by the CLI's summary line and the Action's failure message:
 * "4 findings reach fail-on high (1 critical, 3 high)".
 */
export function describeVerdict(counts: Record<Severity, number>, failOn: Severity | 'none', flag: string): string {
  if (failOn === 'none') return `not failing (${flag} none)`;
  const reaching = countReaching(counts, failOn);
  if (reaching === 0) return `passing: nothing reaches ${flag} ${failOn}`;
  return `failing: ${plural(reaching, 'finding')} ${reaching === 1 ? 'reaches' : 'reach'} ${flag} ${failOn} (${describeCounts(counts, failOn)})`;
}
