import { describe, expect, it } from 'vitest';
import { API_BUDGET_MS, ApiBudget, ApiStopped, formatSeconds, isApiStopped } from '../../../src/report/github/api-budget.js';
import { describeApiError } from '../../../src/report/github/client.js';

describe('ApiBudget', () => {
  it('counts down from its start, never below zero (times given, not waited for)', () => {
    const budget = new ApiBudget(2_000, () => {}, 1_000);
    expect(budget.remaining(1_000)).toBe(2_000);
    expect(budget.remaining(2_500)).toBe(500);
    expect(budget.exhausted(2_999)).toBe(false);
    expect(budget.exhausted(3_000)).toBe(true);
    expect(budget.remaining(10_000)).toBe(0);
  });

  it('announces that API work stopped exactly once, however often it is asked', () => {
    const lines: string[] = [];
    const budget = new ApiBudget(API_BUDGET_MS, (line) => lines.push(line));
    budget.announce();
    budget.announce();
    budget.announce();
    expect(lines).toEqual([
      "GitHub API calls stopped: this step's 2 min for them ran out, so no further request is sent. The step's result follows the findings; the annotations, the job summary and the SARIF report carry every one.",
    ]);
  });

  it('is two minutes by default', () => {
    expect(API_BUDGET_MS).toBe(120_000);
  });
});

describe('ApiStopped', () => {
  it('is what @octokit/request passes through unwrapped (an AbortError), and describes itself', () => {
    const stopped = new ApiStopped('timeout', 'GitHub API did not answer within 30 s; not retried');
    expect(stopped.name).toBe('AbortError');
    expect(isApiStopped(stopped)).toBe(true);
    expect(isApiStopped(new Error('x'))).toBe(false);
    expect(describeApiError(stopped)).toBe('GitHub API did not answer within 30 s; not retried');
  });

  it.each([
    [30_000, '30 s'],
    [300, '0.3 s'],
    [120_000, '2 min'],
    [90_000, '90 s'],
  ])('formatSeconds(%i) is %s', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text);
  });
});
