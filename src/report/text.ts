import { describeCounts, describeVerdict, plural } from '../core/counts.js';
import type { Finding } from '../core/finding.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import { JUDGED_FILES } from '../discover/classify.js';
import { hiddenNote, listedFindings } from '../select/reporting-threshold.js';
import type { ScanResult } from '../select/scan-result.js';
import { madeByChange } from '../select/suppress.js';
import { groupByPath } from './group-by-path.js';
// Paths and messages quote the scanned files, which an attacker may write: shown, not obeyed.
import { cleanText as clean } from './plain-text.js';

export interface TextOptions {
  /** ANSI colour; the caller decides (a TTY, and NO_COLOR unset). */
  color: boolean;
  /**
   * With a comparison (`scan --changed`): list the findings that were already there too. By
   * default only new findings are listed, each marked `new`, and the rest are counted.
   */
  all?: boolean;
}

const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '\u001b[1;35m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
};

/**
 * The terminal report: findings grouped under their file, one line each as
 * `path:line:col  severity  rule-id  message` (the shape editors and terminals turn into links),
 * then notices, then one summary line.
 */
export function formatText(result: ScanResult, options: TextOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  // On a comparison, what the change did comes first: the new findings, each marked; the ones that
  // were already there are counted unless asked for (--all).
  const compared = result.pullRequest !== undefined;
  const listed = listedFindings(result.findings, result.minSeverity);
  const shown = compared && !options.all ? listed.filter((finding) => finding.novelty === 'new') : listed;
  for (const [path, findings] of groupByPath(shown)) {
    lines.push(paint(BOLD, clean(path)));
    for (const finding of findings) lines.push(findingLine(finding, paint, compared));
    lines.push('');
  }
  const existing = listed.length - shown.length;
  if (existing > 0) lines.push(paint(DIM, `${plural(existing, 'finding')} that ${existing === 1 ? 'was' : 'were'} already there ${existing === 1 ? 'is' : 'are'} not listed; --all lists ${existing === 1 ? 'it' : 'them'}.`));
  if (result.notices.length > 0) {
    for (const notice of result.notices) lines.push(`${paint(DIM, notice.level)}  ${clean(notice.message)}`);
    lines.push('');
  }
  const hidden = hiddenNote(result.findings, result.minSeverity, '--min-severity info');
  if (hidden) lines.push(paint(DIM, hidden));
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

function findingLine(finding: Finding, paint: (code: string, text: string) => string, compared = false): string {
  const { line, column } = finding.range.start;
  return [
    `${clean(finding.path)}:${line}:${column}`,
    ...(compared ? [finding.novelty === 'new' ? paint(BOLD, 'new') : paint(DIM, 'old')] : []),
    paint(SEVERITY_COLOR[finding.severity], finding.severity),
    paint(DIM, finding.ruleId),
    clean(finding.message),
  ].join('  ');
}

/** "12 findings (1 critical, 3 high, 8 medium) in 7 files; failing: 4 findings reach --fail-on high (…)". */
export function summaryLine(result: ScanResult): string {
  const scanned = plural(result.files.length, 'file');
  const suppressed = suppressedPart(result);
  const pull = result.pullRequest ? `; ${result.pullRequest.newCount} new, ${result.pullRequest.fixed.length} fixed since the base` : '';
  if (result.files.length === 0 && result.findings.length === 0) {
    return `Nothing to judge: no file here is one Containment reads. It looks for ${JUDGED_FILES}, and any file those build; files git ignores are left out.`;
  }
  if (result.findings.length === 0) return `No findings in ${scanned} scanned${suppressed}${pull}.`;
  const files = new Set(result.findings.map((finding) => finding.path)).size;
  const verdict =
    result.pullRequest?.failOnScope === 'new'
      ? result.failed
        ? 'failing: a new finding reaches --fail-on'
        : 'passing: no new finding reaches --fail-on'
      : describeVerdict(result.counts, result.failOn, '--fail-on');
  return `${plural(result.findings.length, 'finding')} (${describeCounts(result.counts)}) in ${files} of ${scanned} scanned${suppressed}${pull}; ${verdict}`;
}

/** "; 3 suppressed (1 by this change; 1 critical)": what the change itself hides leads. */
function suppressedPart(result: ScanResult): string {
  const all = result.suppressed ?? [];
  if (all.length === 0) return '';
  const added = all.filter((finding) => madeByChange(finding.suppression));
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of added) counts[finding.severity]++;
  return `; ${all.length} suppressed${added.length ? ` (${added.length} by this change: ${describeCounts(counts)})` : ''}`;
}
