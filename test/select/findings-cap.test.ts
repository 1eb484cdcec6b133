import { describe, expect, it } from 'vitest';
import { type Finding, NO_RELATED } from '../../src/core/finding.js';
import type { Severity } from '../../src/core/severity.js';
import { capFindingsPerFile } from '../../src/select/findings-cap.js';
import type { Notice } from '../../src/select/scan-result.js';

const finding = (line: number, severity: Severity, novelty?: 'new' | 'existing'): Finding => ({
  ruleId: 'r',
  severity,
  title: 't',
  message: `m${line}`,
  path: 'compose.yaml',
  pointer: '',
  range: { start: { line, column: 1 }, end: { line, column: 2 } },
  fingerprint: String(line),
  related: NO_RELATED,
  ...(novelty ? { novelty } : {}),
});
const newFirst = { rank: (f: Finding) => (f.novelty === 'new' ? 0 : 1), described: 'the new ones first, then the most severe' };

describe('capFindingsPerFile', () => {
  it('keeps new findings over more severe existing ones when told to, in file order, and counts the new ones it left out', () => {
    const findings = [finding(1, 'critical', 'existing'), finding(2, 'critical', 'existing'), finding(3, 'low', 'new'), finding(4, 'high', 'new'), finding(5, 'info', 'new')];
    const notices: Notice[] = [];
    const kept = capFindingsPerFile(findings, notices, 3, newFirst);
    expect(kept.map((f) => f.range.start.line)).toEqual([3, 4, 5]);
    expect(notices[0]!.message).toContain('the new ones first, then the most severe');
    expect(notices[0]!.message).not.toContain('of them new');

    const fewer: Notice[] = [];
    expect(capFindingsPerFile(findings, fewer, 2, newFirst).map((f) => f.range.start.line)).toEqual([3, 4]);
    expect(fewer[0]!.message).toMatch(/3 more findings \(2 critical, 1 info; 1 of them new\) are not listed\. They count all the same/);
  });

  it('without an order, keeps the most severe as before', () => {
    const notices: Notice[] = [];
    const kept = capFindingsPerFile([finding(1, 'low', 'new'), finding(2, 'critical', 'existing'), finding(3, 'high', 'existing')], notices, 2);
    expect(kept.map((f) => f.range.start.line)).toEqual([2, 3]);
    expect(notices[0]!.message).toContain('the most severe first');
  });
});
