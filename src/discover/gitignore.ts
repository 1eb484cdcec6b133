import ignore from 'ignore';
import { RE2JS } from 're2js';

/**
 * `.gitignore` patterns (https://git-scm.com/docs/gitignore#_pattern_format) for a folder that is
 * not a git work tree, and for the config's path excludes. The `ignore` package reads each line
 * with git's rules (escapes, trailing spaces, `!`, a trailing `/`, anchoring, `*`, `?`, bracket
 * expressions with POSIX classes, `**`); the regular expression it builds is then run on `re2js`,
 * a linear-time engine, because the expression itself backtracks: `a/**\/a/**\/…/b` against a
 * path 60 folders deep took over 90 s with `ignore` alone (measured, ignore 7.0.17, Node 24). A
 * line either engine cannot take is refused with a reason: it then ignores nothing, so a broken
 * pattern can only make Containment read more, never less.
 */

/** One compiled pattern line. */
export interface IgnoreRule {
  /** The line as written. */
  pattern: string;
  negate: boolean;
  /** A trailing `/`: the pattern matches folders only. */
  directoryOnly: boolean;
  /**
   * Tests a path relative to the ignore file's folder. A folder's path is given without a trailing
   * slash; `directoryOnly` rules are only ever asked about folders.
   */
  regex: { test(path: string): boolean };
}

/** The rules of one `.gitignore`, with the folder (repository-relative, '' for the root) it sits in. */
export interface IgnoreFile {
  base: string;
  rules: IgnoreRule[];
}

/** A pattern line that was not used, and why; `line` is 1-based. */
export interface RefusedPattern {
  line: number;
  why: string;
}

/**
 * More patterns than any real ignore file holds (large monorepos have a few hundred). Each line
 * costs about 0.13 ms to compile and every path is tested against every rule that applies to it,
 * so a hostile file of a million lines would cost the scan minutes. Lines past the limit are
 * refused, which again only makes the scan read more.
 */
export const MAX_IGNORE_RULES = 5000;

/** Parses the text of an ignore file, returning the rules it could use and the lines it refused. */
export function compileGitignore(text: string, limit = MAX_IGNORE_RULES): { rules: IgnoreRule[]; refused: RefusedPattern[] } {
  const rules: IgnoreRule[] = [];
  const refused: RefusedPattern[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (rules.length >= limit) {
      const rest = lines.slice(index).filter((rest) => rest.trim() !== '' && !rest.startsWith('#')).length;
      if (rest > 0) refused.push({ line: index + 1, why: `only ${limit} patterns are used (per file at most ${MAX_IGNORE_RULES}, per scan at most ${MAX_SCAN_IGNORE_RULES})` });
      break;
    }
    const compiled = compileLine(line);
    if (compiled === undefined) continue;
    if ('why' in compiled) refused.push({ line: index + 1, why: compiled.why });
    else rules.push(compiled);
  }
  return { rules, refused };
}

/** Patterns over all the ignore files of one scan: about 2.5 s of compiling, at most. */
export const MAX_SCAN_IGNORE_RULES = 20_000;

/** The usable rules of an ignore file; refused lines are left out (see `compileGitignore`). */
export function parseGitignore(text: string): IgnoreRule[] {
  return compileGitignore(text).rules;
}

/** The internal shape of one `ignore` rule: the package keeps its compiled pattern here. */
interface IgnoreInternals {
  _rules?: { _rules?: Array<{ negative?: unknown; body?: unknown; regex?: unknown }> };
}

