import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * The cap of findings listed per file (src/select/findings-cap.ts) must never hide what a pull
 * request adds (review of the gate, helper-37): which findings are new, and the verdict, are
 * decided on every finding, and the cap keeps new ones first.
 */

const pullRequest = pullRequestGate(46);
const service = (n: number) => `  s${String(n).padStart(4, '0')}:\n    image: nginx:1.27\n    network_mode: host\n`;
const MANY = `services:\n${Array.from({ length: 205 }, (_, n) => service(n)).join('')}`;

describe('a file over the cap', () => {
  it('two new highs appended to a file of 205 existing highs fail the step and are listed', async () => {
    const run = await pullRequest({ base: { 'compose.yaml': MANY }, head: { 'compose.yaml': `${MANY}  zz:\n    image: nginx:1.27\n    volumes:\n      - /:/host\n    pid: host\n` } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(2);
    expect(run.summary).toContain('container\\-sensitive\\-host\\-mount');
    expect(run.summary).toContain('container\\-host\\-namespace');
  }, 60_000);

  it('a new medium written above 205 existing highs is kept over them (fail-on: medium)', async () => {
    const head = MANY.replace('services:\n', 'services:\n  first:\n    image: nginx:1.27\n    devices: [/dev/fuse]\n');
    const run = await pullRequest({ base: { 'compose.yaml': MANY }, head: { 'compose.yaml': head }, inputs: { 'fail-on': 'medium' } });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-host\\-device');
  }, 60_000);

  it('an untouched file of 205 existing highs still passes, its list capped with a notice', async () => {
    const run = await pullRequest({ base: { 'compose.yaml': MANY }, head: { 'README.md': 'docs\n' } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('compose.yaml has ');
  }, 60_000);
});
