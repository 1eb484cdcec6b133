import { describe, expect, it } from 'vitest';
import { MIN_ROW, renderReport } from '../../../src/report/github/comment-body.js';
import { findingRow } from '../../../src/report/github/report-sections.js';
import { finding, scanResult } from '../scan-result-fixture.js';

describe('renderReport on a very large scan', () => {
  it('relies on a row never being shorter than MIN_ROW, even with the shortest names', () => {
    const row = findingRow(finding({ ruleId: 'a', path: 'a', message: '', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }), {});
    expect(row.length).toBeGreaterThanOrEqual(MIN_ROW);
  });

  it('fits 50,000 findings under the limit, most severe first, and says how many were cut', () => {
    const findings = Array.from({ length: 50_000 }, (_, i) => finding({ path: `svc/${i}/compose.yaml`, severity: i % 2 ? 'low' : 'critical', fingerprint: `f${i}` }));
    const body = renderReport(scanResult(findings), { max: 65_536, elsewhere: 'The job summary lists them.' });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/findings .* are not listed here/);
    expect(body).toMatch(/\| 🟣 critical \| svc\//);
    expect(body).not.toMatch(/\| 🔵 low \| svc\//);
  });
});
