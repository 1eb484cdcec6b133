import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from '../../src/report/markdown-escape.js';

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

describe('dollar signs (GitHub renders $…$ as math)', () => {
  it.each([
    ['${A}-${B}', '<span>$</span>\\{A\\}\\-<span>$</span>\\{B\\}'],
    ['$$x^2$$', '<span>$</span><span>$</span>x^2<span>$</span><span>$</span>'],
    ['price $5 and $6', 'price <span>$</span>5 and <span>$</span>6'],
  ])('escapeMarkdown(%j) leaves no bare $', (input, expected) => {
    const escaped = escapeMarkdown(input);
    expect(escaped).toBe(expected);
    expect(escaped.replaceAll('<span>$</span>', '')).not.toContain('$');
  });

  it('escapeHtml wraps every $ too, and its entities still hold', () => {
    const escaped = escapeHtml('$HOME <b> "$(id)"');
    expect(escaped).toBe('<span>$</span>HOME &lt;b&gt; &quot;<span>$</span>(id)&quot;');
    expect(escaped.replaceAll('<span>$</span>', '')).not.toMatch(/[$<>]/);
  });
});
