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
  }, 60_000);
});

describe('a finding whose value the change made worse is new, though no line it is on changed', () => {
  it('.env turns a CA-certificate mount under an old suppression into a mount of the host root', async () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      # containment: ignore[container-sensitive-host-mount] reads the host CA certificates\n      - ${CERTS}:/certs\n';
    const run = await pullRequest({ base: { 'compose.yaml': compose, '.env': 'CERTS=/etc/ssl/certs\n' }, head: { '.env': 'CERTS=/\n' } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    // The old comment does not cover what the change made: a pull request may suppress up to medium.
    expect(run.summary).toMatch(/suppression\\?-beyond\\?-limit|beyond/);
  }, 60_000);

  it('an anchor turns NET_ADMIN under an old suppression into SYS_ADMIN', async () => {
    const compose = (capability: string) =>
      `x-caps: &caps ${capability}\nservices:\n  web:\n    image: nginx:1.27\n    # containment: ignore[container-dangerous-capability] the VPN sidecar needs NET_ADMIN\n    cap_add: [*caps]\n`;
    const run = await pullRequest({ base: { 'compose.yaml': compose('NET_ADMIN') }, head: { 'compose.yaml': compose('SYS_ADMIN') } });
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('an edit that leaves the value as it was keeps the finding existing', async () => {
    const compose = (comment: string) => `services:\n  web:\n    image: nginx:1.27\n    # ${comment}\n    privileged: true\n`;
    const run = await pullRequest({ base: { 'compose.yaml': compose('debug') }, head: { 'compose.yaml': `# a header line\n${compose('debugging')}` } });
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
  }, 60_000);
});

describe('what a finding is about, not what its message says, makes it new (helper-29)', () => {
  it('a mount made writable through .env under a suppression that says read-only is new', async () => {
    const compose = 'services:\n  agent:\n    image: nginx:1.27\n    volumes:\n      # containment: ignore[container-sensitive-host-mount] reads host config read-only\n      - /etc:/host/etc:${MODE}\n';
    const run = await pullRequest({ base: { 'compose.yaml': compose, '.env': 'MODE=ro\n' }, head: { '.env': 'MODE=rw\n' } });
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    expect(run.code).toBe(1);
  }, 60_000);

  it('narrowing one job\'s permissions leaves the workflow\'s write-scope finding existing, though its message lists fewer jobs', async () => {
    const workflow = (lint: string) => `on: push\npermissions:\n  contents: write\njobs:\n  build: {runs-on: ubuntu-latest, steps: [{run: echo b}]}\n  lint: {runs-on: ubuntu-latest, ${lint}steps: [{run: echo l}]}\n`;
    const run = await pullRequest({ base: { '.github/workflows/ci.yml': workflow('') }, head: { '.github/workflows/ci.yml': workflow('permissions: {contents: read}, ') } });
    expect(run.outputs['new']).toBe('0');
  }, 60_000);

  it('a duplicate key moved down by a line added above it stays existing, though its message names the line', async () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    user: "1000"\n    user: "1000"\n';
    const run = await pullRequest({ base: { 'compose.yaml': compose }, head: { 'compose.yaml': `# the stack\n${compose}` } });
    expect(run.outputs['new']).toBe('0');
  }, 60_000);
});
