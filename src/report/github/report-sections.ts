import { countReaching, describeCounts, plural } from '../../core/counts.js';
import type { Finding } from '../../core/finding.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import type { ScanResult } from '../../select/scan-result.js';
import { madeByChange } from '../../select/suppress.js';
import { verdict } from '../../select/verdict.js';
import { complianceView } from '../compliance.js';
import { codeSpan, escapeHtml, escapeMarkdown, messageMarkdown } from '../markdown-escape.js';
import { ruleHelpUri, TOOL } from '../tool.js';
import { truncateText, wellFormed } from '../truncate-text.js';

/** Where the report's links point. Both parts are optional: outside a run there are none. */
export interface ReportLinks {
  /** `https://github.com/OWNER/REPO/blob/SHA`: file:line links go to the lines at that commit. */
  blobBase?: string;
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`. */
  runUrl?: string;
}

export const SEVERITY_ICON: Record<Severity, string> = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵', info: '⚪' };

/** The verdict first: what a reviewer wants to know before anything else. */
export function verdictSection(result: ScanResult): string {
  const total = result.findings.length;
  const scanned = plural(result.files.length, 'file');
  let lines: string[];
  if (result.failed && result.pullRequest?.failOnScope === 'new') {
    // On a pull request judged on what it adds, the reason is the new findings, not the old ones.
    const failing = verdict(result.findings, result.failOn, 'new').failing;
    const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
    for (const finding of failing) counts[finding.severity]++;
    lines = [
      '## ❌ Containment: failed',
      '',
      `Fails: this pull request adds ${plural(failing.length, 'finding')} at or above \`fail-on: ${result.failOn}\` (${describeCounts(counts)}); ` +
        `${plural(total, 'finding')} in all across ${scanned} scanned.`,
    ];
  } else if (result.failed) {
    const reaching = countReaching(result.counts, result.failOn);
    lines = [
      '## ❌ Containment: failed',
      '',
      `${plural(reaching, 'finding')} at or above \`fail-on: ${result.failOn}\` ` +
        `(${describeCounts(result.counts, result.failOn)}); ${plural(total, 'finding')} in all across ${scanned} scanned.`,
    ];
  } else {
    const threshold = result.failOn === 'none' ? 'failing is off (`fail-on: none`)' : `nothing reaches \`fail-on: ${result.failOn}\``;
    lines = ['## ✅ Containment: passed', '', `${plural(total, 'finding')} in ${scanned} scanned; ${threshold}.`];
  }
  const counts = ['| Severity | Findings |', '| --- | ---: |', ...SEVERITIES.map((severity) => `| ${SEVERITY_ICON[severity]} ${severity} | ${result.counts[severity]} |`)];
  return [...lines, '', ...pullRequestLines(result), ...(total > 0 ? [...counts, ''] : []), ''].join('\n');
}

/**
 * The config files a change edits that the verdict section names at most, each shown up to
 * `PATH_SHOWN_MAX` characters: a pull request may add any number of files of any length under a
 * custom pack's folder, and every report that begins with the verdict must stay under GitHub's
 * size limits (the JSON report lists them all, under `pullRequest.configChanged`).
 */
export const CONFIG_CHANGED_LISTED = 10;
const PATH_SHOWN_MAX = 200;

/** A long path with its middle cut out (its start and its file name are what a reader looks for). */
function shortened(path: string, max: number): string {
  if (path.length <= max) return path;
  const head = truncateText(path, Math.ceil(max / 2) - 1, '');
  return `${head}…${wellFormed(path.slice(path.length - (max - head.length - 1)))}`;
}

/**
 * What this change did, first: "2 new, 1 fixed". Then what a reviewer must know about how it was
 * judged: the config it changed was not used, the list of changed files was incomplete.
 */
