import type { Finding } from '../../engine/finding.js';
import type { ScanResult } from '../../engine/scan-result.js';
import { SEVERITIES, type Severity } from '../../engine/severity.js';
import { complianceView } from '../compliance.js';
import { countReaching, describeCounts, plural } from '../counts.js';
import { escapeHtml, escapeMarkdown } from '../markdown-escape.js';
import { ruleHelpUri, TOOL } from '../tool.js';

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
  if (result.failed) {
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
 * What this change did, first: "2 new, 1 fixed". Then what a reviewer must know about how it was
 * judged: the config it changed was not used, the list of changed files was incomplete.
 */
function pullRequestLines(result: ScanResult): string[] {
  const pull = result.pullRequest;
  if (!pull) return result.comparisonUnavailable ? [`Findings are not marked new or existing: ${escapeMarkdown(result.comparisonUnavailable)}.`, ''] : [];
  const existing = result.findings.length - pull.newCount;
  const scope = pull.failOnScope === 'new' ? ' Only new findings can fail this pull request (`fail-on-scope: new`).' : '';
  const lines = [`**This pull request: ${plural(pull.newCount, 'new finding')}, ${pull.fixed.length} fixed**, ${existing} already there.${scope}`, ''];
  if (pull.configChanged.length) {
    lines.push(
      `⚠️ This pull request changes ${pull.configChanged.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}; it was judged with the base branch's version ` +
        '(a pull request cannot switch off the checks that judge it). The change takes effect once merged.',
      '',
    );
  }
  if (pull.incomplete) lines.push(`${escapeMarkdown(pull.incomplete)}, so every finding is annotated, not only those on changed lines.`, '');
  return lines;
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
  return `| ${fresh}${rule} | ${SEVERITY_ICON[finding.severity]} ${finding.severity} | ${location} | ${escapeMarkdown(finding.message)} |`;
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
    'Or, for one place, a comment on the line of the finding or the line above, with the reason:',
    '',
    '```yaml',
    `# containment: ignore[${first}] why this is acceptable here`,
    '```',
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
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `${links.blobBase}/${encoded}#L${startLine}${endLine > startLine ? `-L${endLine}` : ''}`;
}