function compileLine(line: string): IgnoreRule | { why: string } | undefined {
  let rule: { negative?: unknown; body?: unknown; regex?: unknown } | undefined;
  let source: string;
  try {
    // Case-sensitive, as git is on Linux (core.ignoreCase=false), where Compose and CI run.
    const matcher: unknown = ignore({ ignorecase: false }).add(line);
    rule = (matcher as IgnoreInternals)._rules?._rules?.[0];
    if (!rule) return undefined; // a comment, a blank line, a lone `!`
    if (!(rule.regex instanceof RegExp) || typeof rule.body !== 'string') {
      throw new Error('the ignore package no longer exposes its compiled pattern');
    }
    source = rule.regex.source;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('the ignore package')) throw error;
    return { why: 'it is not a valid pattern' };
  }
  const linear = toLinear(source);
  if (linear === NEVER) return undefined; // git gives up on it (an unterminated `[`): it matches nothing
  if (linear === undefined) return { why: 'it uses a construct the linear-time matcher does not take' };
  let re: RE2JS;
  try {
    re = RE2JS.compile(linear);
  } catch {
    return { why: 'it is not a valid pattern' };
  }
  const directoryOnly = (rule.body as string).endsWith('/');
  return {
    pattern: line,
    negate: rule.negative === true,
    directoryOnly,
    // `ignore` marks a folder with a trailing slash; a directory-only pattern needs it to match.
    regex: { test: (path: string) => re.test(directoryOnly ? `${path}/` : path) },
  };
}

const NEVER = Symbol('never matches');

/**
 * Rewrites the expression `ignore` builds into RE2 syntax, or undefined when it holds a construct
 * this does not know. `ignore` pins each `*` but the last with a lookahead, `(?:(?!ab)[^\/])*ab`,
 * so a backtracking engine takes the leftmost piece; for a linear engine that is the plain
 * `[^\/]*ab`, which matches the same paths. The one other lookahead, `(?=$|\/$)`, only ever ends
 * the expression, where matching it is the same as asserting it.
 */
function toLinear(source: string): string | typeof NEVER | undefined {
  const PIN = '(?:(?!';
  const PIN_END = '[^\\/])*';
  const END = '(?=$|\\/$)';
  let out = '';
  let at = 0;
  while (at < source.length) {
    const char = source.charAt(at);
    if (source.startsWith(PIN, at)) {
      const close = closingParen(source, at + 3);
      if (close === undefined || !source.startsWith(PIN_END, close + 1)) return undefined;
      out += '[^\\/]*';
      at = close + 1 + PIN_END.length;
    } else if (source.startsWith(END, at)) {
      if (at + END.length !== source.length) return undefined;
      out += '(?:$|\\/$)';
      at += END.length;
    } else if (source.startsWith('(?', at) && !source.startsWith('(?:', at)) {
      return undefined; // another lookaround (a bracket expression that could match `/`)
    } else if (char === '\\') {
      out += source.slice(at, at + 2);
      at += 2;
    } else if (char === '[') {
      const end = classEnd(source, at);
      if (end === undefined) return undefined;
      // `[]` is how `ignore` writes a pattern git abandons; `[^]` does not occur.
      if (end === at + 1) return NEVER;
      if (source.startsWith('[^]', at)) return undefined;
      out += source.slice(at, end + 1);
      at = end + 1;
    } else {
      out += char;
      at++;
    }
  }
  return out;
}

/** The index of the `)` closing the group opened at `open`, skipping escapes and classes. */
function closingParen(source: string, open: number): number | undefined {
  let depth = 0;
  for (let at = open; at < source.length; at++) {
    const char = source.charAt(at);
    if (char === '\\') at++;
    else if (char === '[') {
      const end = classEnd(source, at);
      if (end === undefined) return undefined;
      at = end;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return at;
  }
  return undefined;
}

/** The index of the `]` closing the JavaScript class opened at `open` (the first unescaped one). */
function classEnd(source: string, open: number): number | undefined {
  for (let at = open + 1; at < source.length; at++) {
    const char = source.charAt(at);
    if (char === '\\') at++;
    else if (char === ']') return at;
  }
  return undefined;
}

/**
 * True when `path` (repository-relative) is ignored by the stack of `.gitignore` files that apply
 * to it, outermost first. The last matching pattern decides, and a deeper file beats a shallower
 * one, as in git. A path inside an ignored folder is never reached: the walker does not descend.
 */
export function isIgnored(stack: readonly IgnoreFile[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const file of stack) {
    const relative = file.base === '' ? path : path.slice(file.base.length + 1);
    for (const rule of file.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(relative)) ignored = !rule.negate;
    }
  }
  return ignored;
}
