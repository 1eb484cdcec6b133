// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';
import type { ActionRun } from './run-action.js';

/**
 * A security review's "silent passes" (relative socket mounts, an override that COMPOSE_FILE does
 * not load, a .dockerignore the gitignore matcher misread, mixed-case expression contexts): each
 * runs the bundled Action on real git history and must fail the gate with the named rule new.
 */

const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';
const WF = (step: string) => `on: pull_request_target\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${step}`;
const BUILD = 'on: push\njobs:\n  i:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - run: docker build -t app .\n';
const ESCAPE = '../../../../../../../../../..';

const gate = pullRequestGate(31);
const pullRequest = (base: Record<string, string>, head: Record<string, string | null>): Promise<ActionRun> => gate({ base, head });

const cases: Array<[string, string, Record<string, string>, Record<string, string | null>]> = [
  ['a relative ../ socket mount', 'container-docker-socket', { 'compose.yaml': QUIET }, { 'compose.yaml': `${QUIET}  pwn:\n    image: alpine:3.20\n    volumes:\n      - ${ESCAPE}/var/run/docker.sock:/var/run/docker.sock\n` }],
  ['a relative climb to the host root', 'container-sensitive-host-mount', { 'compose.yaml': QUIET }, { 'compose.yaml': `${QUIET}  pwn:\n    image: alpine:3.20\n    volumes:\n      - ${ESCAPE}:/host\n` }],
  ['a secret file that climbs to the socket', 'container-docker-socket', { 'compose.yaml': QUIET }, { 'compose.yaml': `${QUIET}  pwn:\n    image: alpine:3.20\n    secrets: [s]\nsecrets:\n  s:\n    file: ${ESCAPE}/run/docker.sock\n` }],
  [
    'COMPOSE_FILE skips an override that !resets privileged',
    'container-privileged',
    { 'compose.yaml': QUIET },
    { 'compose.yaml': `${QUIET}  pwn:\n    image: alpine:3.20\n    privileged: true\n`, 'compose.override.yaml': 'services:\n  pwn:\n    privileged: !reset null\n', '.env': 'COMPOSE_FILE=compose.yaml\n' },
  ],
  ['.dockerignore .GIT', 'workflow-checkout-credential-in-build-context', { 'README.md': 'x\n' }, { '.github/workflows/i.yml': BUILD, '.dockerignore': '.GIT\n' }],
  ['.dockerignore config', 'workflow-checkout-credential-in-build-context', { 'README.md': 'x\n' }, { '.github/workflows/i.yml': BUILD, '.dockerignore': 'config\n' }],
  ['.dockerignore !./.gi?', 'workflow-checkout-credential-in-build-context', { 'README.md': 'x\n' }, { '.github/workflows/i.yml': BUILD, '.dockerignore': '.git\n!./.gi?\n' }],
  ['changes.title.from', 'workflow-untrusted-input-in-run', { 'README.md': 'x\n' }, { '.github/workflows/t.yml': WF('      - run: echo "${{ github.event.changes.title.from }}"\n') }],
  ['a mixed-case context', 'workflow-untrusted-input-in-run', { 'README.md': 'x\n' }, { '.github/workflows/t.yml': WF('      - run: echo "${{ GITHUB.EVENT.PULL_REQUEST.TITLE }}"\n') }],
  [
    'a mixed-case PR-head checkout',
    'workflow-untrusted-code-with-privileged-trigger',
    { 'README.md': 'x\n' },
    { '.github/workflows/t.yml': WF('      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.event.pull_request.HEAD.SHA }}\n      - run: npm ci\n') },
  ],
];

describe('a pull request cannot slip these past the gate', () => {
  it.each(cases)('%s', async (_name, rule, base, head) => {
    const run = await pullRequest(base, head);
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code, run.summary).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
    expect(run.summary).toContain(`🆕 [${rule.replace(/-/g, '\\-')}]`);
  }, 90_000);
});
