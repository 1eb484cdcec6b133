import { describeCounts, plural } from '../core/counts.js';
import type { Finding } from '../core/finding.js';
import { SEVERITIES, type Severity, severityRank } from '../core/severity.js';
import { MAX_FINDINGS_PER_FILE } from '../evaluate/evaluate.js';
import { SCAN_INCOMPLETE } from '../policy/problem-rules.js';
import type { Notice } from './scan-result.js';

/**
 * Findings reported per file. A real file has a handful; thousands come from a generated or
 * hostile file, and listing them all would bury every other file's findings (and the reports:
 * 200,000 findings make a 200 MB SARIF file). The evaluator stops judging a file at the same
 * number of critical findings.
 */
export { MAX_FINDINGS_PER_FILE };

/** Which findings of a file the cap keeps first, before the most severe: lower first. */
export interface CapOrder {
  rank: (finding: Finding) => number;
  /** How the notice says it, after "the most severe first" is replaced: "new ones first, then the most severe". */
  described: string;
}

/**
 * Keeps at most `max` findings per file, in their original order, and adds one notice per capped
 * file naming it and what was left out. Kept first: the `scan-incomplete` finding that says why the
 * list is short, then by `order.rank` when given (a pull request's: the findings that fail the step,
 * then the new ones, so a new finding is never dropped while an existing one could go instead),
 * then the most severe. The cap only shortens the list: the verdict and the count of new findings
 * are decided on every finding before it (src/pipeline/scan.ts, scan-pull-request.ts).
 */
export function capFindingsPerFile<T extends Finding>(findings: T[], notices: Notice[], max = MAX_FINDINGS_PER_FILE, order?: CapOrder): T[] {
  const byPath = new Map<string, T[]>();
  for (const finding of findings) {
    const list = byPath.get(finding.path);
    if (list) list.push(finding);
    else byPath.set(finding.path, [finding]);
  }
  const dropped = new Set<T>();
  for (const [path, list] of byPath) {
    if (list.length <= max) continue;
    // Stable: among findings that rank the same, the first in the file are kept.
    const left = [...list]
      .sort(
        (a, b) =>
          Number(b.ruleId === SCAN_INCOMPLETE) - Number(a.ruleId === SCAN_INCOMPLETE) ||
          (order ? order.rank(a) - order.rank(b) : 0) ||
          severityRank(a.severity) - severityRank(b.severity),
      )
      .slice(max);
    for (const finding of left) dropped.add(finding);
    const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
    for (const finding of left) counts[finding.severity]++;
    const fresh = left.filter((finding) => finding.novelty === 'new').length;
    notices.push({
      level: 'warning',
      path,
      message:
        `${path} has ${list.length} findings; Containment reports at most ${max} per file, ${order?.described ?? 'the most severe first'}, ` +
        `so ${plural(left.length, 'more finding')} (${describeCounts(counts)}${fresh ? `; ${fresh} of them new` : ''}) ${left.length === 1 ? 'is' : 'are'} not listed. ` +
        `${fresh ? 'They count all the same (the verdict and the number of new findings include them). ' : ''}Fix the listed ones and scan again to see the rest.`,
    });
  }
  return dropped.size === 0 ? findings : findings.filter((finding) => !dropped.has(finding));
}
