import type { Range } from '../core/source-document.js';

/** One `# containment: ignore[…] reason until=YYYY-MM-DD` comment, as written. */
export interface SuppressionComment {
  /** 1-based line of the comment. */
  line: number;
  range: Range;
  ruleIds: string[];
  /** The text after the brackets, less the `until=` token. */
  reason: string;
  /** `until=YYYY-MM-DD`: the last day (UTC) the suppression applies. Absent: no expiry. */
  until?: string;
  /** Why the `until=` token is not a date (`until=2027-02-30`); such a comment suppresses nothing. */
  untilProblem?: string;
  /** `ignore-file[…]`: applies to every finding of those rules in the file. */
  fileLevel: boolean;
  /** Nothing but the comment on its line, so it applies to the next line as well. */
  standalone: boolean;
}

// `#` starts a comment in YAML, Dockerfiles and shell scripts alike, so one syntax serves every
// file Containment reads, including a shell comment inside a workflow's `run:` block.
const DIRECTIVE = /#\s*containment:\s*ignore(-file)?\[([^\]\n]*)\]\s*(.*)$/;
// A whitespace-separated token anywhere in the reason, so `until=` can follow or precede it.
const UNTIL = /(?:^|\s)until=(\S*)/g;

/**
 * Finds the suppression comments of a file. A line-level scan (as ESLint and hadolint read their
 * directives) rather than the YAML parser's comments, so that a directive is found the same way
 * in every kind of file, block scalars included.
 */
export function readSuppressionComments(text: string): SuppressionComment[] {
  const found: SuppressionComment[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    if (!raw.includes('containment:')) return;
    const line = raw.replace(/\r$/, '');
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const column = match.index + 1;
    const { reason, until, untilProblem } = readUntil(match[3]!);
    found.push({
      line: index + 1,
      range: { start: { line: index + 1, column }, end: { line: index + 1, column: line.length + 1 } },
      ruleIds: match[2]!.split(',').map((id) => id.trim()).filter(Boolean),
      reason,
      ...(until === undefined ? {} : { until }),
      ...(untilProblem === undefined ? {} : { untilProblem }),
      fileLevel: match[1] !== undefined,
      standalone: line.slice(0, match.index).trim() === '',
    });
  });
  return found;
}

/** Splits `until=` off the reason and checks it is one real calendar date. */
function readUntil(text: string): { reason: string; until?: string; untilProblem?: string } {
  const tokens = [...text.matchAll(UNTIL)].map((m) => m[1]!);
  const reason = text.replace(UNTIL, ' ').replace(/\s+/g, ' ').trim();
  if (tokens.length === 0) return { reason };
  if (tokens.length > 1) return { reason, untilProblem: `gives ${tokens.length} expiry dates; write one \`until=YYYY-MM-DD\`` };
  const value = tokens[0]!;
  if (!isCalendarDate(value)) {
    // The value comes from the file: only a short, plain excerpt of it goes into the message.
    const shown = /^[\w.:/+-]{1,20}$/.test(value) ? `"until=${value}"` : 'its `until=`';
    return { reason, untilProblem: `has ${shown}, which is not a date; write \`until=YYYY-MM-DD\` (the last day it applies, UTC)` };
  }
  return { reason, until: value };
}

/** `YYYY-MM-DD` naming a day that exists (no 2027-02-30), as ISO 8601's calendar date. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * False when a file can hold no suppression at all: no `containment:` comment, no hadolint
 * `ignore=` comment and no BuildKit `# check=` directive (foreign-directives.ts). A scan keeps
 * only the texts of files this is true for, instead of every file's text until the end.
 */
export function mayHoldSuppressions(text: string): boolean {
  return text.includes('containment:') || text.includes('hadolint') || /check\s*=/i.test(text);
}
