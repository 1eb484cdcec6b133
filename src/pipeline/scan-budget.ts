import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Finding } from '../core/finding.js';
import type { DiscoveredFile } from '../discover/discover.js';
import { fingerprint } from '../evaluate/fingerprint.js';
import { PROBLEM_RULES, SCAN_INCOMPLETE } from '../policy/problem-rules.js';

/**
 * What one scan may read. Files and bytes decide first, in path order, so the same repository is
 * cut at the same file on every run and every machine; time is a last resort for a machine so
 * slow or loaded that even those bounds take too long, and only it can differ between runs.
 */
export interface ScanBudget {
  /** Files judged, in path order. */
  files: number;
  /** Their total size in bytes (each file is at most 1 MiB already; see discover.ts). */
  bytes: number;
  /** Wall-clock milliseconds after which no further file is read. */
  milliseconds: number;
}

/**
 * Ten times the largest repository measured in practice for each bound, and enough for the
 * 20,000-file pull request of the performance target; 64 MiB of Compose YAML, Dockerfiles and
 * workflows is far more than any repository writes by hand. Five minutes is well past the
 * time a full budget takes on two cores.
 */
export const DEFAULT_SCAN_BUDGET: ScanBudget = { files: 50_000, bytes: 64 * 1024 * 1024, milliseconds: 5 * 60_000 };

/** The budget of one scan: which files it may read, and the finding that says what it did not. */
export interface ScanAllowance {
  /** The files within the files-and-bytes budget, in the order given. */
  files: DiscoveredFile[];
  /** Whether the time is up; a file not read for that reason is passed to `skip`. */
  expired(): boolean;
  skip(file: DiscoveredFile): void;
  /** One located `scan-incomplete` finding when anything was skipped, else none. */
  findings(): Finding[];
}

/**
 * Applies a budget to the discovered files (sorted by path). `now` is for tests; the clock
 * starts when this is called.
 */
export function scanBudget(discovered: readonly DiscoveredFile[], budget: Partial<ScanBudget> = {}, now: () => number = () => performance.now()): ScanAllowance {
  const limits = { ...DEFAULT_SCAN_BUDGET, ...budget };
  const started = now();
  let bytes = 0;
  let cut = discovered.findIndex((file, index) => {
    bytes += file.size;
    return index >= limits.files || bytes > limits.bytes;
  });
  if (cut < 0) cut = discovered.length;
  const overBudget = discovered.slice(cut);
  const total = discovered.reduce((sum, file) => sum + file.size, 0);
  const late: DiscoveredFile[] = [];
  return {
    files: discovered.slice(0, cut),
    expired: () => now() - started > limits.milliseconds,
    skip: (file) => {
      late.push(file);
    },
    findings: () => {
      if (overBudget.length > 0) {
        const reason =
          `this scan found ${count(discovered.length, 'file')} (${mebibytes(total)}), over its budget of ${count(limits.files, 'file')} and ${mebibytes(limits.bytes)}`;
        return [incomplete(overBudget, reason)];
      }
      if (late.length > 0) {
        const skipped = [...late].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        return [incomplete(skipped, `this scan ran past its time budget of ${Math.round(limits.milliseconds / 1000)} seconds`)];
      }
      return [];
    },
  };
}

const RULE = PROBLEM_RULES.find((rule) => rule.id === SCAN_INCOMPLETE)!;

/**
 * Located at the first file not read. The fingerprint covers every skipped path, so on a pull
 * request a change to what goes unread is a new finding, even when the base was over budget too.
 */
function incomplete(skipped: DiscoveredFile[], reason: string): Finding {
  const first = skipped[0]!;
  const digest = createHash('sha256').update(skipped.map((file) => file.path).join('\0')).digest('hex');
  const more = skipped.length - 1;
  return scanIncompleteFinding(
    first.path,
    `Not fully scanned: ${reason}, so ${first.path}${more > 0 ? ` and ${count(more, 'file')} after it in path order` : ''} ${more > 0 ? 'were' : 'was'} not checked and may hold anything. ` +
      'Point `path` at the folders that hold what should be judged, or exclude generated folders in the config.',
    `skipped:${digest}`,
  );
}

/**
 * A `scan-incomplete` finding at the top of `path`: high, so that the default `fail-on: high`
 * fails rather than passing what was never judged. `logical` names what went unjudged, for the
 * fingerprint. Shared by the scan budget and by files the reader could not read.
 */
export function scanIncompleteFinding(path: string, message: string, logical: string): Finding {
  return {
    ruleId: SCAN_INCOMPLETE,
    severity: RULE.severity,
    title: RULE.title,
    message,
    path,
    pointer: '',
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    fingerprint: fingerprint(SCAN_INCOMPLETE, path, logical),
    related: [],
  };
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
