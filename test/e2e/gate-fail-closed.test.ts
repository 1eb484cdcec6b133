import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, runAction } from './run-action.js';

/**
 * Issue 11's "fail-open": when the base revision cannot be read, the pull request's own config
 * (which its author wrote to pass) must never judge it. The step judges with the base config when
 * it read it, otherwise with the built-in defaults, and counts every finding as new.
 */

const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';
const HEAD = `${QUIET}  pwn:\n    image: alpine:3.20\n    privileged: true\n`;
const PR_CONFIG = 'fail-on: none\nrules:\n  container-privileged: off\n';
const PATCH = '@@ -3,0 +4,3 @@\n+  pwn:\n+    image: alpine:3.20\n+    privileged: true';

let github: FakeGitHub;
const workspaces: string[] = [];
beforeAll(async () => {
  github = await new FakeGitHub().start();
});
beforeEach(() => {
  github.failures.splice(0);
  github.baseContents.clear();
  github.pullFiles = [
    { filename: 'compose.yaml', status: 'modified', patch: PATCH },
    { filename: '.github/containment.yml', status: 'modified', patch: '@@ -1 +1,3 @@\n+fail-on: none' },
  ];
});
afterAll(async () => {
  await github.stop();
  await Promise.all(workspaces.map((w) => rm(w, { recursive: true, force: true })));
});

async function workspace(): Promise<string> {
  const dir = await makeWorkspace({ 'compose.yaml': HEAD, '.github/containment.yml': PR_CONFIG });
  workspaces.push(dir);
  return dir;
}

describe('a pull request whose base cannot be read is judged fail-closed', () => {
  it('with the base config when it was read before a contents request failed (502)', async () => {
    github.baseContents.set('.github/containment.yml', 'fail-on: critical\n');
    github.baseContents.set('compose.yaml', QUIET);
    github.failures.push({ method: 'GET', path: /\/contents\/compose\.yaml$/, status: 502, message: 'Bad Gateway', times: 20 });
    const run = await runAction(await workspace(), { apiUrl: github.url, pullRequest: { number: 41, headSha: 'd'.repeat(40) } });
    expect(run.code).toBe(1);
    expect(run.summary).toMatch(/every finding counts as new, judged with the base revision&#39;s config|every finding counts as new, judged with the base revision's config/);
    expect(run.stdout).toMatch(/privileged/);
  }, 90_000);

  it('with the built-in defaults when not even the base config could be read', async () => {
    github.failures.push({ method: 'GET', path: /\/contents\//, status: 502, message: 'Bad Gateway', times: 50 });
    const run = await runAction(await workspace(), { apiUrl: github.url, pullRequest: { number: 42, headSha: 'd'.repeat(40) } });
    expect(run.code).toBe(1);
    expect(run.summary).toMatch(/built\\?-in defaults, not the pull request/);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('with the built-in defaults when there is no base commit and no API', async () => {
    const run = await runAction(await workspace(), { pullRequest: { number: 43, headSha: 'd'.repeat(40) } });
    expect(run.code).toBe(1);
    expect(run.summary).toMatch(/built\\?-in defaults, not the pull request/);
  }, 90_000);

  it('counting every finding as new when GitHub lists only 3,000 of the changed files', async () => {
    github.baseContents.set('.github/containment.yml', 'fail-on: high\n');
    github.baseContents.set('compose.yaml', HEAD); // the privileged service hides in an unlisted file
    github.pullFiles = Array.from({ length: 3000 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'added', patch: '@@ -0,0 +1 @@\n+x' }));
    const run = await runAction(await workspace(), { apiUrl: github.url, pullRequest: { number: 44, headSha: 'd'.repeat(40) } });
    expect(run.code, run.summary + run.stdout + run.stderr).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
