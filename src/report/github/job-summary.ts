import { plural } from '../../core/counts.js';
import type { ScanResult } from '../../select/scan-result.js';
import type { InventoryView } from '../inventory.js';
import { escapeMarkdown } from '../markdown-escape.js';
import { renderReport } from './comment-body.js';
import type { ReportLinks } from './report-sections.js';

/**
 * GitHub refuses a step summary over 1 MiB and shows an error instead of it:
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary
 * A margin is kept for anything else the step appends.
 */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

export interface JobSummaryOptions {
  maxBytes?: number;
  links?: ReportLinks;
  inventory?: InventoryView;
}

/**
 * The job summary: the same report as the pull-request comment, with the inventory shown open and
 * the scan's notices at the end, under GitHub's 1 MiB limit. Written on every run, so a fork's
 * pull request, whose token cannot comment, still gets the whole report.
 */
export function renderJobSummary(result: ScanResult, options: JobSummaryOptions = {}): string {
  const tail = notices(result);
  const body = renderReport(result, {
    max: (options.maxBytes ?? JOB_SUMMARY_MAX_BYTES) - Buffer.byteLength(tail, 'utf8'),
    measure: 'bytes',
    elsewhere: 'The SARIF report (input `sarif-file`) and the JSON report (output `report-json`) list every finding.',
    ...(options.links === undefined ? {} : { links: options.links }),
    ...(options.inventory === undefined ? {} : { inventory: options.inventory }),
  });
  return body + tail;
}

function notices(result: ScanResult): string {
  if (result.notices.length === 0) return '';
  const items = result.notices.map((notice) => `- **${notice.level}**: ${escapeMarkdown(notice.message)}`);
  return ['', `<details><summary>${plural(result.notices.length, 'notice')}</summary>`, '', ...items, '', '</details>', ''].join('\n');
}
