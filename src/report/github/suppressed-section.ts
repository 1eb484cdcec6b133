import { plural } from '../../core/counts.js';
import type { Finding } from '../../core/finding.js';
import { severityRank } from '../../core/severity.js';
import type { ScanResult } from '../../select/scan-result.js';
import { madeByChange, type RefusedSuppression, type SuppressedFinding, type Suppression } from '../../select/suppress.js';
import { escapeMarkdown } from '../markdown-escape.js';
import { ruleHelpUri } from '../tool.js';
import { truncateText } from '../truncate-text.js';
import { lineUrl, type ReportLinks, SEVERITY_ICON } from './report-sections.js';

/** A reason longer than this is cut in the table (the JSON report and SARIF keep it whole). */
const REASON_MAX = 300;

/**
 * The suppressed findings: those the change suppresses first and open, then the suppression
 * comments that do not apply (expired, or beyond the pull-request limit), then the older ones
 * (comments already on the base branch, the baseline) collapsed. Rows stop at `budget` (as
 * measured by `size`) with a note, so a baseline of thousands cannot crowd out the findings.
 */
export function suppressedSection(result: ScanResult, links: ReportLinks, size: (text: string) => number, budget: number): string {
  const suppressed = result.suppressed ?? [];
  const refused = result.refusedSuppressions ?? [];
  if (suppressed.length === 0 && refused.length === 0) return '';
  const ranked = (list: readonly SuppressedFinding[]) => [...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const added = ranked(suppressed.filter((finding) => madeByChange(finding.suppression)));
  const older = ranked(suppressed.filter((finding) => !madeByChange(finding.suppression)));
  let used = 0;
  let left = 0;
  const takeWithinBudget = (rows: string[]) => {
    const kept: string[] = [];
    for (const row of rows) {
      if (used + size(row) + 1 > budget) left++;
      else {
        kept.push(row);
        used += size(row) + 1;
      }
    }
    return kept;
  };
  const head = '| Rule | Severity | Location | Reason | Until | Suppressed by |\n| --- | --- | --- | --- | --- | --- |';
  const parts = ['### Suppressed findings', '', `${summary(suppressed, refused)}`, ''];
  const addedRows = takeWithinBudget(added.map((finding) => row(finding, links, by(finding.suppression))));
  if (addedRows.length) parts.push('**Suppressed by this pull request**', '', head, ...addedRows, '');
  const refusedRows = takeWithinBudget(refused.map((finding) => row(finding, links, notApplied(finding))));
  if (refusedRows.length) parts.push('**Suppressions that do not apply** (the findings still count)', '', head.replace('Suppressed by', 'Why not'), ...refusedRows, '');
  const olderRows = takeWithinBudget(older.map((finding) => row(finding, links, by(finding.suppression))));
  if (olderRows.length) {
    const what = result.pullRequest ? 'already suppressed before this pull request' : 'suppressed';
    parts.push(`<details><summary>${plural(older.length, 'finding')} ${what}</summary>`, '', head, ...olderRows, '', '</details>', '');
  }
  if (left) {
    parts.push(`${plural(left, 'more row')} ${left === 1 ? 'is' : 'are'} not listed here, to keep this report within GitHub's size limit; the JSON report (\`suppressed\`, \`suppressionsNotApplied\`) and SARIF list every one.`, '');
  }
  return `${parts.join('\n')}\n`;
}

function summary(suppressed: readonly SuppressedFinding[], refused: readonly RefusedSuppression[]): string {
  const count = (test: (s: Suppression) => boolean) => suppressed.filter((finding) => test(finding.suppression)).length;
  const sources = [
    [count(madeByChange), 'by this pull request'],
    [count((s) => s.kind !== 'baseline' && s.addedByChange === false && !madeByChange(s)), 'by comments already on the base branch'],
    [count((s) => s.kind !== 'baseline' && s.addedByChange === undefined && !s.directive), 'by comments'],
    [count((s) => s.addedByChange === undefined && s.directive !== undefined), 'by existing hadolint or BuildKit directives'],
    [count((s) => s.kind === 'baseline'), 'by the baseline'],
  ] as const;
  const by = sources.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const suppressedText = suppressed.length ? `${plural(suppressed.length, 'finding')} ${suppressed.length === 1 ? 'is' : 'are'} suppressed and not counted (${by.join(', ')}).` : '';
  const refusedText = refused.length ? ` ${plural(refused.length, 'suppression')} ${refused.length === 1 ? 'does' : 'do'} not apply, so ${refused.length === 1 ? 'its finding counts' : 'their findings count'}.` : '';
  return `${suppressedText}${refusedText}`.trim();
}

function row(finding: Finding & { suppression: Suppression }, links: ReportLinks, source: string): string {
  const { start, end } = finding.range;
  const text = `${escapeMarkdown(finding.path)}&#58;${start.line}`;
  const url = lineUrl(links, finding.path, start.line, Math.max(start.line, end.line));
  const location = url === undefined ? text : `[${text}](${url})`;
  const rule = `[${escapeMarkdown(finding.ruleId)}](${ruleHelpUri(finding.ruleId)})`;
  const reason = finding.suppression.justification;
  // Cut between characters, never inside a surrogate pair (half an emoji is not valid text).
  const shown = truncateText(reason, REASON_MAX + 1);
  // `until` is a checked YYYY-MM-DD date, but escaped like every value from a file.
  const until = finding.suppression.until ? escapeMarkdown(finding.suppression.until) : '';
  return `| ${rule} | ${SEVERITY_ICON[finding.severity]} ${finding.severity} | ${location} | ${escapeMarkdown(shown)} | ${until} | ${source} |`;
}

/** Who suppressed it: the change, a comment already there, or the baseline. */
function by(suppression: Suppression): string {
  if (suppression.kind === 'baseline') return 'baseline';
  const what = suppression.directive
    ? `existing ${suppression.directive === 'hadolint' ? 'hadolint' : 'BuildKit'} directive`
    : suppression.kind === 'file'
      ? 'file-level comment'
      : 'comment';
  const comment = `${what}${suppression.line === undefined ? '' : ` on line ${suppression.line}`}`;
  if (suppression.addedByChange === true) return `🆕 this pull request (${comment})`;
  if (suppression.coversAddedLine === true) return `🆕 this pull request (a line it adds, under the ${comment}, already on the base branch)`;
  if (suppression.addedByChange === false) return `${comment}, already on the base branch`;
  return comment;
}

function notApplied(finding: RefusedSuppression): string {
  const where = finding.suppression.line === undefined ? '' : ` (line ${finding.suppression.line})`;
  return finding.refused === 'expired'
    ? `expired${where}`
    : `🆕 ${finding.suppression.addedByChange ? 'added by this pull request' : 'covers a line this pull request adds'}${where}, beyond \`suppressions.in-pull-request\``;
}
