
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitRepo, gitRepo } from '../support/git-repo.js';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, runAction } from './run-action.js';

// Issue 6's scenario, run through the bundled Action with real git history: a base commit with an
// existing problem; a head commit that adds one and edits .github/containment.yml to switch the
// rules off; and a second pull request that adds no finding.
const BASE = { 'compose.yaml': 'services:\n  legacy:\n    image: nginx:1.27\n    privileged: true\n', '.github/containment.yml': 'fail-on: high\n' };
const HEAD = {
  'compose.yaml': `${BASE['compose.yaml']}  proxy:\n    image: traefik:v3.1\n    network_mode: host\n`,
  '.github/containment.yml': 'fail-on: high\nrules:\n  container-host-network: off\n  container-privileged: off\n',
};

let github: FakeGitHub;
let workspace: string;
const sha: Record<string, string> = {};
let repo: GitRepo;
const git = (...args: string[]) => repo.git(...args);
async function commit(name: string, files: Record<string, string>): Promise<void> {
  sha[name] = repo.commit(name, files);
}

beforeAll(async () => {
  github = await new FakeGitHub().start();
  workspace = await makeWorkspace({});
  repo = gitRepo(workspace);
  await commit('base', BASE);
  await commit('head', HEAD);
  git('checkout', '-q', '-b', 'quiet', sha['base']!);
  await commit('quiet', { 'compose.yaml': `# the legacy service\n${BASE['compose.yaml']}` });
});
afterAll(() => github.stop());

describe('the Action on a pull request with git history', () => {
  it('annotates the one new finding on its line, ignores the PR config, and fails on it', async () => {
    git('checkout', '-q', sha['head']!);
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 11, headSha: sha['head']!, baseSha: sha['base']! } });
    expect(run.code).toBe(1);
    // Only the new finding on an added line is annotated (filter-mode: added)...
    expect(run.stdout).toMatch(/^::error title=.*,file=compose\.yaml,line=7,endLine=7,col=5,endColumn=23::.*host's network/m);
    expect(run.stdout).not.toMatch(/^::error .*file=compose\.yaml,line=4,/m);
    // ...the existing one is still reported, marked as existing; the PR's config change is named.
    expect(run.summary).toMatch(/This pull request: \d+ new findings?, 0 fixed/);
    expect(run.summary).toContain('changes `.github/containment.yml`');
    expect(run.summary).toContain('| 🆕 [container\\-host\\-network]');
    expect(run.summary).toContain('| [container\\-privileged]');
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    expect(run.stdout).toMatch(/::error::This pull request adds \d+ findings? at or above fail-on 'high'/);
    // The comment is about the change: the new finding before anything that was already there.
    const body = github.comments.get(11)?.[0]?.body ?? '';
    expect(body.indexOf('### New in this pull request')).toBeGreaterThan(0);
    expect(body.indexOf('container\\-host\\-network')).toBeLessThan(body.indexOf('already there before this pull request'));
    expect(body).not.toContain('### Inventory');
  }, 60_000);

  it('passes a pull request that adds no finding, with fail-on-scope: new', async () => {
    git('checkout', '-q', sha['quiet']!);
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 12, headSha: sha['quiet']!, baseSha: sha['base']! } });
    expect(run.code).toBe(0);
    expect(run.outputs['new']).toBe('0');
    expect(run.summary).toMatch(/This pull request: 0 new findings, 0 fixed/);
    // The existing privileged service is still listed, and would fail with fail-on-scope: all.
    const all = await runAction(workspace, { apiUrl: github.url, inputs: { 'fail-on-scope': 'all' }, pullRequest: { number: 12, headSha: sha['quiet']!, baseSha: sha['base']! } });
    expect(all.code).toBe(1);
  }, 60_000);
});
