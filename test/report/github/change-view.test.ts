import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { renderReport } from '../../../src/report/github/comment-body.js';
import { finding, scanResult } from '../scan-result-fixture.js';

// Issue 12: the pull request's comment leads with what the change did.
const pr = (fixed: Finding[] = []) => ({ source: 'git', changedFiles: 1, newCount: 1, fixed, configChanged: [], failOnScope: 'new' as const, changedPaths: ['new.yaml'] });
const added = (overrides: Partial<Finding>) => ({ ...finding({ ...overrides, path: overrides.path ?? 'new.yaml' }), novelty: 'new' as const });
const old = (overrides: Partial<Finding>) => ({ ...finding({ ...overrides }), novelty: 'existing' as const });

describe('the change view of the comment', () => {
  it('lists every new finding first, names the fixed ones, and collapses what was already there', () => {
    const fresh = added({ severity: 'low', message: 'the new low one', fingerprint: 'n' });
    const there = old({ severity: 'critical', message: 'an old critical one', path: 'old.yaml', fingerprint: 'o' });
    const gone = finding({ ruleId: 'container-docker-socket', message: 'mounts the Docker socket', path: 'gone.yaml', fingerprint: 'g' });
    const body = renderReport(scanResult([there, fresh], { pullRequest: pr([gone]) }), { max: 65_000, elsewhere: 'e', changeView: true });
    const at = (text: string) => body.indexOf(text);
    expect(at('### New in this pull request')).toBeGreaterThan(0);
    // The new low finding comes before the existing critical one.
    expect(at('the new low one')).toBeLessThan(at('an old critical one'));
    expect(at('### Fixed by this pull request')).toBeLessThan(at('already there before this pull request'));
    expect(body).toContain('mounts the Docker socket');
    expect(body).toContain('`container-docker-socket` in gone\\.yaml');
    expect(body).toMatch(/<details><summary>1 finding already there before this pull request \(1 critical\)<\/summary>/);
    // The verdict's reason is what the change adds, not the old critical finding.
    const failing = renderReport(scanResult([there, { ...fresh, severity: 'high' as const }], { pullRequest: pr([gone]), failed: true }), { max: 65_000, elsewhere: 'e', changeView: true });
    expect(failing).toContain('Fails: this pull request adds 1 finding at or above `fail-on: high` (1 high)');
  });

  it('cuts existing findings before any new one, and lists only medium-and-up existing ones', () => {
    const news = Array.from({ length: 30 }, (_, i) => added({ severity: 'low', fingerprint: `n${i}`, message: `new finding ${i}` }));
    const olds = Array.from({ length: 3000 }, (_, i) => old({ severity: i % 2 ? 'high' : 'info', fingerprint: `o${i}`, path: `old/${i}.yaml`, message: `old finding ${i}` }));
    const body = renderReport(scanResult([...olds, ...news], { pullRequest: pr() }), { max: 20_000, elsewhere: 'See the job summary.', changeView: true });
    expect(body.length).toBeLessThanOrEqual(20_000);
    for (let i = 0; i < 30; i++) expect(body).toContain(`new finding ${i}`);
    expect(body).not.toMatch(/old finding \d*[02468]\b/); // the info ones are counted, not listed
    expect(body).toMatch(/more findings \(below medium, past the first 20, or cut to keep this comment under GitHub's size limit\) are not listed\. See the job summary\./);
  });

  it('keeps compliance and the inventory out unless details are asked for', () => {
    const result = scanResult([added({ fingerprint: 'n' })], { pullRequest: pr() });
    expect(renderReport(result, { max: 65_000, elsewhere: 'e', changeView: true })).not.toContain('### Compliance');
    expect(renderReport(result, { max: 65_000, elsewhere: 'e' })).toContain('Compliance');
  });
});

describe('a pull request that adds 3 findings to a repository with 1,000', () => {
  it('gets a comment under 15 KB with the 3 new ones and the fixed one before any existing one', () => {
    const olds = Array.from({ length: 1000 }, (_, i) =>
      old({ severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5], fingerprint: `o${i}`, path: `svc/${i}/compose.yaml`, message: `old finding number ${i}` }),
    );
    const news = [0, 1, 2].map((i) => added({ severity: 'medium', fingerprint: `n${i}`, path: `new/${i}.yaml`, message: `new finding number ${i}` }));
    const gone = finding({ message: 'the fixed one', path: 'gone.yaml', fingerprint: 'g' });
    const body = renderReport(scanResult([...olds, ...news], { pullRequest: pr([gone]) }), { max: 65_000, elsewhere: 'See the job summary.', changeView: true, applyMinSeverity: true });
    expect(Buffer.byteLength(body)).toBeLessThan(15 * 1024);
    const firstOld = body.indexOf('old finding number');
    for (const text of ['new finding number 0', 'new finding number 1', 'new finding number 2', 'the fixed one']) {
      expect(body.indexOf(text)).toBeGreaterThan(0);
      expect(body.indexOf(text)).toBeLessThan(firstOld);
    }
  });
});
