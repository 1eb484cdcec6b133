import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { RE2JS } from 're2js';
import { ownString } from './finding.js';
import { escapeSegment } from './json-pointer.js';

/**
 * The regular-expression engine of every JSON Schema `pattern` and `patternProperties` key: the
 * built-in packs, custom packs, params a config overrides, and the Compose Specification's schema.
 * Those patterns run against values a pull request writes, and JavaScript's backtracking engine
 * can take exponential time on a crafted value (`^.*a.*a.*a.*a.*b$` on 3,000 characters never
 * finishes). RE2 (https://github.com/google/re2/wiki/Syntax), here its JavaScript port `re2js`,
 * matches in time linear in the value, and refuses what it cannot do that way: backreferences and
 * lookahead. re2js adds lookbehind (`(?<=…)`, `(?<!…)`), still in linear time, which is enough to
 * say "but not ending in `_FILE`" at the end of a pattern.
 *
 * JSON Schema patterns are ECMA-262 regular expressions; `RE2JS.translateRegExp` rewrites the
 * spellings RE2 does not share (`\uXXXX`, `\u{…}`, `(?<name>…)`, `\cX`). What is left differs only
 * at the margins: `.` and `\s` follow RE2 (`.` stops only at `\n`; `\s` is ASCII white space).
 * Search semantics, as in JSON Schema: the pattern may match anywhere unless anchored.
 *
 * `code` is what Ajv's standalone code calls: scripts/build.mjs imports `linearRegExp` into the
 * precompiled validators, so the bundle runs the same engine as the sources.
 */
export const linearRegExp: RegExpEngine = Object.assign((pattern: string, _unicode: string) => compileLinear(pattern), { code: 'linearRegExp' });

/**
 * The same engine for the validators scripts/build.mjs compiles ahead of time, which create every
 * pattern of every built-in schema (hundreds, with the Compose Specification's) when the bundle is
 * loaded: each compiles on its first `test`, so a run pays only for the patterns its files reach.
 * Measured on an empty folder: 26 ms of a 140 ms start were these compilations. Only for patterns
 * already known to compile (the build compiled them): an invalid one would throw at first use.
 */
export const lazyLinearRegExp: RegExpEngine = Object.assign(
  (pattern: string, _unicode: string): LinearPattern => {
    let compiled: LinearPattern | undefined;
    return {
      test: (value: string) => {
        compiled ??= compileLinear(pattern);
        return compiled.test(value);
      },
      toString: () => `re2:${pattern}`,
    };
  },
  { code: 'lazyLinearRegExp' },
);

/** A compiled pattern; `toString` keys Ajv's cache, so it must differ between patterns. */
export interface LinearPattern {
  test(value: string): boolean;
  toString(): string;
}

const cache = new Map<string, LinearPattern>();

/**
 * The longest value whose result a pattern remembers, in UTF-16 code units. Longer values (whole
 * scripts) rarely repeat.
 */
export const LINEAR_MEMO_MAX_VALUE = 256;
/**
 * What the memos of all patterns together may hold, in bytes as `memoEntryBytes` counts them: a
 * pull request that writes a million different words cannot make them grow past it, and the
 * values past it are matched as before. test/core/linear-regex-memo.test.ts fills it with the
 * smallest values, which cost the most per character, and checks the heap against it. The real
 * corpus of bench/README.md fills 1.4 MiB.
 */
export const LINEAR_MEMO_BUDGET_BYTES = 4 * 1024 * 1024;
let memoBytes = 0;

/**
 * What one remembered value costs: its copy (two bytes a code unit, as V8 may store any string)
 * and 72 bytes for the string's header, the Map's entry and its table's free room. A review helper
 * measured about 28 bytes beyond the characters (2 Mi two-unit values held 56.7 MB), and a table
 * that has just doubled holds more; test/core/linear-regex-memo.test.ts checks the heap stays under
 * the count.
 */
function memoEntryBytes(value: string): number {
  return 2 * value.length + 72;
}

