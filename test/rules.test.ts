import { describe, expect, it } from 'vitest';
import { runRuleTest } from '../src/commands/rule-test-runner.js';
import { loadBuiltinPacks } from '../src/policy/builtin-packs.js';

// Every built-in rule's embedded examples, with exact positions: the rules' own test suite.
const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);

describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  it.each(rule.tests.map((test, index) => [index, test] as const))('example %i', (index, test) => {
    const outcome = runRuleTest(rule, test, index);
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
