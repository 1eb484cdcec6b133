import { describe, expect, it } from 'vitest';
import { makeBaseline } from '../../src/select/baseline.js';
import { scanFiles } from '../support/scan-files.js';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * A baseline accepts what was there when it was recorded; a pull request must not be able to use
 * an entry whose finding has gone, or one recorded for another value, to pass what it adds
 * (review of the gate, helper-37).
 */

const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';
const LEGACY = 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n';
const pullRequest = pullRequestGate(44);
const inputs = { baseline: '.containment-baseline.json' };

/** The baseline `containment baseline` writes for these files. */
async function baselineOf(files: Record<string, string>): Promise<string> {
  return JSON.stringify(makeBaseline((await scanFiles(files)).findings));
}

describe('a baseline entry whose finding is gone at the base does not hide what a pull request brings back', () => {
  it('a deleted file recreated with a privileged service', async () => {
    const baseline = await baselineOf({ 'legacy/compose.yaml': LEGACY });
    const run = await pullRequest({ base: { '.containment-baseline.json': baseline, 'compose.yaml': QUIET }, head: { 'legacy/compose.yaml': LEGACY }, inputs });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-privileged');
    // Said where the notices are read: the entry outlived its finding.
    expect(run.stdout).toMatch(/\d+ baseline entries for [^\n]*container-privileged[^\n]* in legacy\/compose\.yaml match findings the base revision does not have/);
  }, 60_000);

  it('a service removed from a file that stays, added back with the socket under the same name', async () => {
    const recorded = `${QUIET}  agent:\n    image: portainer/agent:2.19.4\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n`;
    const baseline = await baselineOf({ 'compose.yaml': recorded });
    const run = await pullRequest({ base: { '.containment-baseline.json': baseline, 'compose.yaml': QUIET }, head: { 'compose.yaml': recorded }, inputs });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-docker\\-socket');
  }, 60_000);

  it('an entry recorded for a mount of /etc/ssl/certs does not hide a mount of / at the same place', async () => {
    const compose = (mount: string) => `${QUIET}    volumes:\n      - ${mount}\n`;
    const baseline = await baselineOf({ 'compose.yaml': compose('/etc/ssl/certs:/etc/ssl/certs:ro') });
    const run = await pullRequest({ base: { '.containment-baseline.json': baseline, 'compose.yaml': compose('/etc/ssl/certs:/etc/ssl/certs:ro') }, head: { 'compose.yaml': compose('/:/etc/ssl/certs') }, inputs });
    expect(run.code).toBe(1);
    expect(run.outputs['new']).not.toBe('0');
  }, 60_000);

  it('an old baseline without values (fingerprints only) still does not hide a value the pull request changed', async () => {
    const compose = (cap: string) => `${QUIET}    cap_add: [${cap}]\n`;
    const recorded = JSON.parse(await baselineOf({ 'compose.yaml': compose('NET_ADMIN') })) as { findings: Array<{ values?: string[] }> };
    for (const entry of recorded.findings) delete entry.values;
    const run = await pullRequest({ base: { '.containment-baseline.json': JSON.stringify(recorded), 'compose.yaml': compose('NET_ADMIN') }, head: { 'compose.yaml': compose('SYS_ADMIN') }, inputs });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-dangerous\\-capability');
  }, 60_000);

  it('an entry whose finding the base still has keeps hiding it, wherever the pull request moves it', async () => {
    const baseline = await baselineOf({ 'compose.yaml': `${QUIET}${LEGACY.replace('services:\n', '')}` });
    const run = await pullRequest({
      base: { '.containment-baseline.json': baseline, 'compose.yaml': `${QUIET}${LEGACY.replace('services:\n', '')}` },
      head: { 'compose.yaml': `# the stack\n${QUIET}    hostname: web\n${LEGACY.replace('services:\n', '')}` },
      inputs,
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
  }, 60_000);
});
