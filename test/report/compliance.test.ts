import { describe, expect, it } from 'vitest';
import { complianceView } from '../../src/report/compliance.js';
import { finding, RULES } from './scan-result-fixture.js';

describe('complianceView', () => {
  it('groups findings by the framework controls their rules cite, in natural order', () => {
    const rules = [
      ...RULES,
      { ...RULES[0]!, id: 'container-no-cpu-limit', references: [{ framework: 'cis-docker', id: '1.6.0:5.10' }] },
      { ...RULES[0]!, id: 'container-no-pids', references: [{ framework: 'cis-docker', id: '1.6.0:5.9' }] },
    ];
    const view = complianceView(
      [finding(), finding({ fingerprint: 'two' }), finding({ ruleId: 'container-no-cpu-limit' }), finding({ ruleId: 'container-no-pids' }), finding({ ruleId: 'image-latest' })],
      rules,
    );
    expect(view.controls.map((control) => `${control.control}: ${control.findings}`)).toEqual([
      'CIS Docker Benchmark 5.5: 2',
      'CIS Docker Benchmark 5.9: 1',
      'CIS Docker Benchmark 5.10: 1',
      'OWASP Docker Security Cheat Sheet #3: 2',
    ]);
    expect(view.controls[0]?.rules).toEqual(['container-privileged']);
    expect(view.unmapped).toBe(1);
  });
});
