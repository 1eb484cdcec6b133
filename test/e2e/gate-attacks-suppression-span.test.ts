import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * An older suppression comment covers a finding whose lines a pull request edits below the line
 * the finding starts on (review of the gate, helper-37): the pull request makes that suppression,
 * so the base config's limit applies to it.
 */

const pullRequest = pullRequestGate(45);
const mount = (source: string, readOnly: string) =>
  `services:\n  web:\n    image: nginx:1.27\n    volumes:\n      # containment: ignore[container-sensitive-host-mount] read-only CA bundle, approved\n      - type: bind\n        source: ${source}\n        target: /etc/ssl/certs\n        read_only: ${readOnly}\n    environment: [A=1]\n`;

describe('a suppression over a finding whose lines the pull request edits is made by the pull request', () => {
  it.each([
    ['the long-syntax mount\'s source is made / and read_only dropped', mount('/etc/ssl/certs', 'true'), mount('/', 'false').replace('        read_only: false\n', '')],
    ['the long-syntax mount is made writable (read_only: false), its source unchanged', mount('/etc/ssl/certs', 'true'), mount('/etc/ssl/certs', 'false')],
    ['a line indented under the mount is added (bind: propagation)', mount('/etc/ssl/certs', 'true'), mount('/etc/ssl/certs', 'true').replace('read_only: true\n', 'read_only: true\n        bind: {propagation: rshared}\n')],
  ])('%s', async (_, base, head) => {
    const run = await pullRequest({ base: { 'compose.yaml': base }, head: { 'compose.yaml': head } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-sensitive\\-host\\-mount');
    expect(run.summary).toMatch(/suppression\\?-beyond\\?-limit|beyond/);
  }, 60_000);

  it('a Dockerfile instruction edited on a continued line, under a comment on its first line', async () => {
    const dockerfile = (command: string) => `FROM alpine:3.20\n# containment: ignore[dockerfile-run-insecure-options] builds the sandbox test image\nRUN --security=insecure \\\n    ${command}\nUSER 1000\n`;
    const run = await pullRequest({
      base: { Dockerfile: dockerfile('make test'), '.github/containment.yml': 'suppressions:\n  in-pull-request: up-to-low\n' },
      head: { Dockerfile: dockerfile('make test && make install') },
      inputs: { 'fail-on': 'medium' },
    });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('dockerfile\\-run\\-insecure\\-options');
  }, 60_000);

  it('only removing the line under the mount that made it safe (read_only: true)', async () => {
    const base = mount('/etc/ssl/certs', 'true');
    const run = await pullRequest({ base: { 'compose.yaml': base }, head: { 'compose.yaml': base.replace('        read_only: true\n', '') } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.summary).toMatch(/suppression\\?-beyond\\?-limit|beyond/);
  }, 60_000);

  it('removing the key after the finding, at the service\'s level, leaves the older suppression as it was', async () => {
    const base = mount('/etc/ssl/certs', 'true');
    const run = await pullRequest({ base: { 'compose.yaml': base }, head: { 'compose.yaml': base.replace('    environment: [A=1]\n', '') } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
  }, 60_000);

  it('an edit beside the finding, outside its lines, leaves the older suppression as it was', async () => {
    const base = mount('/etc/ssl/certs', 'true');
    const run = await pullRequest({ base: { 'compose.yaml': base }, head: { 'compose.yaml': base.replace('environment: [A=1]', 'environment: [A=2]') } });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.outputs['new']).toBe('0');
    expect(run.code).toBe(0);
  }, 60_000);
});
