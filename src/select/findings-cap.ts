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

/**
 * Keeps at most `max` findings per file, the most severe first, in their original order, and adds
 * one notice per capped file naming it and what was left out. Keeping the most severe means the
 * fail decision is the same with or without the cap.
 */
export function capFindingsPerFile(findings: Finding[], notices: Notice[], max = MAX_FINDINGS_PER_FILE): Finding[] {
  const byPath = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byPath.get(finding.path);
    if (list) list.push(finding);
    else byPath.set(finding.path, [finding]);
  }
  const dropped = new Set<Finding>();
  for (const [path, list] of byPath) {
    if (list.length <= max) continue;
    // Stable: among equally severe findings, the first in the file are kept.
    // A "not fully scanned" finding is always listed: it says why the list is short.
    const left = [...list]
      .sort((a, b) => Number(b.ruleId === SCAN_INCOMPLETE) - Number(a.ruleId === SCAN_INCOMPLETE) || severityRank(a.severity) - severityRank(b.severity))
      .slice(max);
    for (const finding of left) dropped.add(finding);
    const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
    for (const finding of left) counts[finding.severity]++;
    notices.push({
      level: 'warning',
      path,
      message:
        `${path} has ${list.length} findings; Containment reports at most ${max} per file, the most severe first, ` +
        `so ${plural(left.length, 'more finding')} (${describeCounts(counts)}) ${left.length === 1 ? 'is' : 'are'} not listed. ` +
        'Fix the listed ones and scan again to see the rest.',
    });
  }
  return dropped.size === 0 ? findings : findings.filter((finding) => !dropped.has(finding));
}
