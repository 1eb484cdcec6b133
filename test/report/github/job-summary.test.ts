import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../../src/report/github/job-summary.js';
import { finding, scanResult } from '../scan-result-fixture.js';

describe('renderJobSummary', () => {
  it('shows the verdict, counts per severity and a table per file', () => {
    const markdown = renderJobSummary(
      scanResult([finding(), finding({ path: 'Dockerfile', severity: 'low', ruleId: 'image-latest', message: 'FROM uses latest' })], {
        notices: [{ level: 'warning', message: 'big.yaml was not scanned' }],
      }),
    );
    expect(markdown).toContain('## ❌ Containment: failed');
    expect(markdown).toContain('1 finding at or above `fail-on: high` (1 critical); 2 findings in all across 2 files scanned.');
    expect(markdown).toContain('| 🟣 critical | 1 |');
    expect(markdown).toContain('| 🔴 high | 0 |');
    expect(markdown).toContain('### compose\\.yaml\n\n| Line | Severity | Rule | Message |');
    expect(markdown).toContain('| 4:5 | critical | container\\-privileged | web runs privileged&#58; it holds every capability and every host device |');
    expect(markdown).toContain('### Dockerfile');
    expect(markdown).toContain('<details><summary>1 notice</summary>');
    expect(markdown).toContain('- **warning**: big\\.yaml was not scanned');
  });

  it('passes when nothing reaches fail-on', () => {
    expect(renderJobSummary(scanResult([]))).toContain('## ✅ Containment: passed\n\n0 findings in 2 files scanned; nothing reaches `fail-on: high`.');
    expect(renderJobSummary(scanResult([finding()], { failOn: 'none' }))).toContain('failing is off (`fail-on: none`)');
  });

  it('escapes everything that comes from a scanned file', () => {
    const markdown = renderJobSummary(
      scanResult([finding({ path: 'a|b`c<d>.yaml', message: 'ping @octocat | `x` <img src=x onerror=alert(1)>\nsecond line [link](https://evil)' })]),
    );
    const row = markdown.split('\n').find((line) => line.startsWith('| 4:5'));
    expect(row).toBeDefined();
    // the row still has exactly its four cells
    expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(row).not.toMatch(/<img|@octocat|\n|[^\\]`|https:\/\//);
    expect(row).toContain('@&#8203;octocat');
    expect(row).toContain('&lt;img');
    expect(row).toContain('<br>second line');
    expect(markdown).toContain('### a\\|b\\`c&lt;d&gt;\\.yaml');
  });

  it('stays under the size limit and says how many findings were cut', () => {
    const findings = Array.from({ length: 400 }, (_, index) => finding({ path: `svc${String(index).padStart(3, '0')}/compose.yaml`, message: 'x'.repeat(200) }));
    const markdown = renderJobSummary(scanResult(findings), { maxBytes: 20_000 });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(20_000);
    const shown = markdown.split('\n').filter((line) => line.startsWith('| 4:5')).length;
    expect(shown).toBeGreaterThan(0);
    expect(markdown).toContain(`${400 - shown} more findings did not fit in the job summary`);
  });

  it('fits the default limit of 1 MiB with many findings', () => {
    const findings = Array.from({ length: 20_000 }, (_, index) => finding({ path: `f${index}.yaml`, message: 'y'.repeat(100) }));
    expect(Buffer.byteLength(renderJobSummary(scanResult(findings)))).toBeLessThan(1024 * 1024);
  });
});
