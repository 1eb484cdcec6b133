import type { ParseEntry } from 'shell-quote';
import type { Span } from './shell-words.js';

/**
 * Where each word of a command is written, so a finding about one flag is placed on that flag.
 * shell-quote reports no offsets; a small quote-aware scan finds the words' spans, and each span
 * is then checked against the word shell-quote read (quotes and escapes removed, protected spans
 * kept as written). When any disagrees, the answer is undefined and callers place findings on the
 * command's line instead: a wrong column is worse than a coarse one.
 */

/** The redirect operators shell-quote reports as tokens of their own. */
const REDIRECT = /^[0-9]*(?:&>>|&>|>>|>&|<&|>\||<>|<<<|<<|<\(|>\(|>|<)/;

/**
 * The blank-separated words of `text[from, to)` as spans, redirect operators apart. Blanks include
 * a backslash-newline (unless `literal`); a `#` at a word's start ends the scan (a comment).
 */
export function wordSpans(text: string, from: number, to: number, literal: boolean, protect: readonly Span[]): Span[] {
  const spanAt = new Map(protect.map((span) => [span.start, span.end]));
  const spans: Span[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    const start = i;
    const redirect = REDIRECT.exec(text.slice(i, Math.min(to, i + 4)));
    if (redirect && /[<>]/.test(c)) {
      spans.push({ start, end: i + redirect[0].length });
      i += redirect[0].length;
      continue;
    }
    let quote: string | undefined;
    while (i < to) {
      const ch = text[i]!;
      const protectedEnd = quote === undefined ? spanAt.get(i) : undefined;
      if (protectedEnd !== undefined) {
        i = protectedEnd;
        continue;
      }
      if (quote === undefined && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '<' || ch === '>')) break;
      if (ch === '\\' && quote !== "'" && !literal) i++;
      else if (quote === undefined && (ch === '"' || ch === "'")) quote = ch;
      else if (ch === quote) quote = undefined;
      i++;
    }
    spans.push({ start, end: Math.min(i, to) });
  }
  return spans;
}

/**
 * Pairs shell-quote's tokens with the scanned spans: one span per word or operator token.
 * Returns a span per token (undefined for a comment and what follows), or undefined when they
 * do not line up.
 */
export function alignSpans(text: string, tokens: readonly ParseEntry[], spans: readonly Span[], literal: boolean, protect: readonly Span[]): Array<Span | undefined> | undefined {
  const aligned: Array<Span | undefined> = [];
  let k = 0;
  for (const token of tokens) {
    if (typeof token !== 'string' && 'comment' in token) break;
    const span = spans[k++];
    if (!span) return undefined;
    const raw = text.slice(span.start, span.end);
    if (typeof token === 'string' || ('op' in token && token.op === 'glob')) {
      const word = typeof token === 'string' ? token : 'pattern' in token ? token.pattern : '';
      if (unquote(text, span, literal, protect) !== word) return undefined;
    } else if (!('op' in token) || raw.replace(/^[0-9]+/, '') !== token.op) return undefined;
    aligned.push(span);
  }
  return k === spans.length ? aligned : undefined;
}

/** A word as the shell reads it: quotes and escapes removed, protected spans as written. */
function unquote(text: string, span: Span, literal: boolean, protect: readonly Span[]): string {
  const spanAt = new Map(protect.map((p) => [p.start, p.end]));
  let out = '';
  let quote: string | undefined;
  for (let i = span.start; i < span.end; i++) {
    const c = text[i]!;
    const protectedEnd = spanAt.get(i);
    if (protectedEnd !== undefined && protectedEnd <= span.end) {
      out += text.slice(i, protectedEnd);
      i = protectedEnd - 1;
    } else if (c === '\\' && !literal && quote !== "'") {
      const next = text[i + 1];
      // Inside double quotes a backslash escapes only `$`, `` ` ``, `"` and `\` (POSIX 2.2.3).
      if (quote === '"' && next !== undefined && !'$`"\\'.includes(next)) out += c;
      else if (next !== undefined) {
        out += next;
        i++;
      }
    } else if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
    else out += c;
  }
  return out;
}
