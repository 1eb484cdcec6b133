import { describeCounts, plural } from '../../core/counts.js';
import type { Finding } from '../../core/finding.js';
import { reaches, SEVERITIES, type Severity, severityRank } from '../../core/severity.js';
import { hiddenNote, listedFindings } from '../../select/reporting-threshold.js';
import type { ScanResult } from '../../select/scan-result.js';
import { groupByPath } from '../group-by-path.js';
import type { InventoryView } from '../inventory.js';
import { formatInventoryMarkdown } from '../inventory-markdown.js';
import { escapeMarkdown, messageMarkdown } from '../markdown-escape.js';
import { complianceSection, fileSection, findingRow, footer, lineUrl, type ReportLinks, SEVERITY_ICON, suppressSection, verdictSection } from './report-sections.js';
import { suppressedSection } from './suppressed-section.js';

/**
 * GitHub rejects an issue comment body over 65,536 characters, and a check run's `output.summary`
 * over 65,535 (https://docs.github.com/en/rest/checks/runs#create-a-check-run). The margin leaves
 * room for the marker and for GitHub counting characters differently from UTF-16 code units.
 */
export const COMMENT_MAX_CHARS = 65_000;

export interface ReportMarkdownOptions {
  links?: ReportLinks;
  inventory?: InventoryView;
  /** The pull-request comment keeps the inventory collapsed; the job summary shows it open. */
  inventoryCollapsed?: boolean;
  /** Size limit and how it is measured: characters for comments, UTF-8 bytes for the job summary. */
  max: number;
  measure?: 'chars' | 'bytes';
  /** Where the findings cut from this body can be read, for the note that says what was cut. */
  elsewhere: string;
  /** Said when there are no findings now but an earlier comment reported some. */
  clearedSinceLastRun?: boolean;
  /**
   * List only findings at or above the result's `minSeverity` and count the rest (the comment and
   * the check run). The job summary, the full picture, lists every finding.
   */
  applyMinSeverity?: boolean;
  /**
   * The pull request's comment: lead with what the change did. New findings come first and are
   * cut last; the fixed ones are named; findings that were already there are a collapsed list of
   * the medium-and-up ones, cut first. Compliance and the inventory stay in the job summary
   * unless `details` asks for them.
   */
  changeView?: boolean;
  /** With `changeView`: keep the compliance view and the inventory in the comment too. */
  details?: boolean;
}

/**
 * The report in markdown, shared by the pull-request comment, the check run's summary and the job
 * summary: the verdict and counts, the findings per file, the suppressed findings, the compliance
 * view, the inventory, how to suppress, and a footer. When it would exceed `max`, the least severe findings are cut first
 * (then the inventory) and a note says what was cut and where to find it.
 */
/**
 * Existing findings the change view lists at most: the comment is about the change, and a
 * repository with a thousand old findings must not bury the three new ones (issue 12 measured a
 * 64.7 KB comment). The rest are counted; the job summary and SARIF list them all.
 */
export const EXISTING_LISTED = 20;

/** Every new finding, and the most severe medium-and-up existing ones, up to `EXISTING_LISTED`. */
function changeCandidates(listed: readonly Finding[]): Finding[] {
  const fresh = listed.filter((finding) => finding.novelty === 'new');
  const existing = listed
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => finding.novelty !== 'new' && reaches(finding.severity, 'medium'))
    .sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index)
    .slice(0, EXISTING_LISTED);
  const kept = new Set([...fresh, ...existing.map((entry) => entry.finding)]);
  return listed.filter((finding) => kept.has(finding));
}

/** A lower bound on a finding row's length: `| [rule](https://…/docs/rules/rule.md) | sev | … |`. */
export const MIN_ROW = 60;

