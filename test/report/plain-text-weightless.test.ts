import { describe, expect, it } from 'vitest';
import { cleanText, shownText } from '../../src/report/plain-text.js';

// The runner finds `##[` and a leading `::` with culture-sensitive comparisons (ICU), which skip
// characters of no weight; every such character between the two must still break the command
// (helper-42). The collator stands in for the runner's comparison.
const collator = new Intl.Collator('en-US', { sensitivity: 'variant', ignorePunctuation: false });

describe('no weightless character lets a workflow command through', () => {
  it('every code point ICU skips inside ##[ or a leading :: is escaped or breaks the match', () => {
    const left: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (collator.compare(`#${c}#[`, '##[') === 0) {
        // The runner looks for `##[` anywhere in the line.
        const out = shownText(`x#${c}#[stop-commands]`);
        if ([...out].some((_, i) => collator.compare(out.slice(i, i + 3 + c.length), '##[') === 0)) left.push(`##[ ${cp.toString(16)}`);
      }
      if (collator.compare(`:${c}:`, '::') === 0) {
        // And for `::` at the start of the line.
        const out = cleanText(`:${c}:stop-commands::x`);
        if (collator.compare(out.slice(0, 2 + c.length), '::') === 0) left.push(`:: ${cp.toString(16)}`);
      }
    }
    expect(left).toEqual([]);
  }, 120_000);

  it('keeps the marks themselves as text', () => {
    expect(shownText('#\u0591#[x')).toBe('\\u0023\u0591#[x');
    expect(cleanText('\u0640::x')).toBe('\u0640\\u003a:x');
    expect(shownText('שָׁלוֹם # ok')).toBe('שָׁלוֹם # ok');
  });
});
