import { describe, expect, it } from 'vitest';
import { verdict } from '../../src/select/verdict.js';
import { finding } from '../report/scan-result-fixture.js';

describe('verdict', () => {
  const high = finding({ severity: 'high', fingerprint: 'h' });
  const low = finding({ severity: 'low', fingerprint: 'l' });

  it('fails when a finding reaches fail-on, never with none', () => {
    expect(verdict([high, low], 'high')).toEqual({ failed: true, failing: [high] });
    expect(verdict([low], 'high').failed).toBe(false);
    expect(verdict([high], 'none').failed).toBe(false);
    expect(verdict([low], 'low').failing).toEqual([low]);
  });

  it('with scope new, counts only what the change adds — and an unmarked finding, which could not be compared', () => {
    const existing = { ...high, novelty: 'existing' as const };
    const added = { ...high, novelty: 'new' as const, fingerprint: 'n' };
    expect(verdict([existing], 'high', 'new').failed).toBe(false);
    expect(verdict([existing, added], 'high', 'new').failing).toEqual([added]);
    expect(verdict([high], 'high', 'new').failed).toBe(true);
    expect(verdict([existing], 'high', 'all').failed).toBe(true);
  });
});
