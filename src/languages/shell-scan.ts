import type { Span } from './shell-words.js';

// The operator scan behind splitShellCommands (shell-commands.ts), which then reads each segment's words.

/** A stretch of script that holds one simple command. */
export interface Segment extends Span {
  /** The operator that ends the segment; `|` pipes into the next one. */
  op: string;
}

/** What one pass over a script (or a command substitution inside it) finds. */
export interface Scan {
  segments: Segment[];
  /** Inside `$( … )`, backticks and `<( … )`: scripts of their own, split recursively. */
  substitutions: Span[];
  /** Expressions and substitutions: each stays inside the word it is written in. */
  protect: Span[];
  /** Heredoc bodies, each with the index in `segments` of the command that carries its `<<MARKER`. */
  heredocs: Array<{ segment: number; body: Span }>;
}

/**
 * One quote-aware pass over `script[from, to)`: where each simple command's text starts and
 * ends and which operator ends it (`&&`, `||`, `;`, `&`, `|`, parentheses, newline); the
 * command and process substitutions (`$(…)`, backticks, `<(…)`) to split on their own; and the spans (those and
 * `${{ }}` expressions) that stay inside one word. Heredoc bodies and comments are skipped.
 */
export function scanShell(script: string, from: number, to: number, literal: boolean): Scan {
  const segments: Segment[] = [];
  const substitutions: Span[] = [];
  const protect: Span[] = [];
  const heredocs: Array<{ delimiter: string; stripTabs: boolean; segment: number }> = [];
  const bodies: Scan['heredocs'] = [];
  let start = from;
  let quote: string | undefined;
  const cut = (end: number, op: string, length: number): number => {
    segments.push({ start, end, op });
    start = end + length;
    return start;
  };
  for (let i = from; i < to; ) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === '$' && next === '{' && script[i + 2] === '{') {
      // A GitHub expression is substituted before the shell runs, whatever quotes surround it.
      const close = script.indexOf('}}', i + 3);
      const end = close < 0 || close + 2 > to ? to : close + 2;
      protect.push({ start: i, end });
      i = end;
    } else if (quote === "'") {
      if (c === "'") quote = undefined;
      i++;
    } else if (c === '\\' && !literal) i += 2;
    else if (c === '$' && next === '(') {
      const close = closingParen(script, i + 2, to, literal);
      // `$((…))` is arithmetic, not a command.
      if (script[i + 2] !== '(') substitutions.push({ start: i + 2, end: close });
      protect.push({ start: i, end: Math.min(close + 1, to) });
      i = close + 1;
    } else if (c === '`') {
      let close = i + 1;
      while (close < to && script[close] !== '`') close += script[close] === '\\' && !literal ? 2 : 1;
      substitutions.push({ start: i + 1, end: Math.min(close, to) });
      protect.push({ start: i, end: Math.min(close + 1, to) });
      i = close + 1;
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      i++;
    } else if ((c === '<' || c === '>') && next === '(') {
      // Process substitution (`bash <(curl …)`): a script of its own whose output (or input) is a
      // file name, one word of the command it is written in (bash(1), Process Substitution).
      const close = closingParen(script, i + 2, to, literal);
      substitutions.push({ start: i + 2, end: close });
      protect.push({ start: i, end: Math.min(close + 1, to) });
      i = close + 1;
    } else if (c === '#' && (i === from || /[\s;&|()]/.test(script[i - 1]!))) {
      const newline = script.indexOf('\n', i);
      i = newline < 0 || newline > to ? to : newline;
    } else if (c === '<' && next === '<' && script[i + 2] !== '<') {
      // `<<EOF`, `<<-EOF`, `<<'EOF'`: the body starts on the next line (bash(1), Here Documents).
      const marker = /^<<(-?)[ \t]*(["']?)([^\s"'<>|&;()]+)\2/.exec(script.slice(i, Math.min(to, i + 200)));
      if (marker) heredocs.push({ delimiter: marker[3]!, stripTabs: marker[1] === '-', segment: segments.length });
      i += marker ? marker[0].length : 2;
    } else if ((c === '&' && next === '&') || (c === '|' && next === '|') || (c === ';' && next === ';')) {
      i = cut(i, c + next, 2);
    } else if (c === '|') {
      i = cut(i, '|', next === '&' ? 2 : 1);
    } else if (c === '\n' && heredocs.length === 0 && /^[|&]/.test(segments[segments.length - 1]?.op ?? '') && script.slice(start, i).trim() === '') {
      // A line that ends in `|`, `&&` or `||` goes on on the next one (bash(1), Pipelines, Lists):
      // `curl … |` then `sh` on the next line is one pipeline.
      i++;
    } else if (c === '\n') {
      i = cut(i, ';', 1);
      if (heredocs.length) {
        i = skipHeredocBodies(script, i, to, heredocs.splice(0), bodies);
        start = i;
      }
    } else if (c === ';' || c === '(' || c === ')') {
      i = cut(i, c, 1);
    } else if (c === '&' && next !== '>' && script[i - 1] !== '>' && script[i - 1] !== '<') {
      i = cut(i, '&', 1);
    } else i++;
  }
  if (start < to || segments.length === 0) segments.push({ start: Math.min(start, to), end: to, op: '' });
  return { segments, substitutions, protect, heredocs: bodies };
}

/** The offset of the `)` closing a `$(` whose contents start at `from` (or `to` when unclosed). */
function closingParen(script: string, from: number, to: number, literal: boolean): number {
  let depth = 1;
  let quote: string | undefined;
  for (let j = from; j < to; j++) {
    const c = script[j]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\' && !literal) j++;
    else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '$' && script[j + 1] === '(') {
        depth++;
        j++;
      }
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return to;
}

/**
 * Skips the bodies of the heredocs opened on the line that ended at `from` and records where each
 * body is; returns where code resumes.
 */
function skipHeredocBodies(
  script: string,
  from: number,
  to: number,
  heredocs: Array<{ delimiter: string; stripTabs: boolean; segment: number }>,
  bodies: Scan['heredocs'],
): number {
  let position = from;
  for (const { delimiter, stripTabs, segment } of heredocs) {
    const start = position;
    let end = to;
    while (position < to) {
      let lineEnd = script.indexOf('\n', position);
      if (lineEnd < 0 || lineEnd > to) lineEnd = to;
      const line = script.slice(position, lineEnd).replace(/\r$/, '');
      const lineStart = position;
      position = Math.min(lineEnd + 1, to);
      if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) {
        end = lineStart;
        break;
      }
    }
    if (end > start) bodies.push({ segment, body: { start, end } });
  }
  return position;
}