function pullRequestLines(result: ScanResult): string[] {
  const pull = result.pullRequest;
  if (!pull) return result.comparisonUnavailable ? [`Findings are not marked new or existing: ${escapeMarkdown(result.comparisonUnavailable)}.`, ''] : [];
  const existing = result.findings.length - pull.newCount;
  const scope = pull.failOnScope === 'new' ? ' Only new findings can fail this pull request (`fail-on-scope: new`).' : '';
  const lines = [
    `**This pull request: ${plural(pull.newCount, 'new finding')}, ${pull.fixed.length} fixed, ${suppressedByChange(result)} suppressed by this pull request**, ${existing} already there.${scope}`,
    '',
    ...suppressionHeadline(result),
  ];
  if (pull.configChanged.length) {
    const named = pull.configChanged.slice(0, CONFIG_CHANGED_LISTED).map((path) => codeSpan(shortened(path, PATH_SHOWN_MAX)));
    const more = pull.configChanged.length - named.length;
    lines.push(
      // A markdown paragraph: GitHub parses markdown inside inline HTML such as <code> (and decodes
      // entities in link targets), so a path goes in a markdown code span, which holds it literally.
      `⚠️ This pull request changes ${named.join(', ')}${more > 0 ? ` and ${plural(more, 'more file')} among them` : ''}; it was judged with the base branch's version ` +
        '(a pull request cannot switch off the checks that judge it). The change takes effect once merged.',
      '',
    );
  }
  if (pull.incomplete) lines.push(`${escapeMarkdown(pull.incomplete)}, so every finding is annotated, not only those on changed lines.`, '');
  return lines;
}

/**
 * "this pull request suppresses 1 critical and 2 low findings", and the suppressions it adds that
 * do not apply: what a reviewer must weigh before the code itself. Empty outside pull requests
 * and when the change adds no suppression.
 */
export function suppressionHeadline(result: ScanResult): string[] {
  if (!result.pullRequest) return [];
  const lines: string[] = [];
  const added = (result.suppressed ?? []).filter((finding) => madeByChange(finding.suppression));
  if (added.length) {
    lines.push(
      `⚠️ **This pull request suppresses ${severityPhrase(added)}**: each is listed under *Suppressed findings* with the reason it gives. ` +
        'A suppression hides a finding from this check, so judge each reason as you would the code.',
      '',
    );
  }
  const beyond = (result.refusedSuppressions ?? []).filter((finding) => finding.refused === 'beyond-limit');
  if (beyond.length) {
    lines.push(
      `⛔ This pull request tries to suppress ${severityPhrase(beyond)} beyond what the base branch's config lets a pull request suppress ` +
        '(`suppressions.in-pull-request`): those suppressions do not apply and the findings still count. A maintainer can accept them by merging.',
      '',
    );
  }
  return lines;
}

/** How many findings the change suppresses (for "N new · M fixed · K suppressed by this PR"). */
export function suppressedByChange(result: ScanResult): number {
  return (result.suppressed ?? []).filter((finding) => madeByChange(finding.suppression)).length;
}

/** "1 critical finding", "1 critical and 2 low findings". */
export function severityPhrase(findings: readonly Finding[]): string {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  const parts = describeCounts(counts).split(', ');
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `${list} finding${findings.length === 1 ? '' : 's'}`;
}

/**
 * One collapsible section per file. A file with a finding that fails the step starts open, so the
 * findings that matter are visible without a click; the others start closed.
 */
export function fileSection(path: string, findings: readonly Finding[], failOn: ScanResult['failOn'], row: (finding: Finding) => string): string {
  const open = findings.some((finding) => failOn !== 'none' && SEVERITIES.indexOf(finding.severity) <= SEVERITIES.indexOf(failOn));
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  const rows = findings.map(row);
  return [
    // Raw HTML on a line of its own is an HTML block, which GitHub does not parse as markdown:
    // escapeHtml is enough there, and keeps it on the one line.
    `<details${open ? ' open' : ''}><summary><code>${escapeHtml(path)}</code>: ${plural(findings.length, 'finding')} (${describeCounts(counts)})</summary>`,
    '',
    '| Rule | Severity | Location | Message |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '</details>',
    '',
    '',
  ].join('\n');
}

