import { describe, expect, it } from 'vitest';
import { cleanText, logLine } from '../../src/report/plain-text.js';
import { runnerCommand } from '../e2e/runner-commands.js';

/** Text a pull request controls, each a workflow command if printed as it is. */
const HOSTILE = [
  '~##[stop-commands]x/compose.yaml',
  'notice: ##[warning title=Containment;file=compose.yaml;line=4]privileged is fine',
  'a###[add-mask]secret',
  '##[set-output name=sarif-file;]evil',
  '::error::forged',
  '   ::stop-commands::token',
  '\u3000::add-mask::x',
  '\u00a0::warning::x',
  // Characters the runner's culture-sensitive search skips: a plain search for `##[` misses these.
  '#\u200b#[stop-commands]x',
  '#\u00ad#\u2060[add-mask]x',
  '\ufeff::error::bom',
  '\u200b::error::zwsp',
  ':\u200d:error::zwj',
  '#\u0000#[error]nul',
  '#\u{e0001}#[error]tag',
  '#\ufe0f#[error]selector',
];

describe('logLine', () => {
  it.each(HOSTILE)('leaves nothing the runner takes for a command: %j', (text) => {
    expect(runnerCommand(text)).toBeDefined();
    const line = logLine(text);
    expect(runnerCommand(line)).toBeUndefined();
    expect(runnerCommand(`notice: ${line}`)).toBeUndefined();
    expect(line).not.toContain('##[');
    expect(line.trimStart().startsWith('::')).toBe(false);
  });

  it('keeps one line, showing control characters instead of obeying them', () => {
    expect(logLine('a\nb\r\nc\rd \u2028 e')).toBe('a b c d e');
    expect(logLine('evil\u001b[2J\u0007bell\u0085nel')).toBe('evil\\u001b[2J\\u0007bell\\u0085nel');
    expect(logLine('tab\there')).toBe('tab here');
  });

  it('changes ordinary text not at all', () => {
    for (const text of ['compose.yaml: 2 findings (1 high)', 'image nginx:1.27 #1 [x] a::b', 'naïve 日本 😀 #[x] ##x']) expect(logLine(text)).toBe(text);
  });

  it('shows a broken command as an escape, so a reader can tell what was written', () => {
    expect(logLine('~##[stop-commands]x')).toBe('~\\u0023#[stop-commands]x');
    expect(logLine('  ::error::x')).toBe('  \\u003a:error::x');
    expect(logLine('#\u200b#[x')).toBe('#\\u200b#[x');
    expect(logLine('\u{e0001}')).toBe('\\u{e0001}');
    expect(logLine('lone \ud83d surrogate')).toBe('lone \\ud83d surrogate');
  });
});

describe('cleanText', () => {
  it('keeps a value that starts a line from starting a command, wherever it is printed', () => {
    for (const text of HOSTILE) {
      const clean = cleanText(text);
      expect(runnerCommand(clean)).toBeUndefined();
      expect(runnerCommand(`${clean}:4:5  critical  rule  message`)).toBeUndefined();
      expect(clean).not.toMatch(/[\n\r\u0000-\u001f]/);
    }
  });
});
