import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Failure } from './fake-github.js';
import { freshRunPerTest, PRIVILEGED_COMPOSE, runAction } from './run-action.js';

/**
 * Every way the API can fail, end to end: the step's result follows the findings (one privileged
 * service fails `fail-on: high`), never the API; every finding is still in the job summary, the
 * annotations and SARIF; and each fault is one clear warning, with no stack trace.
 */

const TOKEN = 'ghs_faultsSecretToken0123456789abcdef';
const COMMENTS = /\/issues\/7\/comments$/;
const ALWAYS = 20;

const step = freshRunPerTest({ 'compose.yaml': PRIVILEGED_COMPOSE });

const faults: Array<[string, Failure, RegExp]> = [
  ['401 Bad credentials', { method: 'GET', path: COMMENTS, status: 401, message: 'Bad credentials', times: ALWAYS }, /\(HTTP 401: Bad credentials\)/],
  ['403 forbidden', { method: 'POST', path: COMMENTS, status: 403, message: 'Resource not accessible by integration', times: ALWAYS }, /\(HTTP 403: Resource not accessible by integration\): the token lacks the `pull-requests: write` permission/],
  ['404 not found', { method: 'GET', path: COMMENTS, status: 404, message: 'Not Found', times: ALWAYS }, /\(HTTP 404: Not Found\)/],
  ['422 validation failed', { method: 'POST', path: COMMENTS, status: 422, message: 'Validation Failed', times: ALWAYS }, /\(HTTP 422: Validation Failed\)/],
  ['500 server error, after its retries', { method: 'GET', path: COMMENTS, status: 500, message: 'Server Error', times: ALWAYS }, /\(HTTP 500: Server Error, after 3 retries\)/],
  ['502 bad gateway, after its retries', { method: 'POST', path: COMMENTS, status: 502, message: 'Bad Gateway', times: ALWAYS }, /\(HTTP 502: Bad Gateway, after 3 retries\)/],
  [
    'a secondary rate limit that does not lift (retry-after honoured twice)',
    { method: 'POST', path: COMMENTS, status: 403, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', times: ALWAYS },
    /\(HTTP 403: You have exceeded a secondary rate limit.*\): GitHub's rate limit did not lift/,
  ],
  ['a server that never answers (timeout, not retried)', { method: 'GET', path: COMMENTS, status: 200, message: '', hang: true, times: ALWAYS }, /\(GitHub API did not answer within 0\.3 s; not retried\)/],
  ['malformed JSON', { method: 'GET', path: COMMENTS, status: 200, message: '', raw: '[{"id": 1, "body": "unterminated', times: ALWAYS }, /could not comment on pull request #7 \(/],
];

describe('a fault of the GitHub API', () => {
  it.each(faults)('%s: the step follows the findings, every report has them, one clear warning', async (_name, failure, warning) => {
    step.github.failures.push(failure);
    const run = await runAction(step.workspace, {
      apiUrl: step.github.url,
      inputs: { token: TOKEN, 'sarif-file': 'containment.sarif' },
      env: { CONTAINMENT_REQUEST_TIMEOUT_MS: '300' },
    });
    // Bounded without a clock: retries and the timeout are shrunk for the test, so a run that
    // waits for real (or hangs) fails on the test timeout instead of on a busy machine's timing.

    // The result follows the findings: fail-on high and a critical finding fail the step.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Containment found 1 finding at or above fail-on 'high'/m);
    // Every channel still has the finding.
    expect(run.stdout).toMatch(/^::error title=Container runs privileged \(critical%2C container-privileged\),file=compose\.yaml,line=4/m);
    expect(run.summary).toContain('## ❌ Containment: failed');
    expect(run.summary).toContain('container\\-privileged');
    const sarif = JSON.parse(await readFile(join(step.workspace, 'containment.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('container-privileged');
    expect(run.outputs.critical).toBe('1');

    // A timeout is not retried as a 5xx would be: the hung listing was asked for once.
    if (failure.hang) expect(step.github.requests.filter((r) => r.method === 'GET' && COMMENTS.test(r.path))).toHaveLength(1);

    // One clear message for the fault: a warning, no stack trace, no token.
    const warnings = run.stdout.match(/^::warning.*$/gm) ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
    expect(warnings[0]).toMatch(/job summary/i);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(`${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes(TOKEN)).every((line) => line === `::add-mask::${TOKEN}`)).toBe(true);
    // Masked once, before anything else is printed.
    expect(run.stdout.match(/^::add-mask::/gm)).toHaveLength(1);
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${TOKEN}`);
  }, 30_000);
});
