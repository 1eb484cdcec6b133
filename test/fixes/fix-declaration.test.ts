import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/policy/load-packs.js';
import { PACK, ruleFile } from '../support/rule-files.js';

// A rule declares its fix as a kind from the catalogue with that kind's params; a wrong block is
// a located load error, never a fix that silently never appears.
const withFix = (fix: string[]) => ruleFile({ lines: ['schema: { required: [user] }', 'fix:', ...fix] });

describe('a rule\'s fix: block', () => {
  it('loads a kind with its params, label and check', () => {
    const { packs, errors } = loadPacks({ 'mine/pack.yaml': PACK, 'mine/my-rule.yaml': withFix(['  kind: compose-set-key', '  key: user', '  value: "10001"', '  label: changes-behaviour', '  check: The image must run as that user.']) });
    expect(errors).toEqual([]);
    expect(packs[0]!.rules[0]!.fix).toEqual({ kind: 'compose-set-key', label: 'changes-behaviour', check: 'The image must run as that user.', params: { key: 'user', value: '10001' } });
  });

  it.each([
    [['  kind: compose-set-key', '  key: user', '  label: safe', '  check: x'], /value/],
    [['  kind: compose-set-key', '  key: user', '  value: x', '  label: safe', '  check: x', '  colour: red'], /colour/],
    [['  kind: make-it-right', '  label: safe', '  check: x'], /must be one of/],
    [['  kind: compose-set-key', '  key: user', '  value: x', '  label: harmless', '  check: x'], /must be one of/],
    [['  kind: dockerfile-exec-form', '  label: safe'], /check/],
  ])('refuses %j', (fix, message) => {
    const { packs, errors } = loadPacks({ 'mine/pack.yaml': PACK, 'mine/my-rule.yaml': withFix(fix) });
    expect(packs[0]?.rules ?? []).toEqual([]);
    expect(errors.map((e) => `${e.line}: ${e.message}`).join('\n')).toMatch(message);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(6);
  });
});
