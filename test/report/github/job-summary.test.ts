import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../../src/report/github/job-summary.js';
import { finding, scanResult } from '../scan-result-fixture.js';

const LINKS = { blobBase: 'https://github.com/o/r/blob/abc', runUrl: 'https://github.com/o/r/actions/runs/1' };

describe('renderJobSummary', () => {
  it('shows the verdict, counts per severity and a collapsible table per file', () => {
    const markdown = renderJobSummary(
      scanResult([finding(), finding({ path: 'Dockerfile', severity: 'low', ruleId: 'image-latest', message: 'FROM uses latest' })], {
        notices: [{ level: 'warning', message: 'big.yaml was not scanned' }],
      }),
      { links: LINKS },
    );
    expect(markdown).toContain('## ❌ Containment: failed');
    expect(markdown).toContain('1 finding at or above `fail-on: high` (1 critical); 2 findings in all across 2 files scanned.');
    expect(markdown).toContain('| 🟣 critical | 1 |');
    expect(markdown).toContain('| 🔴 high | 0 |');
    // A file with a failing finding starts open; the others closed.
    expect(markdown).toContain('<details open><summary><code>compose.yaml</code>: 1 finding (1 critical)</summary>\n\n| Rule | Severity | Location | Message |');
    expect(markdown).toContain(
      '| [container\\-privileged](https://github.com/containment-dev/containment/blob/main/docs/rules/container-privileged.md) | 🟣 critical | ' +
        '[compose\\.yaml&#58;4](https://github.com/o/r/blob/abc/compose.yaml#L4) | web runs privileged&#58; it holds every capability and every host device |',
    );
    expect(markdown).toContain('<details><summary><code>Dockerfile</code>: 1 finding (1 low)</summary>');
    expect(markdown).toContain('<details><summary>1 notice</summary>');
    expect(markdown).toContain('- **warning**: big\\.yaml was not scanned');
    expect(markdown).toContain('[workflow run](https://github.com/o/r/actions/runs/1)');
  });

  it('links a multi-line range to all its lines', () => {
    const markdown = renderJobSummary(scanResult([finding({ path: 'a b/(x).yaml', range: { start: { line: 10, column: 1 }, end: { line: 12, column: 3 } } })]), { links: LINKS });
    expect(markdown).toContain('(https://github.com/o/r/blob/abc/a%20b/%28x%29.yaml#L10-L12)');
  });

  it('passes when nothing reaches fail-on', () => {
    expect(renderJobSummary(scanResult([]))).toContain('## ✅ Containment: passed\n\n0 findings in 2 files scanned; nothing reaches `fail-on: high`.');
    expect(renderJobSummary(scanResult([finding()], { failOn: 'none' }))).toContain('failing is off (`fail-on: none`)');
  });

  it('escapes everything that comes from a scanned file', () => {
    const markdown = renderJobSummary(
      scanResult([finding({ path: 'a|b`c<d>.yaml', message: 'ping @octocat | `x` <img src=x onerror=alert(1)>\nsecond line [link](https://evil)' })]),
    );
    const row = markdown.split('\n').find((line) => line.startsWith('| [container'));
    expect(row).toBeDefined();
    // the row still has exactly its four cells
    expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(row).not.toMatch(/<img|@octocat|\n|[^\\]`|https:\/\/evil/);
    expect(row).toContain('@&#8203;octocat');
    expect(row).toContain('&lt;img');
    expect(row).toContain('<br>second line');
    expect(markdown).toContain('<summary><code>a|b`c&lt;d&gt;.yaml</code>');
  });

  it('stays under the size limit, cutting the least severe first, and says what was cut', () => {
    const findings = Array.from({ length: 400 }, (_, index) =>
      finding({ path: `svc${String(index).padStart(3, '0')}/compose.yaml`, severity: index % 2 === 0 ? 'critical' : 'info', message: 'x'.repeat(200) }),
    );
    const markdown = renderJobSummary(scanResult(findings), { maxBytes: 40_000 });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(40_000);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| [container'));
    const critical = rows.filter((line) => line.includes('| 🟣 critical |')).length;
    const info = rows.filter((line) => line.includes('| ⚪ info |')).length;
    expect(critical).toBeGreaterThan(0);
    expect(info === 0 || critical === 200).toBe(true);
    expect(markdown).toContain(`${400 - critical - info} findings (`);
    expect(markdown).toContain('are not listed here');
  });

  it('fits the default limit of 1 MiB with many findings', () => {
    const findings = Array.from({ length: 20_000 }, (_, index) => finding({ path: `f${index}.yaml`, message: 'y'.repeat(100) }));
    expect(Buffer.byteLength(renderJobSummary(scanResult(findings)))).toBeLessThan(1024 * 1024);
  });
});
