import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from './repo.js';
import { freshRunPerTest, PRIVILEGED_COMPOSE, runAction } from './run-action.js';

/**
 * A pull request controls every file in the workspace, links included. The bundled Action must
 * neither write a report through a link it commits nor scan a folder outside the workspace.
 */
const step = freshRunPerTest({ 'compose.yaml': PRIVILEGED_COMPOSE });
let outside: string;
beforeEach(async () => {
  outside = await mkdtemp(join(tmpdir(), 'containment-outside-'));
  await writeFile(join(outside, 'bashrc'), 'original\n');
  // A folder outside the workspace that would fail the step loudly if it were scanned.
  await writeFile(join(outside, 'compose.yaml'), 'services:\n  outsider:\n    image: nginx:1.27\n    network_mode: host\n');
});
afterEach(() => rm(outside, { recursive: true, force: true }));

describe('report files', () => {
  it.each([
    ['sarif-file', 'the file is a link to a file outside', 'out.sarif', () => symlink(join(outside, 'bashrc'), join(step.workspace, 'out.sarif')), 'inputs'],
    ['sarif-file', 'the file is a link to a file inside', 'out.sarif', async () => {
      await writeFile(join(step.workspace, 'victim.yml'), 'original\n');
      await symlink('victim.yml', join(step.workspace, 'out.sarif'));
    }, 'write'],
    ['json-file', 'the folder is a link inside the workspace', 'reports/r.json', async () => {
      await mkdir(join(step.workspace, 'elsewhere'));
      await symlink('elsewhere', join(step.workspace, 'reports'));
    }, 'write'],
  ] as const)('%s: refused when %s; nothing changes, the step fails saying why', async (input, _name, path, arrange, when) => {
    await arrange();
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { [input]: path, 'fail-on': 'none' } });
    expect(await readFile(join(outside, 'bashrc'), 'utf8')).toBe('original\n');
    expect(await readdir(join(step.workspace, 'elsewhere')).catch(() => [])).toEqual([]);
    expect(await readFile(join(step.workspace, 'victim.yml'), 'utf8').catch(() => 'original\n')).toBe('original\n');
    expect(run.code).toBe(1);
    expect(run.outputs[input === 'json-file' ? 'report-json' : 'sarif-file']).toBeUndefined();
    if (when === 'inputs') {
      // A link that leads out is refused when the inputs are read, before anything is scanned.
      expect(run.stdout).toMatch(new RegExp(`^::error::Input '${input}' must name a file inside the workspace`, 'm'));
    } else {
      // Any other link is refused by the write itself; the other channels still carry the finding.
      expect(run.stdout.match(new RegExp(`^::error::Input '${input}': .* is a symbolic link, so Containment does not write `, 'gm'))).toHaveLength(1);
      expect(run.summary).toContain('container\\-privileged');
    }
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);

  it('says both the failing findings and the refused write, each once', async () => {
    await mkdir(join(step.workspace, 'ok'));
    await symlink('ok', join(step.workspace, 'linked'));
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'sarif-file': 'linked/out.sarif' } });
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^::error::Input 'sarif-file': the folder 'linked' is a symbolic link/gm)).toHaveLength(1);
    expect(run.stdout.match(/^::error::Containment found 1 finding at or above fail-on 'high'/gm)).toHaveLength(1);
    expect(await readdir(join(step.workspace, 'ok'))).toEqual([]);
  }, 60_000);

  it("refuses a 'sarif-file' whose folder links out of the workspace before scanning", async () => {
    await symlink(outside, join(step.workspace, 'reports'));
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'sarif-file': 'reports/out.sarif' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Input 'sarif-file' must name a file inside the workspace/m);
    expect(await readdir(outside)).toEqual(['bashrc', 'compose.yaml']);
  }, 60_000);

  it('creates missing folders inside the workspace, and writes the default JSON report under RUNNER_TEMP', async () => {
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'sarif-file': 'reports/deep/out.sarif' } });
    expect((await stat(join(step.workspace, 'reports/deep/out.sarif'))).isFile()).toBe(true);
    expect(run.outputs['sarif-file']).toBe(join(step.workspace, 'reports/deep/out.sarif'));
    expect(run.outputs['report-json']).toMatch(/containment-runner-.*\/containment-ci-containment\.json$/);
    expect(JSON.parse(await readFile(run.outputs['report-json']!, 'utf8'))).toBeTypeOf('object');
  }, 60_000);
});

describe("the 'path' input", () => {
  it('is not scanned when the pull request turns its folder into a link out of the workspace', async () => {
    await symlink(outside, join(step.workspace, 'svc'));
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { path: 'svc' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Input 'path' must be a folder inside the workspace .*got 'svc' \(it resolves to .* through a symbolic link\)/m);
    expect(run.stdout).not.toContain('outsider');
    expect(run.summary).not.toContain('outsider');
  }, 60_000);
});

describe('the command line --output', () => {
  const cli = promisify(execFile);
  it('creates missing folders, and a failed write is one line with exit 2, no stack', async () => {
    await cli(process.execPath, [join(REPO, 'dist/cli.js'), 'scan', '--format', 'json', '--output', join(outside, 'new/deep/r.json'), '--fail-on', 'none', step.workspace]);
    expect(JSON.parse(await readFile(join(outside, 'new/deep/r.json'), 'utf8'))).toBeTypeOf('object');
    const failed = await cli(process.execPath, [join(REPO, 'dist/cli.js'), 'scan', '--output', join(outside, 'bashrc/r.txt'), step.workspace]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failed && failed.code).toBe(2);
    expect(failed.stderr).toBe(`containment: Could not write ${join(outside, 'bashrc/r.txt')}: a part of the path is a file, not a folder.\n`);
  }, 60_000);
});
