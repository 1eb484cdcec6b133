import { afterEach, describe, expect, it } from 'vitest';
import { NO_RELATED } from '../../src/core/finding.js';
import { clearSharedRanges, MAX_SHARED_RANGES, sharedRange, sharedRangeCount } from '../../src/core/shared-ranges.js';
import type { Range } from '../../src/core/source-document.js';
import { parseCompose } from '../../src/documents/compose-document.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { testRule } from '../support/test-rule.js';

const range = (a: number, b: number, c: number, d: number): Range => ({ start: { line: a, column: b }, end: { line: c, column: d } });

afterEach(() => clearSharedRanges());

describe('sharedRange', () => {
  it('gives one frozen copy for every range with the same four numbers, and leaves the one given alone', () => {
    clearSharedRanges();
    const first = range(3, 5, 3, 17);
    const shared = sharedRange(first);
    expect(shared).not.toBe(first);
    expect(shared).toEqual(first);
    expect(Object.isFrozen(first) || Object.isFrozen(first.start)).toBe(false);
    expect([Object.isFrozen(shared), Object.isFrozen(shared.start), Object.isFrozen(shared.end)]).toEqual([true, true, true]);
    expect(sharedRange(range(3, 5, 3, 17))).toBe(shared);
    expect(sharedRangeCount()).toBe(1);
  });

  it('tells apart ranges that differ in any one number, or whose numbers only run together alike', () => {
    clearSharedRanges();
    const ranges = [range(1, 2, 3, 4), range(9, 2, 3, 4), range(1, 9, 3, 4), range(1, 2, 9, 4), range(1, 2, 3, 9), range(12, 3, 4, 5), range(1, 23, 4, 5), range(1, 2, 34, 5)];
    const shared = ranges.map(sharedRange);
    expect(new Set(shared).size).toBe(ranges.length);
    expect(shared).toEqual(ranges);
  });

  it('past its bound keeps no more ranges and returns the one given', () => {
    clearSharedRanges();
    for (let line = 1; line <= MAX_SHARED_RANGES; line++) sharedRange(range(line, 1, line, 2));
    expect(sharedRangeCount()).toBe(MAX_SHARED_RANGES);
    const late = range(MAX_SHARED_RANGES + 1, 1, MAX_SHARED_RANGES + 1, 2);
    expect(sharedRange(late)).toBe(late);
    expect(sharedRangeCount()).toBe(MAX_SHARED_RANGES);
    // Those already in the table are still shared.
    expect(sharedRange(range(7, 1, 7, 2))).toBe(sharedRange(range(7, 1, 7, 2)));
  });
});

describe('what findings share', () => {
  it('rules about one Compose service share its range, and findings without evidence share one empty list', () => {
    const compose = parseCompose('compose.yaml', 'services:\n  web:\n    image: nginx\n');
    const rules = compileRules([
      testRule({ id: 'needs-user', schema: { required: ['user'] } }),
      testRule({ id: 'needs-read-only', schema: { required: ['read_only'] } }),
      testRule({ id: 'needs-a-label', schema: { required: ['not_a_compose_key'] } }),
    ]);
    const findings = evaluate([compose], rules);
    expect(findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.range.start.column, finding.range.end.column])).toEqual([
      ['needs-a-label', 2, 3, 6],
      ['needs-read-only', 2, 3, 6],
      ['needs-user', 2, 3, 6],
    ]);
    expect(new Set(findings.map((finding) => finding.range)).size).toBe(1);
    expect(Object.isFrozen(findings[0]!.range)).toBe(true);
    for (const finding of findings) expect(finding.related).toBe(NO_RELATED);
    expect(Object.isFrozen(NO_RELATED)).toBe(true);
  });

  it('the built-in packs on two files share the ranges of their findings and of the edits and requests of their fixes', () => {
    const text = 'FROM node:20\nRUN apt-get install -y curl\nCMD node server.js\n';
    const documents = [parseDockerfile('a/Dockerfile', text), parseDockerfile('b/Dockerfile', text)];
    const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules));
    const findings = evaluate(documents, rules);
    const inA = findings.filter((finding) => finding.path === 'a/Dockerfile');
    const inB = findings.filter((finding) => finding.path === 'b/Dockerfile');
    expect(inA.length).toBeGreaterThan(3);
    expect(inB.map((finding) => finding.ruleId)).toEqual(inA.map((finding) => finding.ruleId));
    inA.forEach((finding, index) => {
      expect(inB[index]!.range).toBe(finding.range);
      const edits = finding.fix?.edits ?? [];
      for (const [at, edit] of edits.entries()) expect(inB[index]!.fix!.edits[at]!.range).toBe(edit.range);
      if (finding.fixRequest) expect(inB[index]!.fixRequest!.range).toBe(finding.fixRequest.range);
    });
    expect(inA.some((finding) => finding.fix ?? finding.fixRequest)).toBe(true);
  });
});
