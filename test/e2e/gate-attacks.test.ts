import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/run-cli.js';
import { pullRequestGate } from './pull-request-gate.js';
import { type ActionRun, makeWorkspace } from './run-action.js';

/**
 * Issue 11's "silent passes": a pull request that adds a privileged service and, in the same
 * change, tries to hide it from the gate that judges it. Each runs the bundled Action on real git
 * history (base commit, then the pull request's head) with fail-on-scope `new`: every one must
 * fail, with the privileged service counted as new.
 */

const PRIVILEGED = 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: true\n';
const QUIET = 'services:\n  web:\n    image: nginx:1.27\n';

/** Commits `base`, then `head` over it (null deletes), and runs the Action as on pull request #30. */
const pullRequest = pullRequestGate(30);
// Folders made outside a pull request (a baseline computed on its own), removed at the end.
const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((w) => rm(w, { recursive: true, force: true }))));

function expectCaught(run: ActionRun, path: string): void {
  expect(run.stderr).not.toMatch(/unexpected error/);
  expect(run.code).toBe(1);
  expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
  // Listed as new in the summary, on its file (an annotation needs the line to be one the PR adds).
  const row = run.summary.split('\n').find((line) => line.includes('🆕 [container\\-privileged]') && line.includes(path.replace(/[-_.]/g, '\\$&')));
  expect(row, run.summary).toBeDefined();
  // The rule's own markdown renders (a code span), while the service name from the file is escaped.
  expect(row).toContain('Remove `privileged: true`');
}

