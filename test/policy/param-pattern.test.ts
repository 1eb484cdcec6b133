import { describe, expect, it } from 'vitest';
import { substituteParams } from '../../src/policy/params.js';

describe('{"$paramPattern": name}', () => {
  it('becomes one pattern matching any entry of the list, and reports an undeclared name', () => {
    const schema = { properties: { context: { not: { pattern: { $paramPattern: 'contexts' } } } }, x: { $paramPattern: 'nope' } };
    const missing = new Set<string>();
    const out = substituteParams(schema, { contexts: ['^a\\.b$', 'c|d'] }, missing) as { properties: { context: { not: { pattern: string } } } };
    const pattern = out.properties.context.not.pattern;
    expect(pattern).toBe('(?:^a\\.b$)|(?:c|d)');
    expect(['a.b', 'xcx', 'd'].map((t) => new RegExp(pattern).test(t))).toEqual([true, true, true]);
    expect(new RegExp(pattern).test('a.bx')).toBe(false);
    expect([...missing]).toEqual(['nope']);
  });

  it('matches nothing for an empty list', () => {
    const pattern = substituteParams({ $paramPattern: 'p' }, { p: [] }) as string;
    expect(['', 'a', '\n'].some((t) => new RegExp(pattern).test(t))).toBe(false);
  });
});
