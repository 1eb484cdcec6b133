import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, runAction } from './run-action.js';

// The usual checkout of a pull request holds one commit, so the base comes from the REST API:
// "List pull requests files" for the change, "Get repository content" at the base commit.
const BASE_COMPOSE = 'services:\n  legacy:\n    image: nginx:1.27\n    privileged: true\n';
const HEAD_COMPOSE = `${BASE_COMPOSE}  proxy:\n    image: traefik:v3.1\n    network_mode: host\n`;
const PR_CONFIG = 'fail-on: high\nrules:\n  container-host-network: off\n';

let github: FakeGitHub;
beforeAll(async () => {
  github = await new FakeGitHub().start();
});
afterAll(() => github.stop());

describe('the Action on a shallow pull-request checkout', () => {
  it('reads the change and the base through the API: the new finding fails, the PR config is ignored', async () => {
    github.pullFiles = [
      { filename: 'compose.yaml', status: 'modified', patch: '@@ -4,0 +5,3 @@\n+  proxy:\n+    image: traefik:v3.1\n+    network_mode: host' },
      { filename: '.github/containment.yml', status: 'modified', patch: '@@ -1,0 +2,2 @@\n+rules:\n+  container-host-network: off' },
    ];
    github.baseContents.set('compose.yaml', BASE_COMPOSE);
    github.baseContents.set('.github/containment.yml', 'fail-on: high\n');
    const workspace = await makeWorkspace({ 'compose.yaml': HEAD_COMPOSE, '.github/containment.yml': PR_CONFIG });
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 21, headSha: 'd'.repeat(40) } });

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error title=.*,file=compose\.yaml,line=7,.*host's network/m);
    expect(run.stdout).not.toMatch(/^::error .*file=compose\.yaml,line=4,/m);
    expect(run.summary).toContain('changes `.github/containment.yml`');
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    // Octokit encodes the slashes of a content path (%2F), which GitHub accepts.
    const reads = github.requests.filter((r) => r.method === 'GET').map((r) => decodeURIComponent(r.path));
    expect(reads).toContain('/repos/owner/repo/pulls/21/files');
    expect(reads).toContain('/repos/owner/repo/contents/.github/containment.yml');
  }, 60_000);

  it('still reports everything, marked as not compared, when the API cannot list the change', async () => {
    github.pullFiles = undefined;
    const workspace = await makeWorkspace({ 'compose.yaml': HEAD_COMPOSE });
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 22, headSha: 'e'.repeat(40) } });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('Findings are not marked new or existing');
    expect(run.stdout).toMatch(/file=compose\.yaml,line=4,/);
  }, 60_000);
});
