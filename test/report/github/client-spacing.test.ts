import { afterEach, describe, expect, it } from 'vitest';
import { gitHubClient } from '../../../src/report/github/client.js';
import { FakeGitHub } from '../../e2e/fake-github.js';

// GitHub's REST API best practices: requests that create content at least a second apart, and
// those that notify people further apart still. The client keeps that spacing in its wait unit,
// so the gaps below are lower bounds in that unit (a busy machine only makes them longer).
describe('the GitHub client spaces requests that create content', () => {
  let github: FakeGitHub | undefined;
  afterEach(async () => github?.stop());

  it('by one wait unit between writes, and three between comments that notify people', async () => {
    github = await new FakeGitHub().start();
    const unit = 300;
    const client = gitHubClient({ token: 't', baseUrl: github.url, retryUnitMs: unit });
    // A read first, so the connection exists and each write's own latency is alike.
    await client.rest.issues.listComments({ owner: 'owner', repo: 'repo', issue_number: 7 });
    for (let i = 0; i < 2; i++) await client.rest.checks.create({ owner: 'owner', repo: 'repo', name: `check ${i}`, head_sha: 'a'.repeat(40) });
    for (let i = 0; i < 2; i++) await client.rest.issues.createComment({ owner: 'owner', repo: 'repo', issue_number: 7, body: `comment ${i}` });
    // Arrival times at the server: the spacing is between the requests' starts.
    const stamps = github.requests.filter((request) => request.method === 'POST').map((request) => request.at);
    // The limiter spaces the moments requests are released; arrivals differ from those by each
    // request's own latency, so the bound leaves a fifth of a unit for that.
    expect(stamps[1]! - stamps[0]!).toBeGreaterThanOrEqual(0.8 * unit);
    expect(stamps[3]! - stamps[2]!).toBeGreaterThanOrEqual(2.8 * unit);
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(4);
  });

  it('in the unit it is given, not always in seconds (tests shrink the unit)', async () => {
    github = await new FakeGitHub().start();
    const client = gitHubClient({ token: 't', baseUrl: github.url, retryUnitMs: 10 });
    for (let i = 0; i < 2; i++) await client.rest.issues.createComment({ owner: 'owner', repo: 'repo', issue_number: 7, body: `comment ${i}` });
    const [first, second] = github.requests.filter((request) => request.method === 'POST').map((request) => request.at);
    // With GitHub's spacing in seconds the gap would be at least 3,000 ms; in units of 10 ms it is
    // about 30 ms. The bound is far from both, so a busy machine cannot decide it.
    expect(second! - first!).toBeLessThan(2000);
  });
});
