import { type ParseEntry, parse } from 'shell-quote';

/**
 * Reading shell words with `shell-quote` without letting it touch what it cannot read: GitHub
 * expressions (`${{ matrix.image }}`, which it mangles or rejects as "Bad substitution") and
 * command substitutions (`$(…)`, which it splits at their parentheses). Each protected span is
 * swapped for an inert placeholder first and restored afterwards, so it stays part of its word.
 */

/** A half-open span of text, as character offsets. */
export interface Span {
  start: number;
  end: number;
}

const PLACEHOLDER = /__containment_word_(\d+)__/g;

/**
 * True when a word's value is not known before run time: it holds a `${{ }}` expression or a
 * shell variable. Such a value is never matched by a rule; the field it would fill stays absent.
 */
export function isUnknownWord(word: string): boolean {
  return word.includes('$');
}

/**
 * The `${{ … }}` expressions of a text. GitHub substitutes them before any shell runs, wherever
 * they stand (even inside single quotes), so they are found before quotes are read. An expression
 * left open runs to the end of the text.
 */
export function expressionSpans(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  for (let i = text.indexOf('${{', from); i >= 0 && i < to; i = text.indexOf('${{', i)) {
    const close = text.indexOf('}}', i + 3);
    const end = close < 0 || close + 2 > to ? to : close + 2;
    spans.push({ start: i, end });
    i = end;
  }
  return spans;
}

/** How to read words. */
export interface WordOptions {
  /** Backslash is an ordinary character (a Dockerfile written with "# escape=`"). */
  literalBackslash?: boolean;
  /** Spans (absolute offsets in `text`'s source, shifted by `base`) kept as parts of one word. */
  protect?: readonly Span[];
  /** Where `text` starts in the source that `protect` offsets refer to. */
  base?: number;
}

/**
 * Tokenizes text with shell quoting (`"a b"` is one word), variables left as written (`$HOME`,
 * `${TAG:-x}`: unknown here, not empty), expressions and protected spans intact.
 */
export function shellTokens(text: string, options: WordOptions = {}): ParseEntry[] {
  if (PLAIN.test(text)) return plainTokens(text);
  const base = options.base ?? 0;
  const spans = [...(options.protect ?? []), ...expressionSpans(text).map((s) => ({ start: s.start + base, end: s.end + base }))]
    .filter((span) => span.start >= base && span.end <= base + text.length)
    .sort((a, b) => a.start - b.start);
  const kept: string[] = [];
  let guarded = '';
  let at = 0;
  for (const span of spans) {
    const start = span.start - base;
    if (start < at) continue; // nested inside a span already protected
    guarded += text.slice(at, start) + `__containment_word_${kept.length}__`;
    kept.push(text.slice(start, span.end - base));
    at = span.end - base;
  }
  guarded += text.slice(at);
  if (options.literalBackslash) guarded = guarded.replace(/\\/g, '\\\\');
  const restore = (word: string): string => word.replace(PLACEHOLDER, (placeholder, index: string) => kept[Number(index)] ?? placeholder);
  let entries: ParseEntry[];
  try {
    entries = parse(guarded, (name) => (/^\w+$/.test(name) ? `$${name}` : `\${${name}}`));
  } catch {
    // shell-quote rejects some substitutions (`${` left open); plain blank splitting still finds flags.
    entries = guarded.split(/\s+/).filter((word) => word !== '');
  }
  return entries.map((entry) => {
    if (typeof entry === 'string') return restore(entry);
    if ('op' in entry && entry.op === 'glob') return { op: 'glob', pattern: restore(entry.pattern) };
    return entry;
  });
}

/**
 * Text with no quotes, escapes, variables, substitutions, operators or comments: what most words
 * of most commands are. shell-quote would split it at whitespace (its barewords exclude `\s`) and
 * report a word holding `*` or `?` as a glob, with nothing to restore or expand; done here
 * directly, as shell-quote builds and runs a large regular expression per call.
 */
const PLAIN = /^[^'"$`\\|&;()<>#]*$/;
const BLANKS = /\s+/;

function plainTokens(text: string): ParseEntry[] {
  const tokens: ParseEntry[] = [];
  for (const word of text.split(BLANKS)) {
    if (word === '') continue;
    tokens.push(word.includes('*') || word.includes('?') ? { op: 'glob', pattern: word } : word);
  }
  return tokens;
}

/**
 * Splits a string into argv words with shell quoting, keeping `${{ … }}` expressions intact.
 * Operators are kept as literal words: the runner hands a job container's `options:` to `docker
 * create` without a shell, so `|` there is just an argument.
 */
export function shellWords(text: string): string[] {
  return shellTokens(text).flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if ('op' in entry) return [entry.op === 'glob' && 'pattern' in entry ? entry.pattern : entry.op];
    return [];
  });
}
