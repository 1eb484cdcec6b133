import { describe, expect, it } from 'vitest';
import type { DocumentKind } from '../../src/core/source-document.js';
import { parseDocument } from '../../src/documents/parse-document.js';

/**
 * No message quotes raw text from a file that did not parse: such a file may not be what its name
 * says (a link to `.git/config`, a credential pasted in the wrong place). Each broken file below
 * holds a secret-like token where the parser's own message would quote it.
 */

const TOKEN = 'ghsSECRETtoken0123456789abcdefABCDEF';
const BASIC = 'eC1hY2Nlc3MtdG9rZW46Z2hzX1NFQ1JFVA';

const broken: Array<[string, DocumentKind, string, string]> = [
  ['an undefined alias', 'compose', 'compose.yaml', `services:\n  web:\n    image: *${TOKEN}\n`],
  ['an unknown tag', 'compose', 'compose.yaml', `services:\n  web:\n    image: !${TOKEN} {a: [}\n`],
  ['a key over 1,024 characters', 'compose', 'compose.yaml', `services:\n  ${TOKEN.repeat(40)} x: 1\n`],
  ['an unclosed quote', 'compose', 'compose.yaml', `services:\n  web:\n    image: "${TOKEN}\n`],
  ['.git/config read as YAML', 'compose', 'compose.yaml', `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${BASIC}\n[core]\n\trepositoryformatversion = 0\n`],
  ['bad indentation', 'workflow', '.github/workflows/ci.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n   ${TOKEN}: x\n  - ${TOKEN}\n`],
  ['a tab as indentation', 'action', 'action.yml', `runs:\n\tusing: ${TOKEN}\n`],
  ['a flow collection left open', 'workflow', '.github/workflows/ci.yml', `on: [push, ${TOKEN}\njobs: {}\n`],
  ['an unknown instruction', 'dockerfile', 'Dockerfile', `FROM alpine:3.20\n${TOKEN}=1\n`],
  ['.git/config read as a Dockerfile', 'dockerfile', 'Dockerfile', `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${BASIC}\n`],
];

describe('parse errors name a position, never the text', () => {
  it.each(broken)('%s', (_, kind, path, text) => {
    const document = parseDocument(kind, path, text);
    const problems = document.problems.filter((problem) => problem.ruleId === 'parse-error');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.message).not.toContain(TOKEN);
      expect(problem.message).not.toContain(BASIC);
      expect(problem.message).not.toMatch(/extraheader|AUTHORIZATION|ghsSECRET/);
    }
  });

  it('a YAML error says its line and column, and the range points there', () => {
    const [problem] = parseDocument('compose', 'compose.yaml', `services:\n  web:\n    image: *${TOKEN}\n`).problems;
    expect(problem?.message).toMatch(/^This file is not valid YAML at line 3, column 12: the YAML alias used here is not defined/);
    expect(problem?.range.start.line).toBe(3);
  });
});
