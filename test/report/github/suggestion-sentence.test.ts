import { describe, expect, it } from 'vitest';
import { suggestionBody } from '../../../src/report/github/review-suggestions.js';
import { codeSpan, sentenceMarkdown } from '../../../src/report/markdown-escape.js';
import { finding } from '../scan-result-fixture.js';
import { renderedHazards } from './rendered-markdown.js';

/** Names a pull request may give a service, an option or a path, each markdown if not escaped. */
const NAMES = [
  '```@acme/security-team <img src=https://evil.example/p.png> [Approve](https://evil.example)`',
  '``@acme/team``',
  '`` `@acme/team` ``',
  '`x` @acme/team ![i](https://evil.example/i.png) `y`',
  'a`b',
  '`',
  '``',
  'web\n\n<img src=https://evil.example/p.png>',
  '@acme/team **bold** [link](https://evil.example)',
  '<a href="https://evil.example">x</a>',
];

/** The fix sentences of src/evaluate/fixes, a name put inside and outside their code spans. */
const SENTENCES = [
  (name: string) => `Add \`ALL\` to \`cap_drop\` of ${name}.`,
  (name: string) => `Set \`read_only: true\` on ${name}.`,
  (name: string) => `Publish this port of ${name} on 127.0.0.1 only.`,
  (name: string) => `Add \`${name}\` to \`cap_drop\` of ${name}.`,
  (name: string) => `End this RUN with \`&& ${name}\`.`,
  (name: string) => `Write \`${name}\` instead of \`ADD\`, with the same arguments.`,
];

describe('a fix sentence as markdown', () => {
  it.each(NAMES)('cannot mention, link, embed or format through the name %j', (name) => {
    for (const sentence of SENTENCES) {
      const markdown = sentenceMarkdown(sentence(name));
      expect(renderedHazards(markdown), markdown).toEqual([]);
      expect(markdown).not.toMatch(/\n/);
    }
  });

  it("keeps Containment's code spans", () => {
    expect(sentenceMarkdown('Add `ALL` to `cap_drop` of web.')).toBe('Add `ALL` to `cap_drop` of web\\.');
    expect(sentenceMarkdown('Set `read_only: true` on @team *web*.')).toBe('Set `read_only: true` on @&#8203;team \\*web\\*\\.');
    // A run of backticks closes only on a run of the same length, as CommonMark reads it.
    expect(sentenceMarkdown('Add ``a`b`` to x.')).toBe('Add ``a`b`` to x\\.');
    expect(sentenceMarkdown('An open ` stays text.')).toBe('An open \\` stays text\\.');
  });
});

describe('codeSpan', () => {
  it('holds any value literally on one line', () => {
    expect(codeSpan('compose.yaml')).toBe('`compose.yaml`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('```x')).toBe('```` ```x ````');
    expect(codeSpan(' x ')).toBe('`  x  `');
    expect(codeSpan('a\n\nb')).toBe('`a  b`');
    expect(codeSpan('')).toBe('`""`');
    for (const name of NAMES) expect(renderedHazards(`See ${codeSpan(name)} here.`)).toEqual([]);
  });
});

describe('a suggestion body', () => {
  it("renders a name with backtick runs as text, in the description and the finding's message", () => {
    const name = NAMES[0]!;
    const body = suggestionBody(
      finding({
        ruleId: 'container-capabilities-not-dropped',
        message: `${name} does not drop capabilities`,
        fix: { label: 'changes-behaviour', description: `Add \`ALL\` to \`cap_drop\` of ${name}.`, check: 'Check `cap_add`.', edits: [], lines: { start: 1, end: 1, text: '    cap_drop: [ALL]' } },
      }),
      'k',
    );
    // The block itself is code: only the text before it is rendered as markdown.
    const prose = body.slice(0, body.indexOf('```suggestion'));
    expect(renderedHazards(prose)).toEqual([]);
    expect(prose).toContain('`cap_drop`');
  });
});
