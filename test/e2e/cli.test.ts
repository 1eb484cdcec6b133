import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './repo.js';

const CLI = join(REPO, 'dist/cli.js');
const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<Run> {
  const env = { ...process.env, NO_COLOR: '1' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let work: string;
let empty: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-cli-'));
  empty = await mkdtemp(join(tmpdir(), 'containment-cli-empty-'));
  await writeFile(join(work, 'compose.yaml'), PRIVILEGED);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

describe('containment scan', () => {
  it('exits 1 and prints path:line:col  severity  rule-id  message when a finding reaches fail-on', async () => {
    const run = await cli(['scan', '.'], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^compose\.yaml:4:5 {2}critical {2}container-privileged {2}\S.*$/m);
    expect(run.stdout).toMatch(/^compose\.yaml$/m);
    expect(run.stdout).toMatch(/failing: .* reach(es)? --fail-on high/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('exits 0 when nothing reaches fail-on, or nothing is found', async () => {
    expect((await cli(['scan', work, '--fail-on', 'none'], empty)).code).toBe(0);
    const clean = await cli(['scan'], empty);
    expect(clean).toMatchObject({ code: 0, stdout: 'No findings in 0 files scanned.\n' });
  });

  it('prints SARIF 2.1.0 whose results carry exact start line and column', async () => {
    const run = await cli(['scan', '.', '--format', 'sarif'], work);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results.find((item: { ruleId: string }) => item.ruleId === 'container-privileged');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('compose.yaml');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 5 });
  });

  it('prints a JSON report', async () => {
    const report = JSON.parse((await cli(['scan', '.', '--format', 'json'], work)).stdout);
    expect(report).toMatchObject({ version: 1, failOn: 'high', failed: true, counts: { critical: 1 } });
  });

  it('writes --output to a file and keeps the verdict on stderr', async () => {
    const run = await cli(['scan', '.', '--format', 'sarif', '--output', 'out.sarif'], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Wrote the sarif report to');
    expect(JSON.parse(await readFile(join(work, 'out.sarif'), 'utf8')).runs).toHaveLength(1);
    await rm(join(work, 'out.sarif'));
  });

  it.each([
    [['scan', '--fail-on', 'severe'], /--fail-on must be one of critical, high, medium, low, info, none; got 'severe'/],
    [['scan', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['scan', 'no-such-folder'], /does not exist/],
    [['scan', '.', '--config', 'missing.yml'], /missing\.yml/],
    [['frobnicate'], /Unknown command 'frobnicate'/],
  ])('exits 2 with a message on stderr for %j', async (args, message) => {
    const run = await cli(args, work);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});

describe('containment rules, --help, --version', () => {
  it('lists the rules in a table', async () => {
    const run = await cli(['rules'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ID +SEVERITY +SUBJECT +TITLE +PACK$/m);
    expect(run.stdout).toMatch(/^container-privileged +critical +container +.+ +docker$/m);
  });

  it('prints help and the version', async () => {
    expect((await cli(['--help'], work)).stdout).toContain('containment scan [path]');
    const version = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')).version;
    expect((await cli(['--version'], work)).stdout).toBe(`${version}\n`);
  });
});
