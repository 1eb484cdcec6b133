import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { StandInRegistry } from '../support/stand-in-registry.js';
import { FakeGitHub } from './fake-github.js';

// `containment fix --resolve`, the bundle, against a stand-in registry (Docker Hub's token flow)
// and a stand-in GitHub on 127.0.0.1.
const WORKFLOW = 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

let registry: StandInRegistry;
let github: FakeGitHub;
let work: string;
beforeAll(async () => {
  registry = await new StandInRegistry().start();
  github = await new FakeGitHub().start();
  work = await mkdtemp(join(tmpdir(), 'containment-resolve-'));
});
afterAll(async () => {
  await registry.stop();
  await github.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(name: string, registryHost: string): Promise<string> {
  const root = join(work, name);
  await mkdir(join(root, '.github/workflows'), { recursive: true });
  await writeFile(join(root, 'compose.yaml'), `services:\n  app:\n    image: ${registryHost}/team/app:1.0\n`);
  await writeFile(join(root, '.github/workflows/ci.yml'), WORKFLOW);
  return root;
}

describe('containment fix --resolve', () => {
  it('pins an image to its index digest and an action to its commit, with GITHUB_TOKEN', async () => {
    const digest = registry.publish('team/app', '1.0');
    github.commits.set('actions/checkout@v4', SHA);
    const root = await project('reachable', registry.host);
    const run = await runCli(['fix', root, '--resolve', '--write', '--rule', 'image-not-pinned-by-digest', '--rule', 'action-not-pinned'], {
      env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_stand_in', HOME: work },
    });
    expect(run.stderr).toMatch(/Applied 2 fixes in 2 files/);
    expect(await readFile(join(root, 'compose.yaml'), 'utf8')).toContain(`image: ${registry.host}/team/app:1.0@${digest}\n`);
    expect(await readFile(join(root, '.github/workflows/ci.yml'), 'utf8')).toContain(`- uses: actions/checkout@${SHA} # v4\n`);
    expect(github.requests.find((r) => r.path === '/repos/actions/checkout/commits/v4')?.headers.authorization).toBe('Bearer ghp_stand_in');
    expect(run.stderr).toMatch(/After the fixes, 0 findings remain/);
  }, 60_000);

  it('without --resolve asks nobody and proposes no pin', async () => {
    const before = registry.requests.length + github.requests.length;
    const root = await project('offline', registry.host);
    const run = await runCli(['fix', root, '--rule', 'image-not-pinned-by-digest'], { env: { GITHUB_API_URL: github.url, HOME: work } });
    expect(registry.requests.length + github.requests.length).toBe(before);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/No finding has a fix to apply/);
  }, 60_000);

  it('leaves a clear note when the registry is unreachable and GitHub hangs, and still finishes', async () => {
    const gone = await new StandInRegistry().start();
    await gone.stop();
    github.failures.push({ method: 'GET', path: /\/commits\//, status: 200, message: '', hang: true });
    const root = await project('unreachable', gone.host);
    const run = await runCli(['fix', root, '--resolve', '--rule', 'image-not-pinned-by-digest', '--rule', 'action-not-pinned'], {
      env: { GITHUB_API_URL: github.url, HOME: work, CONTAINMENT_RESOLVE_TIMEOUT_MS: '500' },
      timeout: 30_000,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`compose.yaml:3:5  image-not-pinned-by-digest  no fix: Not pinned: ${gone.host} could not be reached (ECONNREFUSED).`);
    expect(run.stderr).toContain('.github/workflows/ci.yml:7:9  action-not-pinned  no fix: Not pinned: GitHub did not answer within 0.5 s for actions/checkout@v4.');
  }, 60_000);
});
