import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/run-cli.js';

/**
 * Issue 18's CLI manners, through the bundled CLI: files as well as folders, an empty scan that
 * says what it looked for, one-line usage errors with the closest name, help and version, and
 * the messages for --changed outside git and docs without --out.
 */
const cli = (args: string[], cwd: string) => runCli(args, { cwd });
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-manners-'));
  await writeFile(join(work, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIV:-false}\n');
  await writeFile(join(work, '.env'), 'PRIV=true\n');
  await writeFile(join(work, 'Dockerfile'), 'FROM debian:12\nMAINTAINER someone\nCMD node server.js\n');
  await writeFile(join(work, 'README.md'), '# not judged\n');
  await mkdir(join(work, '.github/workflows'), { recursive: true });
  await writeFile(join(work, '.github/workflows/ci.yml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n');
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

type Report = { findings: Array<{ ruleId: string; path: string }>; files: Array<{ path: string; kind: string }> };
const json = (stdout: string) => JSON.parse(stdout) as Report;

describe('scan takes files as well as folders', () => {
  it('judges a Dockerfile as a Dockerfile, and reports only that file', async () => {
    const run = await cli(['scan', 'Dockerfile', '--format', 'json', '--fail-on', 'none'], work);
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.files).toEqual([{ path: 'Dockerfile', kind: 'dockerfile' }]);
    expect(new Set(report.findings.map((f) => f.path))).toEqual(new Set(['Dockerfile']));
    expect(report.findings.map((f) => f.ruleId)).toContain('dockerfile-maintainer-deprecated');
  });

  it("judges a Compose file with its folder's .env, and a workflow as a workflow from any folder", async () => {
    const compose = json((await cli(['scan', join(work, 'compose.yaml'), '--format', 'json'], REPO)).stdout);
    expect(compose.findings.map((f) => f.ruleId)).toContain('container-privileged');
    const workflow = await cli(['scan', '.github/workflows/ci.yml', '--format', 'json', '--fail-on', 'medium'], work);
    expect(json(workflow.stdout).files).toEqual([{ path: '.github/workflows/ci.yml', kind: 'workflow' }]);
    expect(json(workflow.stdout).findings.map((f) => f.ruleId)).toContain('action-not-pinned');
    expect(workflow.code).toBe(1);
  });

  it('refuses a file of a kind it does not judge, saying which kinds it judges', async () => {
    const run = await cli(['scan', 'README.md'], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/README\.md is not named like a file Containment judges on its own; it judges Compose files .*Dockerfiles .*GitHub workflows.*pass the folder/);
    expect((await cli(['scan', 'missing.yaml'], work)).stderr).toContain('missing.yaml does not exist. Pass a folder or a file to scan');
    // baseline and inventory describe a whole folder, and say so naming themselves.
    expect((await cli(['baseline', 'Dockerfile'], work)).stderr).toContain("Dockerfile is a file; 'baseline' takes a folder.");
  });
});

describe('usage errors are one line, name the closest valid name, and exit 2', () => {
  it.each([
    [['scan', '--formt', 'json'], "containment: 'scan' does not accept --formt; did you mean --format? See 'containment scan --help'.\n"],
    [['scna', '.'], "containment: unknown command 'scna'; did you mean 'scan'? Commands: scan, baseline, inventory, rules, explain, docs, test-pack, subjects, fix or help (see 'containment --help').\n"],
    [['rules', '-x'], "containment: 'rules' does not accept -x. 'rules' accepts --format, --framework, --pack, --help; see 'containment rules --help'.\n"],
    [['docs'], "containment: 'docs' needs --out DIR, the folder to write one page per rule into (it is created); see 'containment docs --help'.\n"],
  ])('%j', async (args, stderr) => {
    const run = await cli(args, work);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr });
    expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|TypeError|Unknown option/);
  });

  it('docs writes nothing without --out, and writes the pages where --out says', async () => {
    expect(await readdir(work)).not.toContain('docs');
    const run = await cli(['docs', '--out', 'pages'], work);
    expect(run.code).toBe(0);
    expect(await readdir(join(work, 'pages'))).toContain('container-privileged.md');
    await rm(join(work, 'pages'), { recursive: true });
  });
});

describe('help, version and the framework view', () => {
  it('help, --help and -h print the usage; -V and --version the version', async () => {
    const help = await cli(['help'], work);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:$/m);
    for (const flag of ['--help', '-h']) expect((await cli([flag], work)).stdout).toBe(help.stdout);
    for (const flag of ['-V', '--version']) expect((await cli([flag], work)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('rules --framework cis-docker shows each control with its title', async () => {
    const run = await cli(['rules', '--framework', 'cis-docker'], work);
    expect(run.stdout).toMatch(/^CIS 5\.5 +Ensure that privileged containers are not used\n +container-privileged$/m);
    expect(run.stdout).toMatch(/^CIS 5\.32 +Ensure that the Docker socket is not mounted inside any containers\n +container-docker-socket, container-docker-socket-proxy$/m);
  });
});

describe('--changed outside a git repository', () => {
  it('says there is no history to compare with', async () => {
    const run = await cli(['scan', '--changed'], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--changed compares with git history, but ${work} is not in a git repository. Run 'containment scan' without --changed to judge every file.`);
  });
});

describe('no progress line where no one watches', () => {
  it('writes nothing to a piped stderr, even for a scan that finds things', async () => {
    const run = await cli(['scan', '.', '--fail-on', 'none'], work);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
