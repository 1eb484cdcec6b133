import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { renderReport } from '../../../src/report/github/comment-body.js';
import { renderJobSummary } from '../../../src/report/github/job-summary.js';
import { finding, scanResult } from '../scan-result-fixture.js';
import { renderedHazards } from './rendered-markdown.js';

/** Paths a pull request may add (under a custom pack's folder, say): markdown and HTML if not escaped. */
const PATHS = [
  'policies/acme/**LGTM** [Approve the fix](https:/evil.example/login) ![x](https:/evil.example/p.png)',
  'policies/acme/<img src=https://evil.example/p.png> @acme/security-team',
  'policies/acme/`` ![x](https:/evil.example/p.png) ``',
  'policies/acme/x</code> [a](https:/evil.example) <code>',
  'policies/acme/&lt;img src=https://evil.example/p.png&gt;',
  'policies/acme/a\n\n<img src=https://evil.example/p.png>',
];
/** The links the report makes itself: rule docs, lines at the commit, the run, the compliance controls' pages. */
const OURS = [
  /^https:\/\/github\.com\/containment-dev\/containment([/#]|$)/,
  /^https:\/\/github\.com\/owner\/repo\/(blob\/abc|actions\/runs\/1)(\/|$)/,
  /^https:\/\/www\.cisecurity\.org\//,
  /^https:\/\/cheatsheetseries\.owasp\.org\//,
];

const pr = (configChanged: string[], fixed: Finding[] = []) => ({ source: 'git', changedFiles: 1, newCount: 1, fixed, configChanged, failOnScope: 'new' as const, changedPaths: [] });

describe('paths from a pull request in the comment and the job summary', () => {
  it.each(PATHS)('render as text wherever they appear: %j', (path) => {
    const fresh = { ...finding({ path, fingerprint: 'n' }), novelty: 'new' as const };
    const old = { ...finding({ path, fingerprint: 'o', severity: 'high' }), novelty: 'existing' as const };
    const gone = finding({ path, fingerprint: 'g' });
    const result = scanResult([fresh, old], { pullRequest: pr([path, `${path}2`], [gone]) });
    const links = { blobBase: 'https://github.com/owner/repo/blob/abc', runUrl: 'https://github.com/owner/repo/actions/runs/1' };
    for (const markdown of [
      renderReport(result, { max: 65_000, elsewhere: 'e', changeView: true, links }),
      renderReport(result, { max: 65_000, elsewhere: 'e', links }),
      renderJobSummary(result, { links }),
    ]) {
      expect(markdown).toContain('This pull request changes');
      expect(renderedHazards(markdown, OURS)).toEqual([]);
    }
  });
});
