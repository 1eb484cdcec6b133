import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules.filter((rule) => rule.id === 'command-apt-install-recommends')));
const judge = (run: string): Finding[] => evaluate([parseDockerfile('Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\nRUN ${run}\n`)], rules);

describe('command-add-option on a RUN of many commands', () => {
  it('finds each command by its own words, however many there are', () => {
    const run = Array.from({ length: 500 }, (_, i) => `apt-get install -y pkg${i}`).join(' && ');
    const findings = judge(run);
    expect(findings).toHaveLength(500);
    // One edit each, right after its own `install`: 500 different places, in the command's words.
    const line = `RUN ${run}`;
    const columns = findings.map((finding) => {
      expect(finding.fix?.edits).toHaveLength(1);
      return finding.fix!.edits[0]!.range.start.column;
    });
    const expected = [...line.matchAll(/apt-get install/g)].map((match) => match.index + 'apt-get install'.length + 1);
    expect(expected).toHaveLength(500);
    expect(columns.sort((a, b) => a - b)).toEqual(expected);
  });

  it('proposes no edit for a command written twice, even apart, or as another command\'s words', () => {
    for (const run of ['apt-get install -y curl && apt-get install -y curl', 'echo apt-get install -y curl > f; apt-get install -y curl', 'apt-get install -y curl && true && true && apt-get install -y curl']) {
      const findings = judge(run);
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect(finding.fix).toBeUndefined();
        expect(finding.fixNote).toMatch(/written more than once/);
      }
    }
  });

  it('gives each of two commands that differ in one word its own edit', () => {
    const findings = judge('apt-get install -y a && apt-get install -ya');
    expect(findings.filter((finding) => finding.fix)).toHaveLength(2);
  });
});
