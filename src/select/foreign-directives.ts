import type { DirectiveTool } from '../policy/rule.js';
import type { SuppressionComment } from './suppression-comments.js';

/**
 * Decisions a team already wrote for other tools, read from a Dockerfile so that Containment does
 * not report them again as new findings:
 *
 * - hadolint's pragmas (github.com/hadolint/hadolint#inline-ignores): `# hadolint ignore=DL3008,DL3009`
 *   applies to the next instruction (all its lines), `# hadolint global ignore=DL3008` to the file;
 * - BuildKit's `check` parser directive (docs.docker.com/reference/build-checks/#skip-checks):
 *   `# check=skip=JSONArgsRecommended,MaintainerDeprecated` or `skip=all`, read only among the
 *   parser directives at the top of the file, as BuildKit reads it.
 *
 * Each becomes a suppression comment for the Containment rules that name the code as an
 * equivalent; a code no rule names suppresses nothing and is not reported (it is the other tool's
 * business). The suppressions then go through the same checks as Containment's own comments: on a
 * pull request, one the change adds (or that comes to cover a line it adds) is limited by the base
 * config's `suppressions.in-pull-request`, so a pull request cannot switch a check off by writing
 * `# hadolint global ignore=…` any more than by writing `# containment: ignore-file[…]`.
 */

/** For each tool, which Containment rules each of its codes suppresses. */
export type DirectiveTargets = Readonly<Record<DirectiveTool, ReadonlyMap<string, readonly string[]>>>;

/** A suppression comment read from another tool's directive. */
export interface ForeignDirective extends SuppressionComment {
  directive: DirectiveTool;
  /** A hadolint line pragma: the first line of the instruction it applies to. */
  instructionLine?: number;
}

/** A file's foreign directives, and the instruction each line belongs to (for line pragmas). */
export interface ForeignDirectives {
  comments: ForeignDirective[];
  /** The first line of the instruction that `line` is part of, or undefined (a comment, a blank). */
  instructionOf(line: number): number | undefined;
}

// hadolint's grammar: `hadolint`, optional `global`, `ignore=`, a comma-separated list of codes.
const HADOLINT = /^\s*#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9,\s]*)$/;
// A parser directive: `# name=value`, only before the first comment, blank line or instruction.
const PARSER_DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*?)\s*$/;
const HEREDOC = /<<(-?)\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/;
// Codes are shown in messages: only plain identifiers are, never other text from the file.
const CODE = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** Reads the directives of one Dockerfile. Linear in its length. */
export function readForeignDirectives(text: string, targets: DirectiveTargets): ForeignDirectives {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const { escapeChar, checkSkip } = parserDirectives(lines);
  const instructionStart = instructionStarts(lines, escapeChar);
  const comments: ForeignDirective[] = [];
  if (checkSkip) comments.push(...buildkitSkip(checkSkip, targets.buildkit));
  lines.forEach((line, index) => {
    if (!line.includes('hadolint')) return;
    const match = HADOLINT.exec(line);
    if (!match) return;
    const codes = match[2]!.split(/[\s,]+/).filter((code) => CODE.test(code));
    const ruleIds = rulesFor(codes, targets.hadolint);
    if (ruleIds.length === 0) return;
    const global = match[1] !== undefined;
    const next = global ? undefined : nextInstruction(instructionStart, index + 1);
    if (!global && next === undefined) return;
    comments.push({
      directive: 'hadolint',
      line: index + 1,
      range: { start: { line: index + 1, column: line.indexOf('#') + 1 }, end: { line: index + 1, column: line.length + 1 } },
      ruleIds,
      reason: `an existing hadolint directive: \`# hadolint ${global ? 'global ' : ''}ignore=${codes.join(',')}\``,
      fileLevel: global,
      standalone: true,
      ...(next === undefined ? {} : { instructionLine: next }),
    });
  });
  return { comments, instructionOf: (line) => instructionStart[line - 1] };
}

