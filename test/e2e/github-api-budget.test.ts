import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { freshRunPerTest, manyServices, runAction } from './run-action.js';

/**
 * The GitHub API, hostile or down, cannot hold the step: one budget covers every call (2 minutes
 * by default; shrunk here), a timeout is not retried as a 5xx, and pagination never leaves
 * GITHUB_API_URL's origin (a `next` link elsewhere would carry the token there).
 */

const TOKEN = 'ghs_budgetSecretToken0123456789abcdef';
// 15 privileged services: more critical findings than a step may annotate, so a check run is wanted too.
const step = freshRunPerTest(manyServices(15));

describe('the API budget', () => {
  it('ends a run against a GitHub that hangs on every connection soon after the budget, and says so once', async () => {
    step.github.hangAll = true;
    const budgetMs = 3_000;
    const run = await runAction(step.workspace, {
      apiUrl: step.github.url,
      inputs: { token: TOKEN, 'sarif-file': 'containment.sarif' },
      env: { CONTAINMENT_API_BUDGET_MS: String(budgetMs), CONTAINMENT_REQUEST_TIMEOUT_MS: '2000' },
      // The bundle in its own process: that the process ends, with connections still hanging, is
      // part of what is proven (an open socket or timer would keep Node from exiting).
      spawn: true,
    });
    // No wall-clock assertion: without the budget the same run takes (requests × (1 + 3 retries) ×
    // timeout) and overruns the test's timeout; the request counts below say what happened.

    // Each request was sent once (timeouts are not retried), and none after the budget ran out.
    const sent = step.github.requests.map((r) => `${r.method} ${r.path}`);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.length).toBeLessThanOrEqual(3);

    // What really happened, in the log: the first call's timeout, then one line for the budget.
    expect(run.stdout).toContain('GitHub API did not answer within 2 s; not retried');
    const budgetLines = run.stdout.split('\n').filter((line) => line.includes("for them ran out, so no further request is sent"));
    expect(budgetLines).toHaveLength(1);
    expect(budgetLines[0]).toMatch(/^::warning::GitHub API calls stopped: this step's 3 s for them ran out/);
    expect(run.stdout.match(/^::warning::/gm)).toHaveLength(1);

    // The step follows the findings; every channel but the API still carries them.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Containment found 15 findings? at or above fail-on 'high'/m);
    expect(run.summary).toContain('container\\-privileged');
    const sarif = JSON.parse(await readFile(join(step.workspace, 'containment.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThanOrEqual(15);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);
});

describe('rate limits within the budget', () => {
  it('does not wait for a retry-after that would outlast the budget, and says it did not retry', async () => {
    step.github.failures.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      headers: { 'retry-after': '60' },
      message: 'You have exceeded a secondary rate limit.',
      times: 5,
    });
    // 60 s of retry-after at 100 ms a second is a 6 s wait, against a 5 s budget (the base-revision
    // reads and the check run come out of it first).
    const run = await runAction(step.workspace, {
      apiUrl: step.github.url,
      inputs: { token: TOKEN },
      env: { CONTAINMENT_API_BUDGET_MS: '5000', CONTAINMENT_RETRY_BASE_MS: '100' },
    });
    expect(run.stdout, run.stdout).toMatch(/secondary rate limit was reached for POST .*; not retried\./);
    expect(step.github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))).toHaveLength(1);
    expect(run.stdout).toMatch(/^::warning::Containment could not comment on pull request #7 .*rate limit did not lift/m);
    expect(run.code).toBe(1);
  }, 60_000);
});

describe('pagination', () => {
  it("does not follow a 'next' link to another origin, so the token never goes there", async () => {
    const elsewhere = await new FakeGitHub().start();
    try {
      step.github.seedComments(7, ['an ordinary comment']);
      step.github.commentsLink = `<${elsewhere.url}/repos/owner/repo/issues/7/comments?page=2>; rel="next"`;
      const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { token: TOKEN } });
      expect(elsewhere.requests).toHaveLength(0);
      const warnings = run.stdout.match(/^::warning::.*$/gm) ?? [];
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`GitHub's answer pointed to ${elsewhere.url}, outside GITHUB_API_URL (${step.github.url}); not followed`);
      // Without the whole listing, no comment is written (it could duplicate one on a later page).
      expect(step.github.writes().filter((r) => r.path.endsWith('/comments'))).toHaveLength(0);
      expect(run.code).toBe(1);
    } finally {
      await elsewhere.stop();
    }
  }, 60_000);

  it('follows next links on the same origin through every page', async () => {
    step.github.seedComments(7, Array.from({ length: 130 }, (_, i) => `comment ${i}`));
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { token: TOKEN } });
    const pages = step.github.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues/7/comments'));
    expect(pages.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(run.stdout).toMatch(/Pull-request comment created/);
  }, 60_000);
});