/** A finding as a table row: rule (linked to its help), severity, file:line (linked to the lines), message. */
export function findingRow(finding: Finding, links: ReportLinks): string {
  const { start, end } = finding.range;
  const endLine = Math.max(start.line, end.line);
  const text = `${escapeMarkdown(finding.path)}&#58;${start.line}`;
  const url = lineUrl(links, finding.path, start.line, endLine);
  const location = url === undefined ? text : `[${text}](${url})`;
  const rule = `[${escapeMarkdown(finding.ruleId)}](${ruleHelpUri(finding.ruleId)})`;
  const fresh = finding.novelty === 'new' ? '🆕 ' : '';
  return `| ${fresh}${rule} | ${SEVERITY_ICON[finding.severity]} ${finding.severity} | ${location} | ${messageMarkdown(finding)} |`;
}

/** Findings per framework control, e.g. "CIS Docker Benchmark 5.5: 2 findings". */
export function complianceSection(result: ScanResult): string {
  if (result.findings.length === 0) return '';
  const view = complianceView(result.findings, result.rules);
  if (view.controls.length === 0) return '';
  const rows = view.controls.map((control) => {
    const name = control.url ? `[${escapeMarkdown(control.control)}](${control.url})` : escapeMarkdown(control.control);
    return `| ${name} | ${control.findings} | ${control.rules.map(escapeMarkdown).join(', ')} |`;
  });
  const unmapped = view.unmapped > 0 ? [`${plural(view.unmapped, 'finding')} cite no framework control.`, ''] : [];
  return ['### Compliance', '', '| Control | Findings | Rules |', '| --- | ---: | --- |', ...rows, '', ...unmapped, ''].join('\n');
}

/** How to silence a finding the team accepts: the config file, as the README documents. */
export function suppressSection(result: ScanResult): string {
  if (result.findings.length === 0) return '';
  const ruleIds = [...new Set(result.findings.map((finding) => finding.ruleId))];
  const [first = 'image-latest', second] = ruleIds;
  const example =
    second === undefined
      ? [`  ${first}: off     # switch the rule off, or give it a severity such as low`]
      : [`  ${first}: off     # switch a rule off`, `  ${second}: low     # or change its severity`];
  return [
    '<details><summary>How to suppress a finding</summary>',
    '',
    `Switch a rule off or change its severity in \`.github/containment.yml\` ([configuration](${TOOL.informationUri}#configuration)):`,
    '',
    '```yaml',
    'rules:',
    ...example,
    '```',
    '',
    'Or, for one place, a comment on the line of the finding or the line above, with the reason (and, if it should lapse, the last day it applies):',
    '',
    '```yaml',
    `# containment: ignore[${first}] why this is acceptable here until=2027-03-31`,
    '```',
    '',
    "A suppression that a pull request adds may cover findings only up to the severity the base branch's config allows (`suppressions.in-pull-request`, by default up to medium).",
    '',
    'Or fix the lines: each rule links to its rationale and remediation.',
    '',
    '</details>',
    '',
    '',
  ].join('\n');
}

/** Version and run link: which Containment said this, and where the full log is. */
export function footer(links: ReportLinks): string {
  const run = links.runUrl ? ` · [workflow run](${links.runUrl})` : '';
  return `<sub>[${TOOL.name}](${TOOL.informationUri}) ${TOOL.version}${run}</sub>\n`;
}

/** A link to lines at the report's commit; path segments percent-encoded so no character ends the URL. */
export function lineUrl(links: ReportLinks, path: string, startLine: number, endLine: number): string | undefined {
  if (links.blobBase === undefined) return undefined;
  // encodeURIComponent throws on a lone surrogate: U+FFFD first.
  const encoded = wellFormed(path)
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `${links.blobBase}/${encoded}#L${startLine}${endLine > startLine ? `-L${endLine}` : ''}`;
}
