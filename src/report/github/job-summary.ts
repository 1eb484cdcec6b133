import type { Finding } from '../../engine/finding.js';
import type { ScanResult } from '../../engine/scan-result.js';
import { SEVERITIES } from '../../engine/severity.js';
import { countReaching, describeCounts, plural } from '../counts.js';
import { groupByPath } from '../group-by-path.js';
import { escapeMarkdown } from '../markdown-escape.js';

/**
 * GitHub refuses a step summary over 1 MiB and shows an error instead of it:
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary
 * A margin is kept for the note about what was cut and for anything else the step appends.
 */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

export interface JobSummaryOptions {
  maxBytes?: number;
}

const SEVERITY_ICON = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵', info: '⚪' } as const;

/**
 * The job summary in markdown: the verdict, a count per severity, and every finding in a table
 * per file. Everything that comes from a scanned file is escaped. When the findings would not fit
 * under the size limit, whole files are left out (the last ones in path order) with a note.
 */
export function renderJobSummary(result: ScanResult, options: JobSummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? JOB_SUMMARY_MAX_BYTES;
  const head = [...verdict(result), '', ...countsTable(result), '', ''].join('\n');
  const tail = notices(result);
  let body = '';
  let used = bytes(head) + bytes(tail);
  let shown = 0;
  for (const [path, findings] of groupByPath(result.findings)) {
    const section = fileSection(path, findings);
    // Room is kept for the omission note, which is under 300 bytes.
    if (used + bytes(section) + 300 > maxBytes) break;
    body += section;
    used += bytes(section);
    shown += findings.length;
  }
  const omitted = result.findings.length - shown;
  const cut =
    omitted > 0
      ? `> [!NOTE]\n> ${plural(omitted, 'more finding')} did not fit in the job summary, which GitHub limits to 1 MiB. ` +
        'The SARIF report (input `sarif-file`) and the annotations list them.\n\n'
      : '';
  return head + body + cut + tail;
}

function verdict(result: ScanResult): string[] {
  const total = result.findings.length;
  const scanned = plural(result.files.length, 'file');
  if (result.failed) {
    const reaching = countReaching(result.counts, result.failOn);
    return [
      '## ❌ Containment: failed',
      '',
      `${plural(reaching, 'finding')} at or above \`fail-on: ${result.failOn}\` ` +
        `(${describeCounts(result.counts, result.failOn)}); ${plural(total, 'finding')} in all across ${scanned} scanned.`,
    ];
  }
  const threshold = result.failOn === 'none' ? 'failing is off (`fail-on: none`)' : `nothing reaches \`fail-on: ${result.failOn}\``;
  return ['## ✅ Containment: passed', '', `${plural(total, 'finding')} in ${scanned} scanned; ${threshold}.`];
}

function countsTable(result: ScanResult): string[] {
  return [
    '| Severity | Findings |',
    '| --- | ---: |',
    ...SEVERITIES.map((severity) => `| ${SEVERITY_ICON[severity]} ${severity} | ${result.counts[severity]} |`),
  ];
}

function fileSection(path: string, findings: Finding[]): string {
  const rows = findings.map((finding) => {
    const { line, column } = finding.range.start;
    return `| ${line}:${column} | ${finding.severity} | ${escapeMarkdown(finding.ruleId)} | ${escapeMarkdown(finding.message)} |`;
  });
  return [`### ${escapeMarkdown(path)}`, '', '| Line | Severity | Rule | Message |', '| ---: | --- | --- | --- |', ...rows, '', ''].join('\n');
}

function notices(result: ScanResult): string {
  if (result.notices.length === 0) return '';
  const items = result.notices.map((notice) => `- **${notice.level}**: ${escapeMarkdown(notice.message)}`);
  return [`<details><summary>${plural(result.notices.length, 'notice')}</summary>`, '', ...items, '', '</details>', ''].join('\n');
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
