import { execFileSync } from 'node:child_process';
import { rm, } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitRepo, gitRepo } from '../support/git-repo.js';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, PRIVILEGED_COMPOSE, runAction } from './run-action.js';

/**
 * `pull_request_target` runs in the base branch's context, and `actions/checkout` checks out the
 * base unless told otherwise. A verdict then would be about code the pull request never touched:
 * Containment says nothing was judged and fails on that, neither passing the pull request nor
 * failing it on the base's findings.
 */
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
  // The base has an existing critical finding; the pull request adds a second privileged service.
  await commit('base', { 'compose.yaml': PRIVILEGED_COMPOSE });
  await commit('head', { 'compose.yaml': `${PRIVILEGED_COMPOSE}  worker:\n    image: redis:7\n    privileged: true\n` });
  // GitHub's test merge commit: the base (moved on) and the head as parents.
  git('checkout', '-q', '-b', 'moved', sha['base']!);
  await commit('base2', { 'README.md': 'moved on\n' });
  git('merge', '-q', '--no-ff', '-m', 'merge', sha['head']!);
  sha['merge'] = git('rev-parse', 'HEAD');
});
afterAll(() => github.stop());

const pullRequest = () => ({ number: 7, headSha: sha['head']!, baseSha: sha['base']! });

describe('on pull_request_target with the base branch checked out', () => {
  it('posts no verdict: the comment and the summary say nothing was judged, and the step fails on that alone', async () => {
    git('checkout', '-q', sha['base']!);
    const run = await runAction(workspace, {
      apiUrl: github.url,
      event: 'pull_request_target',
      pullRequest: pullRequest(),
      inputs: { 'sarif-file': 'out.sarif', 'fail-on': 'none' },
    });
    const body = github.comments.get(7)?.at(-1)?.body ?? '';
    for (const markdown of [body, run.summary]) {
      expect(markdown).toContain('this pull request was not judged');
      expect(markdown).toContain("The pull request's code was not checked out, and nothing was judged");
      expect(markdown).toContain(sha['base']!.slice(0, 12));
      expect(markdown).not.toMatch(/passed|container\\-privileged/);
    }
    // Fails even with fail-on: none, and not because of the base's findings.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Containment did not judge pull request #7: the checked-out commit [0-9a-f]{12} is neither its head/m);
    expect(run.stdout).not.toMatch(/container-privileged/);
    expect(run.outputs.findings).toBeUndefined();
    await expect(import('node:fs/promises').then((fs) => fs.stat(join(workspace, 'out.sarif')))).rejects.toThrow();
  }, 60_000);

  it('judges the pull request when its head is checked out', async () => {
    git('checkout', '-q', sha['head']!);
    const run = await runAction(workspace, { apiUrl: github.url, event: 'pull_request_target', pullRequest: pullRequest() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/This pull request adds 1 finding at or above fail-on 'high'/);
    expect(github.comments.get(7)?.at(-1)?.body).not.toContain('not judged');
  }, 60_000);

  it('judges the pull request when the test merge commit is checked out', async () => {
    git('checkout', '-q', sha['merge']!);
    const run = await runAction(workspace, { apiUrl: github.url, event: 'pull_request_target', pullRequest: pullRequest() });
    expect(run.stdout).not.toMatch(/did not judge/);
    expect(run.stdout).toMatch(/This pull request adds 1 finding/);
  }, 60_000);

  it('recognises the merge commit in a shallow clone (fetch-depth: 1), whose parents are not fetched', async () => {
    const shallow = `${workspace}-shallow`;
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'moved', `file://${workspace}`, shallow]);
    try {
      expect(execFileSync('git', ['-C', shallow, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(sha['merge']);
      const run = await runAction(shallow, { apiUrl: github.url, event: 'pull_request_target', pullRequest: pullRequest() });
      expect(run.stdout).not.toMatch(/did not judge/);
      expect(run.stdout).toMatch(/container-privileged/);
    } finally {
      await rm(shallow, { recursive: true, force: true });
    }
  }, 60_000);

  it('on pull_request too, a checkout of something else is not judged', async () => {
    git('checkout', '-q', sha['base2']!);
    const run = await runAction(workspace, { apiUrl: github.url, event: 'pull_request', pullRequest: pullRequest() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Containment did not judge pull request #7/m);
  }, 60_000);
});

describe('outside a git work tree', () => {
  it('says the checkout cannot be verified, and judges the files on disk', async () => {
    const plain = await makeWorkspace({ 'compose.yaml': PRIVILEGED_COMPOSE });
    try {
      const run = await runAction(plain, { apiUrl: github.url, event: 'pull_request_target', pullRequest: pullRequest() });
      expect(run.stdout).toMatch(/^::warning::Containment could not verify that pull request #7's code is what was checked out \(the scanned folder is not in a git work tree\)/m);
      expect(run.stdout).toMatch(/container-privileged/);
      expect(run.code).toBe(1);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  }, 60_000);
});
