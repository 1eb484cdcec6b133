import { describe, expect, it } from 'vitest';
import { JOB_SUMMARY_MAX_BYTES, renderJobSummary } from '../../../src/report/github/job-summary.js';
import { finding, scanResult } from '../scan-result-fixture.js';

/** A notice per dangling link a pull request adds, each quoting a long path. */
const dangling = (count: number, name: string) =>
  Array.from({ length: count }, (_, i) => ({ level: 'warning' as const, message: `d${i}${name}/compose.yaml is a symlink that leads nowhere (its target is missing, or links point at each other in a loop); it was not read.` }));

describe('the job summary with more notices than fit', () => {
  it.each([
    ['3,000 long ASCII names', dangling(3000, 'x'.repeat(240)), 0],
    ['2,000 names of three-byte characters', dangling(2000, '日'.repeat(80)), 0],
    ['notices beside 20,000 findings', dangling(3000, 'x'.repeat(240)), 20_000],
  ])('stays under GitHub 1 MiB: %s', (_name, notices, findingCount) => {
    const findings = Array.from({ length: findingCount }, (_, i) => finding({ path: `svc/${i}/compose.yaml`, fingerprint: `f${i}` }));
    const markdown = renderJobSummary(scanResult(findings, { notices }));
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(markdown).toContain(`<details><summary>${notices.length} notices</summary>`);
    expect(markdown).toMatch(/\d+ more notices are not listed here, to keep this summary under GitHub's 1 MiB; the JSON report \(output `report-json`, `notices`\) lists every one\./);
    // The first notices are listed; the report before them keeps its findings.
    expect(markdown).toContain('- **warning**: d0');
    if (findingCount) expect(markdown).toMatch(/\| 🟣 critical \| svc\//);
  });

  it('lists every notice when they fit, and keeps under a smaller limit too', () => {
    const few = renderJobSummary(scanResult([finding()], { notices: dangling(5, 'x') }));
    expect(few).toContain('- **warning**: d4x/compose\\.yaml');
    expect(few).not.toContain('more notices');
    const small = renderJobSummary(scanResult([finding()], { notices: dangling(100, 'x'.repeat(200)) }), { maxBytes: 20_000 });
    expect(Buffer.byteLength(small, 'utf8')).toBeLessThanOrEqual(20_000);
    expect(small).toContain('## ❌ Containment: failed');
  });
});
