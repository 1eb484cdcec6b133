import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { renderReport } from '../../../src/report/github/comment-body.js';
import { renderJobSummary } from '../../../src/report/github/job-summary.js';
import type { ScanResult } from '../../../src/select/scan-result.js';
import type { RefusedSuppression, SuppressedFinding, Suppression } from '../../../src/select/suppress.js';
import { finding, scanResult } from '../scan-result-fixture.js';

const LINKS = { blobBase: 'https://github.com/o/r/blob/abc' };
const suppressed = (suppression: Suppression, overrides: Partial<Finding> = {}): SuppressedFinding => ({ ...finding(overrides), suppression });
const pullRequest = { source: 'GitHub API', changedFiles: 1, newCount: 0, fixed: [], configChanged: [], failOnScope: 'new' as const, changedPaths: ['compose.yaml'] };
const comment = (result: ScanResult) => renderReport(result, { max: 65_000, elsewhere: 'See the job summary.', links: LINKS });

describe('suppressed findings in the comment and the job summary', () => {
  const byChange = suppressed({ kind: 'inline', justification: 'needs docker-in-docker', until: '2027-03-31', addedByChange: true, line: 3 });
  const older = suppressed(
    { kind: 'file', justification: 'generated file', addedByChange: false, line: 1 },
    { ruleId: 'image-latest', severity: 'medium', path: 'ci/compose.yaml', fingerprint: 'fp-latest' },
  );
  const baselined = suppressed({ kind: 'baseline', justification: 'accepted in the baseline' }, { severity: 'low', ruleId: 'image-latest', path: 'old/compose.yaml', fingerprint: 'fp-old' });
  const result = scanResult([], { pullRequest, suppressed: [baselined, older, byChange] });

  it('leads with what the pull request suppresses', () => {
    const body = comment(result);
    expect(body).toContain('**This pull request: 0 new findings, 0 fixed, 1 suppressed by this pull request**, 0 already there.');
    expect(body).toContain('⚠️ **This pull request suppresses 1 critical finding**: each is listed under *Suppressed findings*');
    expect(body.indexOf('This pull request suppresses')).toBeLessThan(body.indexOf('### Suppressed findings'));
  });

  it('lists rule, severity, place, reason, expiry and who suppressed it; the change first', () => {
    const body = comment(result);
    expect(body).toContain('3 findings are suppressed and not counted (1 by this pull request, 1 by comments already on the base branch, 1 by the baseline).');
    expect(body).toContain(
      '| [container\\-privileged](https://github.com/containment-dev/containment/blob/main/docs/rules/container-privileged.md) | 🟣 critical | ' +
        '[compose\\.yaml&#58;4](https://github.com/o/r/blob/abc/compose.yaml#L4) | needs docker\\-in\\-docker | 2027\\-03\\-31 | 🆕 this pull request (comment on line 3) |',
    );
    expect(body).toContain('| 🟠 medium | [ci/compose\\.yaml&#58;4](https://github.com/o/r/blob/abc/ci/compose.yaml#L4) | generated file |  | file-level comment on line 1, already on the base branch |');
    expect(body).toContain('| accepted in the baseline |  | baseline |');
    // Added by the change: open; older ones: collapsed below it.
    expect(body.indexOf('**Suppressed by this pull request**')).toBeLessThan(body.indexOf('<details><summary>2 findings already suppressed before this pull request</summary>'));
    expect(body.indexOf('🆕 this pull request (comment')).toBeLessThan(body.indexOf('already on the base branch |'));
  });

  it('counts an old comment over a line the change adds as suppressed by this pull request, and says so', () => {
    const reused = suppressed({ kind: 'file', justification: 'CI runners', addedByChange: false, coversAddedLine: true, line: 1 }, { severity: 'medium', fingerprint: 'r' });
    const body = comment(scanResult([], { pullRequest, suppressed: [reused, older] }));
    expect(body).toContain('**This pull request suppresses 1 medium finding**');
    expect(body).toContain('(1 by this pull request, 1 by comments already on the base branch)');
    expect(body).toContain('| 🆕 this pull request (a line it adds, under the file-level comment on line 1, already on the base branch) |');
    expect(body.indexOf('a line it adds, under')).toBeLessThan(body.indexOf('<details><summary>1 finding already suppressed before this pull request'));
  });

  it('says nothing about the pull request outside one', () => {
    const push = scanResult([], { suppressed: [suppressed({ kind: 'inline', justification: 'lab', line: 3 })] });
    const summary = renderJobSummary(push, { links: LINKS });
    expect(summary).not.toContain('This pull request');
    expect(summary).toContain('1 finding is suppressed and not counted (1 by comments).');
    expect(summary).toContain('<details><summary>1 finding suppressed</summary>');
    expect(summary).toContain('| lab |  | comment on line 3 |');
  });

  it('shows suppressions that do not apply, and why, with the findings still counted', () => {
    const refused: RefusedSuppression[] = [
      { ...finding(), suppression: { kind: 'inline', justification: 'trust me', addedByChange: true, line: 3 }, refused: 'beyond-limit' },
      { ...finding({ severity: 'high', ruleId: 'image-latest', fingerprint: 'x' }), suppression: { kind: 'inline', justification: 'vendor fix', until: '2026-01-31', addedByChange: false, line: 8 }, refused: 'expired' },
    ];
    const body = comment(scanResult([finding()], { pullRequest: { ...pullRequest, newCount: 1 }, refusedSuppressions: refused }));
    expect(body).toContain('⛔ This pull request tries to suppress 1 critical finding beyond what the base branch\'s config lets a pull request suppress (`suppressions.in-pull-request`)');
    expect(body).toContain('2 suppressions do not apply, so their findings count.');
    expect(body).toContain('| trust me |  | 🆕 added by this pull request (line 3), beyond `suppressions.in-pull-request` |');
    expect(body).toContain('| vendor fix | 2026\\-01\\-31 | expired (line 8) |');
    expect(body).not.toContain('This pull request suppresses');
  });

  it('counts several severities in one headline', () => {
    const many = [
      byChange,
      suppressed({ kind: 'inline', justification: 'a', addedByChange: true, line: 9 }, { severity: 'low', fingerprint: 'l1' }),
      suppressed({ kind: 'inline', justification: 'b', addedByChange: true, line: 12 }, { severity: 'low', fingerprint: 'l2' }),
    ];
    expect(comment(scanResult([], { pullRequest, suppressed: many }))).toContain('**This pull request suppresses 1 critical and 2 low findings**');
  });

  it('escapes the reason, the path and the date from the file', () => {
    const hostile = suppressed(
      { kind: 'inline', justification: 'ok @octocat | <img src=x onerror=alert(1)> [x](https://evil) `code`', addedByChange: true, line: 2 },
      { path: 'a|b<c>.yaml' },
    );
    const body = comment(scanResult([], { pullRequest, suppressed: [hostile] }));
    const row = body.split('\n').find((line) => line.includes('🆕 this pull request'));
    expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    expect(row).not.toMatch(/<img|@octocat|\]\(https:\/\/evil|[^\\]`/);
    expect(row).toContain('@&#8203;octocat');
  });

  it('keeps a long list within a quarter of the room, the change first, and says the rest is elsewhere', () => {
    const old = Array.from({ length: 3000 }, (_, i) =>
      suppressed({ kind: 'baseline', justification: 'accepted in the baseline' }, { path: `svc${i}/compose.yaml`, fingerprint: `b${i}`, severity: 'high' }),
    );
    const findings = Array.from({ length: 300 }, (_, i) => finding({ path: `new${i}/compose.yaml`, fingerprint: `n${i}`, message: 'x'.repeat(80) }));
    const body = comment(scanResult(findings, { pullRequest: { ...pullRequest, newCount: 300 }, suppressed: [...old, byChange] }));
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain('🆕 this pull request (comment on line 3)');
    expect(body).toMatch(/\d+ more rows are not listed here, to keep this report within GitHub's size limit; the JSON report/);
    const section = body.slice(body.indexOf('### Suppressed findings'), body.indexOf('### Compliance'));
    expect(section.length).toBeLessThan(65_000 / 4 + 1000);
  });
});
