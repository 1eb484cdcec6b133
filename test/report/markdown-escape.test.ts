import { describe, expect, it } from 'vitest';
import { joinMessage } from '../../src/core/finding.js';
import { escapeHtml, escapeMarkdown, messageMarkdown } from '../../src/report/markdown-escape.js';

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

describe('messageMarkdown', () => {
  it('renders the rule text as markdown and escapes only the values from files', () => {
    const parts = [{ text: 'Remove `privileged: true` from ' }, { value: 'web_*1*' }, { text: ', or set `user: ' }, { value: '1000' }, { text: '`.' }];
    expect(messageMarkdown(joinMessage(parts))).toBe('Remove `privileged: true` from web\\_\\*1\\*, or set `user: 1000`.');
  });

  it('keeps a hostile value inside its code span and its table cell', () => {
    const parts = [{ text: '`' }, { value: 'a`b|c\n<img src=x onerror=alert(1)> @team $x$' }, { text: '` is pulled' }];
    const out = messageMarkdown(joinMessage(parts));
    expect(out).toBe('`a\u2018b\\|c <img src=x onerror=alert(1)> @team $x$` is pulled');
    // Exactly two backticks: the span the rule opened and the one it closed.
    expect(out.match(/`/g)).toHaveLength(2);
    expect(out).not.toContain('\n');
  });

  it('escapes a value outside a code span like any text from a file', () => {
    const out = messageMarkdown(joinMessage([{ text: 'service ' }, { value: '@team <b>x</b> [l](http://e.x)' }]));
    expect(out).toBe(`service ${escapeMarkdown('@team <b>x</b> [l](http://e.x)')}`);
  });

  it('escapes a message without parts whole (a parser problem may quote a name)', () => {
    expect(messageMarkdown({ message: '`a` → `@b`' })).toBe(escapeMarkdown('`a` → `@b`'));
  });
});