/** The parser directives at the top of the file: the escape character and `check=skip=…`. */
function parserDirectives(lines: readonly string[]): { escapeChar: string; checkSkip?: { line: number; text: string; value: string } } {
  let escapeChar = '\\';
  let checkSkip: { line: number; text: string; value: string } | undefined;
  for (const [index, line] of lines.entries()) {
    const match = PARSER_DIRECTIVE.exec(line);
    if (!match) break;
    const name = match[1]!.toLowerCase();
    if (name === 'escape' && (match[2] === '`' || match[2] === '\\')) escapeChar = match[2];
    if (name === 'check') {
      const skip = match[2]!.split(';').map((part) => part.trim()).find((part) => part.toLowerCase().startsWith('skip='));
      if (skip) checkSkip = { line: index + 1, text: line, value: skip.slice('skip='.length) };
    }
  }
  return { escapeChar, ...(checkSkip ? { checkSkip } : {}) };
}

function buildkitSkip(skip: { line: number; text: string; value: string }, targets: ReadonlyMap<string, readonly string[]>): ForeignDirective[] {
  const codes = skip.value.split(',').map((code) => code.trim()).filter((code) => CODE.test(code));
  const all = codes.some((code) => code.toLowerCase() === 'all');
  const ruleIds = all ? [...new Set([...targets.values()].flat())].sort() : rulesFor(codes, targets);
  if (ruleIds.length === 0) return [];
  return [
    {
      directive: 'buildkit',
      line: skip.line,
      range: { start: { line: skip.line, column: 1 }, end: { line: skip.line, column: skip.text.length + 1 } },
      ruleIds,
      reason: `an existing BuildKit directive: \`# check=skip=${all ? 'all' : codes.join(',')}\``,
      fileLevel: true,
      standalone: true,
    },
  ];
}

function rulesFor(codes: readonly string[], targets: ReadonlyMap<string, readonly string[]>): string[] {
  return [...new Set(codes.flatMap((code) => targets.get(code) ?? []))].sort();
}

/**
 * For each line (0-based), the 1-based first line of the instruction it belongs to. An
 * instruction continues over lines that end with the escape character (comments and blank lines
 * between them included, as BuildKit reads them) and over a heredoc's body up to its delimiter.
 */
function instructionStarts(lines: readonly string[], escapeChar: string): Array<number | undefined> {
  const starts: Array<number | undefined> = new Array(lines.length).fill(undefined);
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      index++;
      continue;
    }
    const start = index + 1;
    const heredoc = HEREDOC.exec(line);
    starts[index] = start;
    let continues = trimmed.endsWith(escapeChar);
    index++;
    while (index < lines.length && continues) {
      const next = lines[index]!.trim();
      starts[index] = start;
      if (next !== '' && !next.startsWith('#')) continues = next.endsWith(escapeChar);
      index++;
    }
    if (heredoc) {
      const [, dash, word] = heredoc;
      while (index < lines.length) {
        const body = lines[index]!;
        starts[index] = start;
        index++;
        if ((dash ? body.replace(/^\t+/, '') : body) === word) break;
      }
    }
  }
  return starts;
}

function nextInstruction(starts: ReadonlyArray<number | undefined>, from: number): number | undefined {
  for (let index = from; index < starts.length; index++) {
    const start = starts[index];
    if (start !== undefined) return start === index + 1 ? start : undefined;
  }
  return undefined;
}

/** Which rules each hadolint code and BuildKit check suppresses, from the rules' `equivalents`. */
export function directiveTargets(rules: ReadonlyArray<{ id: string; equivalents?: Partial<Record<DirectiveTool, string[]>> }>): DirectiveTargets {
  const map = (tool: DirectiveTool) => {
    const targets = new Map<string, string[]>();
    for (const rule of rules) {
      for (const code of rule.equivalents?.[tool] ?? []) targets.set(code, [...(targets.get(code) ?? []), rule.id]);
    }
    return targets;
  };
  return { hadolint: map('hadolint'), buildkit: map('buildkit') };
}