export function renderReport(result: ScanResult, options: ReportMarkdownOptions): string {
  const size = options.measure === 'bytes' ? (text: string) => Buffer.byteLength(text, 'utf8') : (text: string) => text.length;
  // Most severe first; within a severity, the order the scan gave (path, line).
  const listed = options.applyMinSeverity ? listedFindings(result.findings, result.minSeverity) : result.findings;
  const changeView = options.changeView === true && result.pullRequest !== undefined;
  // In the change view, new findings rank before every existing one, so the search below cuts
  // existing findings first; existing ones below medium are counted, not listed.
  const candidates = changeView ? changeCandidates(listed) : listed;
  const group = (finding: Finding) => (changeView && finding.novelty !== 'new' ? 1 : 0);
  const ranked = candidates
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => group(a.finding) - group(b.finding) || severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index);
  // Rows are rendered once: the search below assembles the report many times.
  const rows = new Map<Finding, string>();
  const row = (finding: Finding) => rows.get(finding) ?? rows.set(finding, findingRow(finding, options.links ?? {})).get(finding) ?? '';
  // A file's kept findings grow with the prefix of `ranked`, so their count identifies its section.
  const sections = new Map<string, string>();
  const section = (path: string, findings: Finding[]) => {
    const key = `${findings.length}\0${path}`;
    return sections.get(key) ?? sections.set(key, fileSection(path, findings, result.failOn, row)).get(key) ?? '';
  };
  const fixed = {
    // An eighth of the room at most: a change that deletes a thousand files fixes their findings too.
    fixedByChange: changeView ? fixedSection(result, size, Math.floor(options.max / 8)) : '',
    compliance: complianceSection(result),
    suppress: suppressSection(result),
    // A quarter of the room at most: suppressed findings must never crowd out the ones that count.
    suppressed: suppressedSection(result, options.links ?? {}, size, Math.floor(options.max / 4)),
    verdict: verdictSection(result),
  };
  const render = (kept: number, inventory: boolean) =>
    changeView ? assembleChange(result, options, ranked.slice(0, kept), listed, inventory, section, row, fixed) : assemble(result, options, ranked.slice(0, kept), inventory, section, fixed);
  let inventory = options.inventory !== undefined && (!changeView || options.details === true);
  // No row is shorter than MIN_ROW characters (the rule's help link alone is longer), so no more
  // than max / MIN_ROW findings can fit: only those are ever rendered. A scan of 200,000 findings
  // otherwise rendered every row to learn that a 65,536-character comment holds a few hundred.
  const fitAtMost = Math.min(ranked.length, Math.ceil(options.max / MIN_ROW));
  if (fitAtMost === ranked.length && size(render(ranked.length, inventory)) <= options.max) return render(ranked.length, inventory);
  if (inventory && size(render(0, true)) > options.max) inventory = false;
  // The largest number of findings that fits: rendering is linear, so a binary search keeps this fast.
  let low = 0;
  let high = fitAtMost;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (size(render(middle, inventory)) <= options.max) low = middle;
    else high = middle - 1;
  }
  const body = render(low, inventory);
  // Every part but the findings and the inventory has a budget of its own; should they still add
  // up to more than the limit, GitHub would refuse the whole body and keep the last one it took
  // (an earlier run's "passed"), so the verdict alone is sent instead.
  return size(body) <= options.max ? body : verdictOnlyReport(result, options);
}

/**
 * The verdict and where the whole report is, within `options.max` whatever the result holds: what
 * a comment or check run says when the report does not fit, or when GitHub refused it anyway
 * (HTTP 422), so that no earlier run's verdict stays in its place.
 */
