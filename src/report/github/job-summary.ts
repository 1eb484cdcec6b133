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
 * pull request, whose token cannot comment, still gets the whole report. The notices take an
 * eighth of the room at most (a pull request can add thousands of dangling links, each a notice
 * quoting a long path): past that they are counted, and the report gets the rest.
 */
export function renderJobSummary(result: ScanResult, options: JobSummaryOptions = {}): string {
  const max = options.maxBytes ?? JOB_SUMMARY_MAX_BYTES;
  const tail = notices(result, Math.floor(max / 8));
  const body = renderReport(result, {
    max: max - Buffer.byteLength(tail, 'utf8'),
    measure: 'bytes',
    elsewhere: 'The SARIF report (input `sarif-file`) and the JSON report (output `report-json`) list every finding.',
    ...(options.links === undefined ? {} : { links: options.links }),
    ...(options.inventory === undefined ? {} : { inventory: options.inventory }),
  });
  return body + tail;
}

/** The notices as a collapsed list, within `budget` UTF-8 bytes; those past it are counted. */
function notices(result: ScanResult, budget: number): string {
  if (result.notices.length === 0) return '';
  const head = ['', `<details><summary>${plural(result.notices.length, 'notice')}</summary>`, ''];
  const end = ['', '</details>', ''];
  // Room for the frame and the line that counts what was left out.
  let used = Buffer.byteLength([...head, ...end].join('\n'), 'utf8') + 200;
  const items: string[] = [];
  for (const notice of result.notices) {
    const item = `- **${notice.level}**: ${escapeMarkdown(notice.message)}`;
    const bytes = Buffer.byteLength(item, 'utf8') + 1;
    if (used + bytes > budget) break;
    items.push(item);
    used += bytes;
  }
  const left = result.notices.length - items.length;
  const more = left > 0 ? ['', `${plural(left, items.length > 0 ? 'more notice' : 'notice')} ${left === 1 ? 'is' : 'are'} not listed here, to keep this summary under GitHub's 1 MiB; the JSON report (output \`report-json\`, \`notices\`) lists every one.`] : [];
  return [...head, ...items, ...more, ...end].join('\n');
}
