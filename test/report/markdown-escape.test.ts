import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/report/markdown-escape.js';

describe('escapeMarkdown', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['`code`', '\\`code\\`'],
    ['<script>', '&lt;script&gt;'],
    ['@team/admins', '@&#8203;team/admins'],
    ['fixes #12', 'fixes #&#8203;12'],
    ['one\ntwo\r\nthree', 'one<br>two<br>three'],
    ['**bold** _it_ [x](y) ![i](j)', '\\*\\*bold\\*\\* \\_it\\_ \\[x\\]\\(y\\) \\!\\[i\\]\\(j\\)'],
    ['https://evil.example', 'https&#58;//evil\\.example'],
    ['a & b', 'a &amp; b'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});
