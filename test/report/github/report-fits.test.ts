import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { renderReport, verdictOnlyReport } from '../../../src/report/github/comment-body.js';
import { CONFIG_CHANGED_LISTED } from '../../../src/report/github/report-sections.js';
import { finding, scanResult } from '../scan-result-fixture.js';

const pr = (fixed: Finding[], configChanged: string[] = []) => ({ source: 'git', changedFiles: 1, newCount: 1, fixed, configChanged, failOnScope: 'new' as const, changedPaths: [] });
const fresh = { ...finding({ fingerprint: 'n' }), novelty: 'new' as const };
const gone = (count: number, long = 1) =>
  Array.from({ length: count }, (_, i) => finding({ path: `legacy/${'x'.repeat(long)}${i}/compose.yaml`, fingerprint: `g${i}`, severity: i % 3 ? 'low' : 'high' }));

describe('renderReport stays under its limit whatever the result holds', () => {
  it.each([
    ['many fixed findings', pr(gone(3000))],
    ['fixed findings with long paths', pr(gone(200, 3000))],
    ['many changed config files', pr([], Array.from({ length: 500 }, (_, i) => `policies/acme/${i}.yaml`))],
    ['long changed config files', pr([], Array.from({ length: 40 }, (_, i) => `policies/acme/${i}/${'y'.repeat(4000)}`))],
  ])('%s', (_name, pullRequest) => {
    const result = scanResult([fresh], { pullRequest, failed: true });
    for (const max of [65_000, 20_000, 5_000]) {
      for (const options of [{ changeView: true }, {}, { measure: 'bytes' as const }]) {
        const body = renderReport(result, { max, elsewhere: 'See the job summary.', ...options });
        expect(body.length).toBeLessThanOrEqual(max);
        expect(body).toContain('❌ Containment: failed');
      }
    }
  });

  it('names the most severe fixed findings first and counts the rest', () => {
    const body = renderReport(scanResult([fresh], { pullRequest: pr(gone(3000)) }), { max: 65_000, elsewhere: 'e', changeView: true });
    const named = body.split('\n').filter((line) => line.startsWith('- ') && line.includes(' in legacy'));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(50);
    expect(named.every((line) => line.startsWith('- 🔴 '))).toBe(true);
    expect(body).toContain(`${3000 - named.length} more fixed findings are not named here`);
  });

  it(`names at most ${CONFIG_CHANGED_LISTED} changed config files, each shortened in the middle`, () => {
    const paths = Array.from({ length: 12 }, (_, i) => `policies/acme/${i}/${'y'.repeat(400)}/pack-${i}.yaml`);
    const body = renderReport(scanResult([fresh], { pullRequest: pr([], paths) }), { max: 65_000, elsewhere: 'e', changeView: true });
    expect(body).toContain('and 2 more files among them');
    expect(body).toContain('`policies/acme/0/yyy');
    expect(body).toMatch(/y…y+\/pack-0\.yaml`/);
    expect(body).not.toContain('pack-10.yaml');
  });

  it('falls back to the verdict alone when the rest cannot fit, and to the headline below that', () => {
    const result = scanResult([fresh], { pullRequest: pr(gone(10)), failed: true });
    const verdict = verdictOnlyReport(result, { max: 2_000, elsewhere: 'See the job summary.' });
    expect(verdict).toContain('❌ Containment: failed');
    expect(verdict).toContain("The full report did not fit under GitHub's size limit. See the job summary.");
    expect(verdictOnlyReport(result, { max: 150, elsewhere: 'e' }).length).toBeLessThanOrEqual(150);
    expect(verdictOnlyReport(result, { max: 30, elsewhere: 'e' })).toBe('## ❌ Containment: failed\n');
    const tiny = renderReport(result, { max: 400, elsewhere: 'e', changeView: true });
    expect(tiny.length).toBeLessThanOrEqual(400);
    expect(tiny).toContain('❌ Containment: failed');
  });
});