export function verdictOnlyReport(result: ScanResult, options: Pick<ReportMarkdownOptions, 'max' | 'measure' | 'elsewhere' | 'links'>): string {
  const size = options.measure === 'bytes' ? (text: string) => Buffer.byteLength(text, 'utf8') : (text: string) => text.length;
  const note = `> [!WARNING]\n> The full report did not fit under GitHub's size limit. ${options.elsewhere}\n\n`;
  const full = `${verdictSection(result)}${note}${footer(options.links ?? {})}`;
  if (size(full) <= options.max) return full;
  // Only Containment's own words: the verdict, the counts and where to read the rest.
  const headline = result.failed ? '## ❌ Containment: failed' : '## ✅ Containment: passed';
  const counts = `${plural(result.findings.length, 'finding')} (${describeCounts(result.counts)}).`;
  const bare = `${headline}\n\n${counts} The full report did not fit under GitHub's size limit; the job summary and the SARIF report list every finding.\n`;
  return size(bare) <= options.max ? bare : `${headline}\n`;
}

/**
 * "Fixed by this pull request": the findings the change removed, most severe first, each named on
 * one line, within `budget` (as measured by `size`) and at most `FIXED_LISTED`; the rest are
 * counted. Deleting a folder of Compose files fixes every finding in it, so the list has no other
 * bound, and past GitHub's limit the whole comment would be refused.
 */
function fixedSection(result: ScanResult, size: (text: string) => number, budget: number): string {
  const all = result.pullRequest?.fixed ?? [];
  if (all.length === 0) return '';
  const ranked = all
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index)
    .map((entry) => entry.finding);
  const lines: string[] = [];
  let used = 0;
  for (const finding of ranked.slice(0, FIXED_LISTED)) {
    const line = `- ${SEVERITY_ICON[finding.severity]} ${ruleCode(finding.ruleId)} in ${escapeMarkdown(finding.path)}: ${messageMarkdown(finding)}`;
    if (used + size(line) + 1 > budget) break;
    lines.push(line);
    used += size(line) + 1;
  }
  const left = all.length - lines.length;
  const more = left > 0 ? `${lines.length > 0 ? '\n\n' : ''}${plural(left, lines.length > 0 ? 'more fixed finding' : 'fixed finding')} ${left === 1 ? 'is' : 'are'} not named here, to keep this comment within GitHub's size limit.` : '';
  return `### Fixed by this pull request\n\n${lines.join('\n')}${more}\n\n`;
}

/** Fixed findings the change view names at most; the rest are counted. */
export const FIXED_LISTED = 50;

function assemble(
  result: ScanResult,
  options: ReportMarkdownOptions,
  kept: Array<{ finding: Finding; index: number }>,
  inventory: boolean,
  section: (path: string, findings: Finding[]) => string,
  fixed: { fixedByChange: string; compliance: string; suppress: string; suppressed: string; verdict: string },
): string {
  const links = options.links ?? {};
  const shown = [...kept].sort((a, b) => a.index - b.index).map((entry) => entry.finding);
  const parts = [fixed.verdict];
  if (options.clearedSinceLastRun && result.findings.length === 0) {
    parts.push('All findings reported earlier on this pull request are fixed. 🎉\n\n');
  }
  if (shown.length > 0) {
    parts.push('### Findings\n\n');
    for (const [path, findings] of groupByPath(shown)) parts.push(section(path, findings));
  }
  const hidden = options.applyMinSeverity ? hiddenNote(result.findings, result.minSeverity, 'the `min-severity` input (or config key) set to `info`') : '';
  if (hidden) parts.push(`${hidden} The job summary and the SARIF report list every finding.\n\n`);
  parts.push(cutNote(options.applyMinSeverity ? listedFindings(result.findings, result.minSeverity) : result.findings, shown, options.elsewhere));
  parts.push(fixed.suppressed);
  parts.push(fixed.compliance);
  if (options.inventory !== undefined) {
    parts.push(
      inventory
        ? formatInventoryMarkdown(options.inventory, { collapsed: options.inventoryCollapsed ?? false, link: (path, start, end) => lineUrl(links, path, start, end) })
        : `### Inventory\n\nThe inventory did not fit here; \`containment inventory\` lists it.\n\n`,
    );
  }
  parts.push(fixed.suppress);
  parts.push(footer(links));
  return parts.join('');
}

