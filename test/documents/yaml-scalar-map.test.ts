import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range } from '../../src/core/source-document.js';
import { LineIndex } from '../../src/core/text-lines.js';
import { readYaml } from '../../src/documents/yaml-source.js';

/** The file's text at a range. */
function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(range.start.line, range.start.column), lines.offset(range.end.line, range.end.column));
}

/** The blank-separated words of a value with their offsets. */
function wordsOf(value: string): Array<{ word: string; start: number; end: number }> {
  return [...value.matchAll(/\S+/g)].map((match) => ({ word: match[0], start: match.index, end: match.index + match[0].length }));
}

const STYLES = ['|', '|-', '|+', '|2', '|4-', '>', '>-', '>+', '>2', 'plain', 'double', 'single'] as const;
type Style = (typeof STYLES)[number];

/** `step.run` written in `style`, its lines indented under a key that is itself indented by 2. */
function render(style: Style, lines: string[][], extra: number[], escapes: boolean): string {
  const explicit = /\d/.exec(style)?.[0];
  // The indicator counts from the parent's indentation (2 here).
  const indent = ' '.repeat(explicit ? 2 + Number(explicit) : 4);
  if (style === 'plain') return `step:\n  run: ${lines.map((words) => words.join(' ')).join(`\n${indent}`)}\n`;
  if (style === 'single') return `step:\n  run: '${lines.map((words) => words.join(' ')).join(`\n${indent}`)}'\n`;
  if (style === 'double') {
    // Escapes: a tab written as `\t` between words, a line ending in an escaped line break.
    const join = (words: string[]) => words.join(escapes ? ' \\t' : ' ');
    return `step:\n  run: "${lines.map(join).join(escapes ? ` \\\n${indent}` : `\n${indent}`)}"\n`;
  }
  // An explicit indentation indicator lets a block's first line be more indented than the rest.
  const body = lines.map((words, i) => `${indent}${explicit || i > 0 ? ' '.repeat(extra[i] ?? 0) : ''}${words.join(' ')}`);
  return `step:\n  run: ${style}\n${body.join('\n')}\n`;
}

/** Words that stay strings in every style (a plain `true` or `null` would not be). */
const word = fc.stringMatching(/^[a-z][a-z0-9/._=]{0,7}$/).filter((w) => !/^(true|false|null|yes|no|on|off|y|n)$/.test(w));
const scriptLines = fc.array(fc.array(word, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });

describe('locating words inside YAML scalars', () => {
  it('finds every word of a random scalar at a range that holds exactly that word, in every style', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STYLES), scriptLines, fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }), fc.boolean(), fc.boolean(), (style, lines, extra, escapes, crlf) => {
        // Windows line endings: the carriage returns are blanks YAML drops.
        const text = crlf ? render(style, lines, extra, escapes).replace(/\n/g, '\r\n') : render(style, lines, extra, escapes);
        const yaml = readYaml(text);
        expect(yaml.problems).toEqual([]);
        const value = (yaml.value as { step: { run: string } }).step.run;
        const words = wordsOf(value);
        expect(words.map((w) => w.word)).toEqual(lines.flat());
        for (const { word: found, start, end } of words) {
          const range = yaml.locateText('/step/run', start, end);
          expect(range && textAt(text, range)).toBe(found);
        }
      }),
    );
  });

  it('maps a folded block back across the lines folding joined', () => {
    const text = 'step:\n  run: >\n    docker run --rm\n    --privileged\n\n    -v /:/host alpine\n';
    const yaml = readYaml(text);
    const value = (yaml.value as { step: { run: string } }).step.run;
    expect(value).toBe('docker run --rm --privileged\n-v /:/host alpine\n');
    const at = (needle: string) => yaml.locateText('/step/run', value.indexOf(needle), value.indexOf(needle) + needle.length);
    expect(at('--privileged')).toEqual({ start: { line: 4, column: 5 }, end: { line: 4, column: 17 } });
    expect(at('-v /:/host')).toEqual({ start: { line: 6, column: 5 }, end: { line: 6, column: 15 } });
    // A span across a fold runs from its first word's line to its last word's.
    expect(at('--rm --privileged')).toEqual({ start: { line: 3, column: 16 }, end: { line: 4, column: 17 } });
  });

  it('decodes quotes and escapes, and refuses a place it cannot confirm', () => {
    const text = `a: 'it''s here'\nb: "x \\u0041\\"y\\" z"\nc: 12\n`;
    const yaml = readYaml(text);
    expect(yaml.locateText('/a', 0, 4)).toEqual({ start: { line: 1, column: 5 }, end: { line: 1, column: 10 } });
    // `A"y"` is written `\u0041\"y\"`.
    expect(yaml.locateText('/b', 2, 6)).toEqual({ start: { line: 2, column: 7 }, end: { line: 2, column: 18 } });
    expect(yaml.locateText('/c', 0, 2)).toBeUndefined();
    expect(yaml.locateText('/missing', 0, 1)).toBeUndefined();
    expect(yaml.locateText('/a', 4, 5)).toBeUndefined();
  });
});
