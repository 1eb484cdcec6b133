import { describe, expect, it } from 'vitest';
import { runRuleTest } from '../src/commands/rule-test-runner.js';
import { loadBuiltinPacks } from '../src/policy/builtin-packs.js';

// Every built-in rule's embedded examples, with exact positions: the rules' own test suite.
const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);

describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  it.each(rule.tests.map((test, index) => [index, test] as const))('example %i', async (index, test) => {
    const outcome = await runRuleTest(rule, test, index);
    expect(outcome.failures).toEqual([]);
  });

  it('gives every expected finding its start and end (line and column)', () => {
    const places = rule.tests.flatMap((t) => t.expect);
    expect(places.filter((p) => p.endLine === undefined || p.endColumn === undefined)).toEqual([]);
  });

  it('has at least one failing and one passing example', () => {
    expect(rule.tests.some((t) => t.expect.length > 0)).toBe(true);
    expect(rule.tests.some((t) => t.expect.length === 0)).toBe(true);
  });
});

describe('rule examples are read as a scan reads a repository', () => {
  const privileged = rules.find((rule) => rule.id === 'container-privileged')!;
  const included = 'services:\n  hidden:\n    image: alpine:3.20\n    privileged: true\n';

  it('follows include: to a file whatever its name', async () => {
    const outcome = await runRuleTest(
      privileged,
      { file: 'stack/common.yml', content: included, files: { 'compose.yaml': 'include: [stack/common.yml]\nservices: {}\n' }, expect: [{ line: 4, column: 5, endLine: 4, endColumn: 21 }] },
      0,
    );
    expect(outcome.failures).toEqual([]);
  });

  it('names a file that nothing reads', async () => {
    const outcome = await runRuleTest(privileged, { file: 'compose.yaml', content: 'services: {}\n', files: { 'notes.yml': included }, expect: [] }, 0);
    expect(outcome.failures).toEqual([expect.stringMatching(/^notes\.yml is not a file name Containment reads/)]);
  });
});
