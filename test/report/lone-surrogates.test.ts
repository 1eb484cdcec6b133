import { describe, expect, it } from 'vitest';
import { checkAnnotation } from '../../src/report/github/check-run.js';
import { resolveCommitSha } from '../../src/report/github/commit-sha.js';
import { lineUrl } from '../../src/report/github/report-sections.js';
import { suggestionBody } from '../../src/report/github/review-suggestions.js';
import { suppressedSection } from '../../src/report/github/suppressed-section.js';
import { formatSarif } from '../../src/report/sarif.js';
import { truncateText, wellFormed } from '../../src/report/truncate-text.js';
import { finding, scanResult } from './scan-result-fixture.js';

/** Half a surrogate pair with no other half: not Unicode text, and JSON carries it as `\ud83d`. */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const EMOJI = '😀';

describe('truncateText and wellFormed', () => {
  it('never cut a surrogate pair in two', () => {
    for (let max = 1; max < 12; max++) {
      const cut = truncateText(`abc${EMOJI.repeat(10)}`, max);
      expect(cut, String(max)).not.toMatch(LONE);
      expect(cut.length).toBeLessThanOrEqual(max);
    }
    expect(truncateText(`ab${EMOJI}`, 4)).toBe(`ab${EMOJI}`);
    expect(truncateText(`ab${EMOJI}cd`, 4)).toBe('ab…');
    expect(truncateText(`ab${EMOJI}cd`, 5)).toBe(`ab${EMOJI}…`);
  });

  it('replace lone surrogates, and only those, by U+FFFD', () => {
    expect(wellFormed('a\ud83db')).toBe('a\ufffdb');
    expect(wellFormed('a\ude00b')).toBe('a\ufffdb');
    expect(wellFormed(`x${EMOJI}\ud83d`)).toBe(`x${EMOJI}\ufffd`);
    expect(wellFormed(`plain ${EMOJI} text`)).toBe(`plain ${EMOJI} text`);
  });
});

describe('text for GitHub and SARIF holds no lone surrogate', () => {
  it('where a suppression reason is cut', () => {
    const reason = `${'r'.repeat(299)}${EMOJI.repeat(3)}`;
    const suppressed = [{ ...finding(), suppression: { kind: 'inline' as const, justification: reason, line: 1 } }];
    const section = suppressedSection(scanResult([], { suppressed }), {}, (text) => text.length, 10_000);
    expect(section).toContain('r'.repeat(299));
    expect(section).not.toMatch(LONE);
  });

  it('where a check-run annotation is cut, and in its path and title', () => {
    const annotation = checkAnnotation(finding({ message: `${'m'.repeat(64 * 1024 - 2)}${EMOJI.repeat(4)}`, title: `${'t'.repeat(230)}${EMOJI.repeat(20)}` }));
    expect(annotation.message).not.toMatch(LONE);
    expect(annotation.message.length).toBeLessThanOrEqual(64 * 1024 - 1);
    expect(annotation.title).not.toMatch(LONE);
    expect(checkAnnotation(finding({ message: 'web\ud83d runs privileged' })).message).not.toMatch(LONE);
  });

  it('in SARIF, whose writer escapes a lone surrogate instead of refusing it', () => {
    const related = [{ path: 'a\ud83d/b.yaml', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, message: 'from \ude00 here' }];
    const sarif = formatSarif(scanResult([finding({ message: 'web\ud83d runs privileged', related })], { notices: [{ level: 'warning', message: 'x\ud83d' }] }), { onCut: () => {} });
    expect(sarif).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    expect(sarif).toContain('web\ufffd runs privileged');
    expect(sarif).toContain('a%EF%BF%BD/b.yaml');
  });

  it('in a suggestion, and in a link to the lines', () => {
    const body = suggestionBody(
      finding({ message: 'web\ud83d', fix: { label: 'safe', description: 'Add `ALL` to `cap_drop` of web\ud83d.', check: 'Check.', edits: [], lines: { start: 1, end: 1, text: 'x' } } }),
      'k',
    );
    expect(body).not.toMatch(LONE);
    expect(lineUrl({ blobBase: 'https://github.com/o/r/blob/abc' }, 'a\ud83d/compose.yaml', 1, 1)).toBe('https://github.com/o/r/blob/abc/a%EF%BF%BD/compose.yaml#L1');
  });

  it('and a tag that holds one is no tag to ask GitHub about, not a thrown error', async () => {
    const answer = await resolveCommitSha({ owner: 'actions', repo: 'checkout', ref: 'v4\ud83d' }, { apiUrl: 'http://127.0.0.1:9', timeoutMs: 100 });
    expect(answer).toEqual({ error: expect.stringContaining('is not a repository and a tag or branch GitHub could have') });
  });
});