describe('a pull request cannot hide a new privileged service from the gate', () => {
  it('by regenerating the baseline: the base revision\'s baseline applies', async () => {
    const baseline = (await runCli(['baseline', join(REPO, 'test/fixtures/hardened')])).stdout;
    // The PR's baseline records the privileged finding it adds (fingerprints as `baseline` makes them).
    const dir = await makeWorkspace({ 'compose.yaml': PRIVILEGED });
    scratch.push(dir);
    const pr = (await runCli(['baseline', dir])).stdout;
    expect(pr).toContain('container-privileged');
    const run = await pullRequest({
      base: { 'compose.yaml': QUIET, '.containment-baseline.json': baseline },
      head: { 'compose.yaml': PRIVILEGED, '.containment-baseline.json': pr },
      inputs: { baseline: '.containment-baseline.json' },
    });
    expectCaught(run, 'compose.yaml');
    expect(run.summary).toContain('.containment-baseline.json');
  }, 60_000);

  it('by adding a suppression comment above it: a pull request may suppress up to medium by default', async () => {
    const run = await pullRequest({
      base: { 'compose.yaml': QUIET },
      head: { 'compose.yaml': `${QUIET}  pwn:\n    image: alpine:3.20\n    # containment: ignore[container-privileged] needed for the demo\n    privileged: true\n` },
    });
    expect(run.code).toBe(1);
    expect(run.summary).toMatch(/suppression\\?-beyond\\?-limit|beyond/);
    expect(run.summary).toContain('container\\-privileged');
  }, 60_000);

  it('by turning an existing suppression onto a new finding through .env', async () => {
    const compose = 'services:\n  pwn:\n    image: alpine:3.20\n    # containment: ignore[container-privileged] only ever false here\n    privileged: ${PRIV:-false}\n';
    const run = await pullRequest({ base: { 'svc/compose.yaml': compose, 'svc/.env': 'PRIV=false\n' }, head: { 'svc/.env': 'PRIV=true\n' } });
    expect(run.code).toBe(1);
  }, 60_000);

  it('by changing only .env: the base is judged with the base revision\'s .env', async () => {
    const compose = 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: ${PRIV:-false}\n';
    const run = await pullRequest({ base: { 'svc/compose.yaml': compose, 'svc/.env': 'PRIV=false\n' }, head: { 'svc/.env': 'PRIV=true\n' } });
    expectCaught(run, 'svc/compose.yaml');
  }, 60_000);

  it('by putting the service in a file reached by include:, whatever its name', async () => {
    const run = await pullRequest({ base: { 'compose.yaml': QUIET }, head: { 'compose.yaml': `include:\n  - stack/common.yml\n${QUIET}`, 'stack/common.yml': PRIVILEGED } });
    expectCaught(run, 'stack/common.yml');
  }, 60_000);

  it('by inheriting privileged: true through extends.file from a file not named like Compose', async () => {
    const run = await pullRequest({
      base: { 'compose.yaml': QUIET, 'shared/defaults.yml': 'services:\n  base:\n    image: alpine:3.20\n' },
      head: { 'shared/defaults.yml': PRIVILEGED.replace('pwn', 'base'), 'compose.yaml': `${QUIET}    extends: { file: shared/defaults.yml, service: base }\n` },
    });
    expectCaught(run, 'shared/defaults.yml');
  }, 60_000);

  it.each([['a "quoted" name'], ['back\\slash'], ['tab\there']])('by naming its folder %j, which git quotes in a diff', async (folder) => {
    const run = await pullRequest({ base: { 'compose.yaml': QUIET, [`${folder}/compose.yaml`]: QUIET }, head: { [`${folder}/compose.yaml`]: PRIVILEGED } });
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
  }, 60_000);

  // Found by a red-team pass over this change: each of these passed before it was fixed.
  it('by growing its Compose file past the 1 MiB read limit: a file not read is a high finding', async () => {
    const run = await pullRequest({ base: { 'compose.yaml': QUIET }, head: { 'compose.yaml': `${PRIVILEGED}${'# padding\n'.repeat(110_000)}` } });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('scan\\-incomplete');
  }, 60_000);

  it('by making the .env too large to read, so ${PRIV:-false} would fall back to its default', async () => {
    const compose = 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: ${PRIV:-false}\n';
    const run = await pullRequest({ base: { 'svc/compose.yaml': compose }, head: { 'svc/.env': `PRIV=true\n${`# ${'x'.repeat(98)}\n`.repeat(700)}` } });
    expect(run.code).toBe(1);
  }, 60_000);

  it.each([
    ['env_file', { 'compose.yaml': `include:\n  - path: x/compose.yaml\n    env_file: evil.env\n${QUIET}`, 'evil.env': 'PRIV=true\n' }],
    ['project_directory', { 'compose.yaml': `include:\n  - path: x/compose.yaml\n    project_directory: y\n${QUIET}`, 'y/.env': 'PRIV=true\n' }],
    ['the including project\'s .env', { 'compose.yaml': `include:\n  - x/compose.yaml\n${QUIET}`, '.env': 'PRIV=true\n' }],
  ])('by setting a variable of an included file through %s', async (_how, head) => {
    const included = 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: ${PRIV:-false}\n';
    const run = await pullRequest({ base: { 'compose.yaml': QUIET, 'x/compose.yaml': included }, head });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-privileged');
  }, 60_000);

  it('by setting a variable of an extends.file through the project .env', async () => {
    const run = await pullRequest({
      base: { 'compose.yaml': QUIET, 'shared/base.yml': 'services:\n  base:\n    image: alpine:3.20\n    privileged: ${PRIV:-false}\n' },
      head: { '.env': 'PRIV=true\n', 'compose.yaml': `${QUIET}  pwn:\n    extends: { file: shared/base.yml, service: base }\n` },
    });
    expect(run.code).toBe(1);
  }, 60_000);

  it('by naming an extra file in COMPOSE_FILE in .env', async () => {
    const run = await pullRequest({
      base: { 'compose.yaml': QUIET },
      head: { '.env': 'COMPOSE_FILE=compose.yaml:ops/extra.yaml\n', 'ops/extra.yaml': 'services:\n  web:\n    privileged: true\n' },
    });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-privileged');
  }, 60_000);

  // Found by a second red-team pass.
  it('by linking a Compose file into a folder whose .env turns it privileged', async () => {
    const compose = `${QUIET}  pwn:\n    image: alpine:3.20\n    privileged: \${PRIV:-false}\n`;
    const run = await pullRequest({ base: { 'compose.yaml': compose }, head: { 'ops/compose.yaml': { link: '../compose.yaml' }, 'ops/.env': 'PRIV=true\n' } });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('ops/compose\\.yaml');
  }, 60_000);

  it('by naming files in COMPOSE_FILE in a folder with no Compose-named file', async () => {
    const run = await pullRequest({
      base: { 'app/compose.yaml': QUIET },
      head: { 'deploy/.env': 'COMPOSE_FILE=stack.yml\n', 'deploy/stack.yml': 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: true\n' },
    });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-privileged');
  }, 60_000);

  it.each([['/var/run'], ['/']])('by mounting the host path %s through a named volume with bind driver options', async (device) => {
    const compose = `${QUIET}    volumes: [hostdir:/host]\nvolumes:\n  hostdir:\n    driver: local\n    driver_opts: { type: none, o: bind, device: ${device} }\n`;
    const run = await pullRequest({ base: { 'compose.yaml': QUIET }, head: { 'compose.yaml': compose } });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('container\\-sensitive\\-host\\-mount');
  }, 60_000);

  it('by hiding its own committed Compose file behind a .gitignore it adds', async () => {
    const run = await pullRequest({ base: { 'compose.yaml': QUIET }, head: { 'extra/compose.yaml': PRIVILEGED, '.gitignore': 'extra/\n' }, forced: ['extra/compose.yaml'] });
    expectCaught(run, 'extra/compose.yaml');
  }, 60_000);

  it('by force-adding an override file that the base .gitignore lists (Compose merges it)', async () => {
    const run = await pullRequest({
      base: { 'compose.yaml': QUIET, '.gitignore': 'docker-compose.override.yml\n' },
      head: { 'docker-compose.override.yml': 'services:\n  web:\n    privileged: true\n' },
      forced: ['docker-compose.override.yml'],
    });
    expectCaught(run, 'docker-compose.override.yml');
  }, 60_000);

  it('by editing a file that already failed to parse: nothing in it can be compared, so it counts as new', async () => {
    const broken = 'services:\n  web:\n    image: "nginx:1.27\n';
    const run = await pullRequest({ base: { 'compose.yaml': broken }, head: { 'compose.yaml': `${broken}    privileged: true\n` } });
    expect(run.code).toBe(1);
    expect(Number(run.outputs['new'])).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
