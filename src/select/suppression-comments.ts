import type { Range } from '../documents/source-document.js';

/** One `# containment: ignore[…] reason` comment, as written. */
export interface SuppressionComment {
  /** 1-based line of the comment. */
  line: number;
  range: Range;
  ruleIds: string[];
  reason: string;
  /** `ignore-file[…]`: applies to every finding of those rules in the file. */
  fileLevel: boolean;
  /** Nothing but the comment on its line, so it applies to the next line as well. */
  standalone: boolean;
}

// `#` starts a comment in YAML, Dockerfiles and shell scripts alike, so one syntax serves every
// file Containment reads, including a shell comment inside a workflow's `run:` block.
const DIRECTIVE = /#\s*containment:\s*ignore(-file)?\[([^\]\n]*)\]\s*(.*)$/;

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
    found.push({
      line: index + 1,
      range: { start: { line: index + 1, column }, end: { line: index + 1, column: line.length + 1 } },
      ruleIds: match[2]!.split(',').map((id) => id.trim()).filter(Boolean),
      reason: match[3]!.trim(),
      fileLevel: match[1] !== undefined,
      standalone: line.slice(0, match.index).trim() === '',
    });
  });
  return found;
}
