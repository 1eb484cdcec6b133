import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { TextEdit } from '../../src/core/fix.js';
import type { Severity } from '../../src/core/severity.js';
import { planFixes } from '../../src/select/fix-plan.js';

const TEXT = 'line one\nline two\nline three\n';
const edit = (line: number, from: number, to: number, text: string): TextEdit => ({ range: { start: { line, column: from }, end: { line, column: to } }, text });
const finding = (ruleId: string, severity: Severity, edits: TextEdit[]): Finding => ({
  ruleId,
  severity,
  title: ruleId,
  message: ruleId,
  path: 'f.txt',
  pointer: '',
  range: edits[0]!.range,
  fingerprint: ruleId,
  related: [],
  fix: { label: 'safe', description: ruleId, check: '-', edits, lines: { start: 1, end: 1, text: '' } },
});

describe('planFixes', () => {
  it('skips a fix that overlaps one already taken, whole, keeping the more severe', () => {
    const low = finding('low-rule', 'low', [edit(2, 1, 5, 'LINE'), edit(3, 1, 5, 'LINE')]);
    const high = finding('high-rule', 'high', [edit(2, 3, 9, 'NE 2')]);
    const [plan] = planFixes([low, high], new Map([['f.txt', TEXT]]));
    expect(plan!.fixes.map((f) => f.finding.ruleId)).toEqual(['high-rule']);
    expect(plan!.skipped).toEqual([{ finding: low, reason: expect.stringMatching(/overlaps the fix of another finding on line 2/) }]);
    // Not half applied: line three is untouched.
    expect(plan!.after).toBe('line one\nliNE 2\nline three\n');
  });

  it('merges two findings asking the very same edit', () => {
    const a = finding('a', 'low', [edit(1, 1, 5, 'LINE')]);
    const b = finding('b', 'low', [edit(1, 1, 5, 'LINE')]);
    const [plan] = planFixes([a, b], new Map([['f.txt', TEXT]]));
    expect(plan!.fixes.map((f) => [f.finding.ruleId, f.merged])).toEqual([['a', false], ['b', true]]);
    expect(plan!.after).toBe('LINE one\nline two\nline three\n');
  });

  it('keeps two insertions at one point in order, and edits that only touch', () => {
    const a = finding('a', 'low', [edit(1, 5, 5, ' -y')]);
    const b = finding('b', 'low', [edit(1, 5, 5, ' -q')]);
    const c = finding('c', 'low', [edit(1, 1, 5, 'LINE')]);
    const [plan] = planFixes([a, b, c], new Map([['f.txt', TEXT]]));
    expect(plan!.skipped).toEqual([]);
    expect(plan!.after).toBe('LINE -y -q one\nline two\nline three\n');
  });
});
