import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * Pull requests that shape the history the gate compares with, found by a review helper (helper-27,
 * issue #17's session): each must fail, with the privileged service counted as new.
 */

const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';
const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
const pullRequest = pullRequestGate(41);

describe('the base branch\'s settings judge a pull request, wherever it branched from', () => {
  it('a branch from a commit whose config switched the rule off is judged by the base branch\'s config', async () => {
    // The merge base is where the change starts; its config is as old as the author makes it.
    const run = await pullRequest({
      base: {},
      head: {},
      history: (repo) => {
        const old = repo.commit('old', { 'compose.yaml': QUIET, '.github/containment.yml': 'rules:\n  container-privileged: off\n' });
        const baseSha = repo.commit('the rule back on', { '.github/containment.yml': 'fail-on: high\n' });
        repo.git('checkout', '-q', '-b', 'feature', old);
        return { baseSha, headSha: repo.commit('head', { 'compose.yaml': PRIVILEGED }) };
      },
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.outputs['new']).toBe('1');
    expect(run.summary).toContain('container\\-privileged');
  }, 60_000);

  it('a branch from an older commit with a stricter config than the base branch has now is judged by the base branch\'s', async () => {
    // The other way round: the base relaxed fail-on since; the older, stricter config does not apply.
    const run = await pullRequest({
      base: {},
      head: {},
      // The Action's own `fail-on` input (high by default) would decide over the config's.
      inputs: { 'fail-on': '' },
      history: (repo) => {
        const old = repo.commit('old', { 'compose.yaml': QUIET, '.github/containment.yml': 'fail-on: low\n' });
        const baseSha = repo.commit('relaxed', { '.github/containment.yml': 'fail-on: critical\n' });
        repo.git('checkout', '-q', '-b', 'feature', old);
        return { baseSha, headSha: repo.commit('head', { 'compose.yaml': `${QUIET}    user: root\n` }) };
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs['new']).toBe('1');
    expect(run.summary).toContain('nothing reaches `fail-on: critical`');
  }, 60_000);
});

describe('a file read through a link is compared with what the link leads to at the base', () => {
  const workflow = (script: string) => `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${script}\n`;
  // The link is committed first (a harmless pull request of its own); this one edits only its target.
  it.each([
    ['compose.yaml -> stacks/web.txt', { 'stacks/web.txt': QUIET, 'compose.yaml': { link: 'stacks/web.txt' } }, { 'stacks/web.txt': PRIVILEGED }],
    [
      '.env -> vars.txt',
      { 'vars.txt': 'PRIV=false\n', '.env': { link: 'vars.txt' }, 'compose.yaml': `${QUIET}    privileged: \${PRIV}\n` },
      { 'vars.txt': 'PRIV=true\n' },
    ],
    ['a folder link: deploy -> stacks', { 'stacks/compose.yaml': QUIET, deploy: { link: 'stacks' } }, { 'stacks/compose.yaml': PRIVILEGED }],
    [
      '.github/workflows/a.yml -> ../../ci/wf.txt',
      { 'ci/wf.txt': workflow('echo hi'), '.github/workflows/a.yml': { link: '../../ci/wf.txt' } },
      { 'ci/wf.txt': workflow('docker run --privileged alpine:3.20') },
    ],
  ] as const)('%s', async (_, base, head) => {
    const run = await pullRequest({
      base: {},
      head: {},
      history: (repo) => ({ baseSha: repo.commit('base', { ...base }), headSha: repo.commit('head', { ...head }) }),
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    expect(run.summary).toContain('container\\-privileged');
  }, 60_000);
});

describe('a link the change retargets on the way to a file', () => {
  it('compose.yaml -> stacks/web.txt with stacks -> v1 made stacks -> v2: every finding read through a link is new (helper-29)', async () => {
    const run = await pullRequest({
      base: {},
      head: {},
      history: (repo) => {
        const baseSha = repo.commit('base', { 'v1/web.txt': QUIET, 'v2/web.txt': PRIVILEGED, stacks: { link: 'v1' }, 'compose.yaml': { link: 'stacks/web.txt' } });
        repo.git('rm', '-q', 'stacks');
        return { baseSha, headSha: repo.commit('retarget', { stacks: { link: 'v2' } }) };
      },
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    // The log says why (helper-30: without it, the new findings came with no reason).
    expect(run.stdout).toContain('This pull request adds or changes the symbolic link stacks, so where a link led at the base is not known here');
  }, 60_000);
});

describe('a bind source that a committed link takes to the Docker socket', () => {
  const MOUNTED = 'services:\n  web:\n    image: nginx:1.27\n    volumes: ["./run/app.sock:/app.sock"]\n';
  it.each([
    ['the change adds the link and the mount', { 'compose.yaml': QUIET, 'run/keep': '' }, { 'compose.yaml': MOUNTED, 'run/app.sock': { link: '/var/run/docker.sock' } }, false],
    ['the change only retargets a link the mount already used', { 'compose.yaml': MOUNTED, 'run/app.sock': { link: 'app.real' }, 'run/app.real': '' }, { 'run/app.sock': { link: '/var/run/docker.sock' } }, true],
  ] as const)('%s: the socket mount is a new critical finding', async (_, base, head, retarget) => {
    const run = await pullRequest({
      base: {},
      head: {},
      history: (repo) => {
        const baseSha = repo.commit('base', { ...base });
        if (retarget) repo.git('rm', '-q', 'run/app.sock');
        return { baseSha, headSha: repo.commit('head', { ...head }) };
      },
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    expect(run.summary).toContain('container\\-docker\\-socket');
  }, 60_000);
});

describe('an edit that does not make a finding worse keeps it existing (helper-29, helper-30)', () => {
  it('narrowing one job\'s permissions leaves the workflow\'s write-scope finding existing, though its message lists fewer jobs', async () => {
    const workflow = (lint: string) => `on: push\npermissions:\n  contents: write\njobs:\n  build: {runs-on: ubuntu-latest, steps: [{run: echo b}]}\n  lint: {runs-on: ubuntu-latest, ${lint}steps: [{run: echo l}]}\n`;
    const run = await pullRequest({ base: { '.github/workflows/ci.yml': workflow('') }, head: { '.github/workflows/ci.yml': workflow('permissions: {contents: read}, ') } });
    expect(run.outputs['new']).toBe('0');
  }, 60_000);

  it('adding a trigger to a workflow leaves its step\'s finding existing', async () => {
    const workflow = (on: string) =>
      `on:\n  pull_request_target:\n${on}permissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n      - run: make test\n`;
    const run = await pullRequest({ base: { '.github/workflows/pr.yml': workflow('') }, head: { '.github/workflows/pr.yml': workflow('  workflow_dispatch:\n') } });
    expect(run.outputs['new']).toBe('0');
  }, 60_000);

  it('mounting the socket and /etc read-only leaves their findings existing', async () => {
    const compose = (ro: string) => `services:\n  agent:\n    image: portainer/agent:2.19.4\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock${ro}\n      - /etc:/host/etc${ro}\n`;
    const run = await pullRequest({ base: { 'compose.yaml': compose('') }, head: { 'compose.yaml': compose(':ro') } });
    expect(run.outputs['new']).toBe('0');
  }, 60_000);

  it('a duplicate key moved down by a line added above it stays existing, though its message names the line', async () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    user: "1000"\n    user: "1000"\n';
    const run = await pullRequest({ base: { 'compose.yaml': compose }, head: { 'compose.yaml': `# the stack\n${compose}` } });
    expect(run.outputs['new']).toBe('0');
  }, 60_000);
});
