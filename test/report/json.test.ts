import { describe, expect, it } from 'vitest';
import { formatJson, JSON_REPORT_VERSION } from '../../src/report/json.js';
import { TOOL } from '../../src/report/tool.js';
import { finding, scanResult } from './scan-result-fixture.js';

describe('formatJson', () => {
  const result = scanResult(
    [finding({ related: [{ path: 'Dockerfile', range: { start: { line: 2, column: 1 }, end: { line: 2, column: 9 } }, message: 'USER is set here' }] })],
    { notices: [{ level: 'notice', message: 'a note' }] },
  );

  it('writes a versioned report with counts, findings, notices and files', () => {
    const report = JSON.parse(formatJson(result));
    expect(report).toEqual({
      version: JSON_REPORT_VERSION,
      tool: { name: 'Containment', version: TOOL.version },
      failOn: 'high',
      failed: true,
      counts: { total: 1, critical: 1, high: 0, medium: 0, low: 0, info: 0 },
      findings: [
        {
          ruleId: 'container-privileged',
          severity: 'critical',
          title: 'Container runs privileged',
          message: 'web runs privileged: it holds every capability and every host device',
          path: 'compose.yaml',
          range: { start: { line: 4, column: 5 }, end: { line: 4, column: 21 } },
          pointer: '/services/web/privileged',
          fingerprint: 'fp-privileged-web',
          related: [{ path: 'Dockerfile', range: { start: { line: 2, column: 1 }, end: { line: 2, column: 9 } }, message: 'USER is set here' }],
        },
      ],
      suppressed: [],
      suppressionsNotApplied: [],
      notices: [{ level: 'notice', message: 'a note' }],
      files: [
        { path: 'Dockerfile', kind: 'dockerfile' },
        { path: 'compose.yaml', kind: 'compose' },
      ],
    });
  });

  it('carries every suppressed finding with its reason, expiry, comment line and whether the change added it', () => {
    const report = JSON.parse(
      formatJson(
        scanResult([finding()], {
          suppressed: [
            { ...finding({ fingerprint: 'a' }), suppression: { kind: 'inline', justification: 'dind', until: '2027-03-31', addedByChange: true, line: 3 } },
            { ...finding({ fingerprint: 'b' }), suppression: { kind: 'baseline', justification: 'accepted in the baseline' } },
            { ...finding({ fingerprint: 'c' }), suppression: { kind: 'file', justification: 'ci', addedByChange: false, coversAddedLine: true, line: 1 } },
          ],
          refusedSuppressions: [{ ...finding(), suppression: { kind: 'inline', justification: 'old', until: '2026-01-01', addedByChange: false, line: 3 }, refused: 'expired' }],
        }),
      ),
    );
    expect(report.suppressed.map((s: { fingerprint: string; suppression: unknown }) => [s.fingerprint, s.suppression])).toEqual([
      ['a', { kind: 'inline', justification: 'dind', line: 3, until: '2027-03-31', addedByChange: true }],
      ['b', { kind: 'baseline', justification: 'accepted in the baseline' }],
      ['c', { kind: 'file', justification: 'ci', line: 1, addedByChange: false, coversAddedLine: true }],
    ]);
    expect(report.suppressionsNotApplied).toEqual([
      expect.objectContaining({ ruleId: 'container-privileged', severity: 'critical', why: 'expired', suppression: { kind: 'inline', justification: 'old', line: 3, until: '2026-01-01', addedByChange: false } }),
    ]);
    // The finding whose suppression does not apply is still a finding, counted.
    expect(report.counts.critical).toBe(1);
  });

  it('is stable: no absolute paths, same bytes for the same result', () => {
    const text = formatJson(result);
    expect(text).not.toContain('/repo');
    expect(formatJson({ ...result, root: '/elsewhere' })).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('jsonReportChunks', () => {
  it('yields exactly the bytes JSON.stringify(report, null, 2) makes, one finding at a time', async () => {
    const { jsonReportChunks } = await import('../../src/report/json.js');
    for (const findings of [[], [finding()], Array.from({ length: 5 }, (_, i) => finding({ message: `m${i}\n"quoted"`, path: `p${i}.yaml` }))]) {
      const result = scanResult(findings, { notices: [{ level: 'warning', message: 'w', path: 'x' }, { level: 'notice', message: 'n' }] });
      const chunks = [...jsonReportChunks(result)];
      const text = chunks.join('');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(text).toBe(formatJson(result));
      // One piece per finding, not one string for the whole report.
      expect(chunks.length).toBeGreaterThan(findings.length);
    }
  });
});