/** Bytes the memos hold so far, as `memoEntryBytes` counts them; for tests and the benchmark. */
export function linearMemoBytes(): number {
  return memoBytes;
}

/** Every pattern's memo, so that a test can start from empty ones (`clearLinearMemos`). */
const memos: Array<Map<string, boolean>> = [];

/** Empties every pattern's memo; for tests that measure what the memos hold. */
export function clearLinearMemos(): void {
  for (const memo of memos) memo.clear();
  memoBytes = 0;
}

/**
 * Compiles an ECMA-262 pattern for RE2. Throws `Error` with RE2's reason (for example "invalid or
 * unsupported Perl syntax: `(?=`") when RE2 cannot express it.
 */
export function compileLinear(pattern: string): LinearPattern {
  let compiled = cache.get(pattern);
  if (!compiled) {
    // translateRegExp turns JavaScript's named backreference `\k<name>` into the literal text
    // `k<name>`: refused here, as RE2 refuses `\1`, rather than silently matching something else.
    if (/(^|[^\\])(\\\\)*\\k</.test(pattern)) throw new Error('invalid escape sequence: `\\k<` (a backreference)');
    const re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.LOOKBEHINDS);
    // Each pattern remembers its result for short values: rules test the same words again and again
    // (on the real corpus of bench/README.md, 227,658 tests of 12,657 different pattern-value pairs:
    // every shell word against the package and variable lists). A result is a pure function of the
    // pattern and the value. The value is copied (`ownString`): a slice of a file's text would keep
    // the whole file alive for the rest of the scan.
    const memo = new Map<string, boolean>();
    memos.push(memo);
    compiled = {
      test: (value: string) => {
        if (value.length > LINEAR_MEMO_MAX_VALUE) return re.test(value);
        let result = memo.get(value);
        if (result === undefined) {
          result = re.test(value);
          const cost = memoEntryBytes(value);
          if (memoBytes + cost <= LINEAR_MEMO_BUDGET_BYTES) {
            memo.set(ownString(value), result);
            memoBytes += cost;
          }
        }
        return result;
      },
      toString: () => `re2:${pattern}`,
    };
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Why RE2 refuses a pattern, or undefined when it compiles. */
export function linearPatternError(pattern: string): string | undefined {
  try {
    compileLinear(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every `pattern` and `patternProperties` key in a JSON Schema, with its JSON Pointer. */
export function schemaPatterns(schema: unknown, pointer = ''): Array<{ pattern: string; pointer: string }> {
  const found: Array<{ pattern: string; pointer: string }> = [];
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${at}/${index}`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const childAt = `${at}/${escapeSegment(key)}`;
      if (key === 'pattern' && typeof child === 'string') found.push({ pattern: child, pointer: childAt });
      if (key === 'patternProperties' && child !== null && typeof child === 'object') {
        for (const name of Object.keys(child)) found.push({ pattern: name, pointer: `${childAt}/${escapeSegment(name)}` });
      }
      visit(child, childAt);
    }
  };
  visit(schema, pointer);
  return found;
}

/**
 * The first pattern of a schema that RE2 cannot compile, with where it is and a message for the
 * author of the rule; undefined when every pattern compiles.
 */
export function unsupportedPattern(schema: unknown, pointer = ''): { pointer: string; message: string } | undefined {
  for (const found of schemaPatterns(schema, pointer)) {
    const reason = linearPatternError(found.pattern);
    if (reason !== undefined) {
      return {
        pointer: found.pointer,
        message:
          `The pattern ${JSON.stringify(found.pattern)} is not RE2 syntax (${reason}). Patterns run on RE2, which matches in linear time ` +
          'so that no value in a pull request can stall the scan; it has no backreferences (\\1) and no lookahead ((?=, (?!). ' +
          'Rewrite it without them: a lookahead at the start of an anchored pattern can be a lookbehind ((?<=, (?<!) before its final $, or a `not: { pattern: … }` beside it.',
      };
    }
  }
  return undefined;
}
