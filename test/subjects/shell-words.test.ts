import fc from 'fast-check';
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { shellTokens, shellWords } from '../../src/languages/shell-words.js';

/** What shellTokens answered before plain text skipped shell-quote: shell-quote's own reading. */
const viaShellQuote = (text: string) => parse(text, (name) => (/^\w+$/.test(name) ? `$${name}` : `\${${name}}`));

describe('shellTokens', () => {
  it('reads plain words, globs included, as shell-quote does', () => {
    expect(shellTokens('apt-get install -y  curl\tgit /var/lib/apt/lists/* a?b [ab].c')).toEqual([
      'apt-get',
      'install',
      '-y',
      'curl',
      'git',
      { op: 'glob', pattern: '/var/lib/apt/lists/*' },
      { op: 'glob', pattern: 'a?b' },
      '[ab].c',
    ]);
    expect(shellTokens('')).toEqual([]);
    expect(shellTokens('   ')).toEqual([]);
  });

  it('answers exactly as shell-quote on any text without quotes, escapes, variables or operators', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', '/', ':', '=', '@', '%', '+', ',', '~', '{', '}', '[', ']', '!', '^', '*', '?', ' ', '\t', '\n', '\r', '\u00a0', 'é') });
    fc.assert(
      fc.property(plain, (text) => {
        expect(shellTokens(text)).toEqual(viaShellQuote(text));
        expect(shellTokens(text, { literalBackslash: true })).toEqual(viaShellQuote(text));
      }),
      { numRuns: 500 },
    );
  });

  it('still hands anything else to shell-quote', () => {
    expect(shellWords('echo "a b" $X ${{ matrix.x }} x|y')).toEqual(['echo', 'a b', '$X', '${{ matrix.x }}', 'x', '|', 'y']);
  });
});