/**
 * The pull request's comment (issue 12): the verdict and "N new · M fixed · K suppressed by this
 * pull request"; every new finding, most severe first, each linked to its lines; the fixed ones,
 * named; what the change suppresses; then the findings that were already there, collapsed.
 */
function assembleChange(
  result: ScanResult,
  options: ReportMarkdownOptions,
  kept: Array<{ finding: Finding; index: number }>,
  listed: readonly Finding[],
  inventory: boolean,
  section: (path: string, findings: Finding[]) => string,
  row: (finding: Finding) => string,
  fixed: { fixedByChange: string; compliance: string; suppress: string; suppressed: string; verdict: string },
): string {
  const links = options.links ?? {};
  const fresh = kept.filter((entry) => entry.finding.novelty === 'new').map((entry) => entry.finding);
  const old = kept.filter((entry) => entry.finding.novelty !== 'new').sort((a, b) => a.index - b.index).map((entry) => entry.finding);
  const parts = [fixed.verdict];
  if (options.clearedSinceLastRun && result.findings.length === 0) parts.push('All findings reported earlier on this pull request are fixed. 🎉\n\n');
  if (fresh.length > 0) {
    parts.push(`### New in this pull request\n\n| Rule | Severity | Location | Message |\n| --- | --- | --- | --- |\n${fresh.map(row).join('\n')}\n\n`);
  }
  parts.push(fixed.fixedByChange);
  parts.push(fixed.suppressed);
  const existing = listed.filter((finding) => finding.novelty !== 'new');
  if (existing.length > 0) {
    const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
    for (const finding of existing) counts[finding.severity]++;
    const body = [...groupByPath(old)].map(([path, findings]) => section(path, findings)).join('');
    const unlisted = existing.length - old.length;
    parts.push(
      `<details><summary>${plural(existing.length, 'finding')} already there before this pull request (${describeCounts(counts)})</summary>\n\n` +
        body +
        (unlisted > 0 ? `${plural(unlisted, 'more finding')} (below medium, past the first ${EXISTING_LISTED}, or cut to keep this comment under GitHub's size limit) ${unlisted === 1 ? 'is' : 'are'} not listed. ${options.elsewhere}\n\n` : '') +
        '</details>\n\n',
    );
  }
  const newNotListed = listed.filter((finding) => finding.novelty === 'new').length - fresh.length;
  if (newNotListed > 0) parts.push(`> [!WARNING]\n> ${plural(newNotListed, 'new finding')} did not fit in this comment. ${options.elsewhere}\n\n`);
  const hidden = options.applyMinSeverity ? hiddenNote(result.findings, result.minSeverity, 'the `min-severity` input (or config key) set to `info`') : '';
  if (hidden) parts.push(`${hidden} The job summary and the SARIF report list every finding.\n\n`);
  if (options.details) {
    parts.push(fixed.compliance);
    if (options.inventory !== undefined && inventory) {
      parts.push(formatInventoryMarkdown(options.inventory, { collapsed: true, link: (path, start, end) => lineUrl(links, path, start, end) }));
    }
  }
  parts.push(fixed.suppress);
  parts.push(footer(links));
  return parts.join('');
}

/** A rule id in a code span: ids are kebab-case slugs (the meta-schema), so nothing needs escaping there. */
function ruleCode(id: string): string {
  return /^[a-z0-9-]+$/.test(id) ? `\`${id}\`` : escapeMarkdown(id);
}

function cutNote(all: readonly Finding[], shown: readonly Finding[], elsewhere: string): string {
  const cut = all.length - shown.length;
  if (cut === 0) return '';
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const kept = new Set(shown);
  for (const finding of all) if (!kept.has(finding)) counts[finding.severity]++;
  return (
    `> [!NOTE]\n> ${plural(cut, 'finding')} (${describeCounts(counts)}) ${cut === 1 ? 'is' : 'are'} not listed here: ` +
    `this report is kept under GitHub's size limit, least severe findings cut first. ${elsewhere}\n\n`
  );
}
