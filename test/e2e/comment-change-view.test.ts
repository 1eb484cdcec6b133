import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../support/git-repo.js';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, runAction } from './run-action.js';

// Issue 12's done-when, through the bundle: a pull request that adds 3 findings to a repository
// with about 1,000 gets a comment under 15 KB that shows the new ones before any existing one.
const service = (i: number, extra = '') => `  svc${String(i).padStart(3, '0')}:\n    image: nginx:1.27\n    ports: ["${8000 + i}:80"]\n${extra}`;
// Ten files of eleven services: each file stays under the 200-findings-per-file cap.
const FOLDERS = 'abcdefghij'.split('');
const file = (folder: number) => `services:\n${Array.from({ length: 11 }, (_, i) => service(folder * 11 + i)).join('')}`;
const BASE = Object.fromEntries(FOLDERS.map((name, index) => [`${name}/compose.yaml`, file(index)]));
const HEAD = { 'd/compose.yaml': file(3).replace(service(36), service(36, '    privileged: true\n    network_mode: host\n    pid: host\n')) };

let github: FakeGitHub;
let workspace: string;
beforeAll(async () => {
  github = await new FakeGitHub().start();
});
afterAll(async () => {
  await github.stop();
  await rm(workspace, { recursive: true, force: true });
});

describe('the comment on a pull request in a repository with many findings', () => {
  it('is under 15 KB and leads with the 3 new findings', async () => {
    workspace = await makeWorkspace({});
    const repo = gitRepo(workspace);
    const baseSha = repo.commit('base', BASE);
    const headSha = repo.commit('head', HEAD);
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 51, headSha, baseSha } });
    expect(run.code).toBe(1);
    expect(Number(run.outputs['findings'])).toBeGreaterThanOrEqual(1000);
    expect(run.outputs['new']).toBe('3');
    const body = github.comments.get(51)?.[0]?.body ?? '';
    expect(Buffer.byteLength(body)).toBeLessThan(15 * 1024);
    const existing = body.indexOf('already there before this pull request');
    for (const rule of ['container\\-privileged', 'container\\-host\\-network', 'container\\-host\\-namespace']) {
      expect(body.indexOf(rule), rule).toBeGreaterThan(0);
      expect(body.indexOf(rule), rule).toBeLessThan(existing);
    }
  }, 90_000);
});
