import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_YOUNG_GENERATION_MB } from '../../src/commands/run-in-worker.js';
import { CLI, spawnCli } from '../support/run-cli.js';
import { REPO } from './repo.js';

/**
 * The bundled CLI (dist/cli.js) as a process. Every other CLI test runs the command runner in its
 * worker (test/support/run-cli.ts); these prove what only the bundle and a process show: its exit
 * codes reach the shell, and a reader that stops early is not an error.
 */
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-bundle-'));
  // 300 privileged services: a JSON report of over 128 KiB, more than one pipe buffer.
  await mkdir(join(work, 'small'));
  await writeFile(join(work, 'small', 'compose.yaml'), privilegedServices(300));
  // 20 such files: a JSON report of 2.7 MB, which the worker writes faster than a closed pipe is
  // noticed (the findings of one file are capped).
  for (let i = 0; i < 20; i++) {
    await mkdir(join(work, 'large', `project-${i}`), { recursive: true });
    await writeFile(join(work, 'large', `project-${i}`, 'compose.yaml'), privilegedServices(300));
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

function privilegedServices(count: number): string {
  return `services:\n${Array.from({ length: count }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    privileged: true\n`).join('')}`;
}

describe('the bundled CLI', () => {
  it('exits 0 when it passes, 1 on a finding at fail-on, 2 on a usage error', async () => {
    const [passed, failed, usage] = await Promise.all([
      spawnCli(['scan', '.', '--fail-on', 'none', '--format', 'json'], { cwd: join(work, 'small') }),
      spawnCli(['scan', '.', '--format', 'json'], { cwd: join(work, 'small') }),
      spawnCli(['scan', '--fail-on', 'bogus'], { cwd: join(work, 'small') }),
    ]);
    expect(passed.code).toBe(0);
    expect(failed.code).toBe(1);
    // The whole report came through the pipe: it parses, and names the privileged services.
    expect(JSON.parse(failed.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'container-privileged').length).toBeGreaterThan(100);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^containment: .*--fail-on/);
  });

  it('scans in a worker thread with the young generation run-in-worker.ts sizes', async () => {
    const run = await spawnCli(['scan', '.', '--format', 'json', '--fail-on', 'none'], { cwd: join(work, 'small'), env: { CONTAINMENT_PROFILE: '1' } });
    expect(run.code).toBe(0);
    const profile = JSON.parse(/containment-profile (.*)/.exec(run.stderr)![1]!) as { thread: string; youngGenerationMb: number | null; semiSpaceMbAtLoad: number; heapLimitMb: number };
    expect(profile.thread).toBe('worker');
    expect(profile.youngGenerationMb).toBe(SCAN_YOUNG_GENERATION_MB);
    // At its full size from the start (SCAN_SEMI_SPACE_FLAG), not the few MiB V8 starts with.
    expect(profile.semiSpaceMbAtLoad).toBe(SCAN_YOUNG_GENERATION_MB / 3);
    // NODE_OPTIONS still sizes the worker's heap.
    const larger = await spawnCli(['scan', '.', '--format', 'json', '--fail-on', 'none'], { cwd: join(work, 'small'), env: { CONTAINMENT_PROFILE: '1', NODE_OPTIONS: '--max-old-space-size=5000' } });
    const sized = JSON.parse(/containment-profile (.*)/.exec(larger.stderr)![1]!) as { heapLimitMb: number };
    expect(sized.heapLimitMb).toBeGreaterThanOrEqual(5000);
    expect(sized.heapLimitMb).toBeLessThan(5000 + 2 * SCAN_YOUNG_GENERATION_MB);
  });

  it('colours its report in a terminal, which the worker cannot see for itself, and not in a pipe', async () => {
    // script(1) runs the CLI with a pseudo-terminal as its standard output.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan . --fail-on none`;
    const env = { ...process.env, NO_COLOR: '', CI: '' };
    const terminal = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { cwd: join(work, 'small'), env });
    expect(terminal.stdout).toContain('\x1b[1;35mcritical\x1b[0m');
    const piped = await spawnCli(['scan', '.', '--fail-on', 'none'], { cwd: join(work, 'small'), env: { NO_COLOR: '', CI: '' } });
    expect(piped.stdout).toContain('critical');
    expect(piped.stdout).not.toContain('\x1b[');
  });

  it('keeps its compile cache in a private folder of the user, never under the shared temporary folder', async () => {
    const home = join(work, 'home');
    const temporary = join(work, 'tmp');
    await mkdir(temporary, { recursive: true });
    const run = await spawnCli(['--version'], { env: { HOME: home, XDG_CACHE_HOME: '', TMPDIR: temporary } });
    expect(run.code).toBe(0);
    const folder = join(home, '.cache', 'containment', 'node-compile-cache');
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    // Node names a cache by its version: a folder of it shows the worker compiled into this one.
    expect((await readdir(folder)).some((name) => name.startsWith(process.version))).toBe(true);
    expect(await readdir(temporary)).toEqual([]);
  });

  it('finds its program beside its real file when started through a symbolic link, as npm links bins', async () => {
    const link = join(work, 'bin', 'containment');
    await mkdir(join(work, 'bin'), { recursive: true });
    await symlink(CLI, link);
    // --preserve-symlinks-main makes import.meta.url the link's own path.
    const { stdout } = await promisify(execFile)(process.execPath, ['--preserve-symlinks-main', link, '--version']);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("runs in the main thread where Node's permission model refuses threads", async () => {
    const args = ['--permission', `--allow-fs-read=${REPO}`, `--allow-fs-read=${work}`, '--allow-child-process', CLI, 'scan', '.', '--format', 'json'];
    const run = await promisify(execFile)(process.execPath, args, { cwd: join(work, 'small'), env: { ...process.env, NO_COLOR: '1' } }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in run ? run.code : 0).toBe(1);
    expect(JSON.parse(run.stdout).findings.length).toBeGreaterThan(100);
    expect(run.stderr).not.toMatch(/Error|\n\s+at /);
  });

  it('reads every file, with a warning, when the permission model refuses to start git in a repository', async () => {
    // No --allow-child-process: spawning git throws. Before, that ended the scan as an "unexpected error".
    const repository = join(work, 'repository');
    await mkdir(repository);
    await writeFile(join(repository, 'compose.yaml'), privilegedServices(2));
    await promisify(execFile)('git', ['init', '-q', repository]);
    const flags = ['--permission', `--allow-fs-read=${REPO}`, `--allow-fs-read=${work}`, '--allow-worker'];
    const env = { ...process.env, NO_COLOR: '1' };
    const scan = await promisify(execFile)(process.execPath, [...flags, CLI, 'scan', '.', '--format', 'json'], { cwd: repository, env }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in scan ? scan.code : 0).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: Array<{ ruleId: string; path: string }>; notices: Array<{ message: string }> };
    expect(report.findings.filter((finding) => finding.ruleId === 'container-privileged').map((finding) => finding.path)).toEqual(['compose.yaml', 'compose.yaml']);
    expect(report.notices.map((notice) => notice.message)).toContain('This folder is in a git repository, but git could not list its files (git could not start (ERR_ACCESS_DENIED)), so every file was read and no .gitignore was applied: without git a committed file cannot be told from an ignored one.');
    expect(scan.stderr).not.toContain('unexpected error');
    // --changed needs git: a usage error that says why, not "not in a git repository".
    const changed = await promisify(execFile)(process.execPath, [...flags, CLI, 'scan', '.', '--changed'], { cwd: repository, env }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in changed ? changed.code : 0).toBe(2);
    expect(changed.stderr).toContain("containment: --changed compares with git history, but git could not start (ERR_ACCESS_DENIED). Run 'containment scan' without --changed to judge every file.");
  });

  it('writes no fixed file at all, and says which it could not write, when the permission model refuses one', async () => {
    const fixing = join(work, 'fixing');
    const dockerfile = 'FROM debian:12\nRUN apt-get install curl\n';
    for (const folder of ['a', 'b']) {
      await mkdir(join(fixing, folder), { recursive: true });
      await writeFile(join(fixing, folder, 'Dockerfile'), dockerfile);
    }
    const args = ['--permission', `--allow-fs-read=${REPO}`, `--allow-fs-read=${work}`, `--allow-fs-write=${join(fixing, 'a')}`, CLI, 'fix', '--write', '.'];
    const run = await promisify(execFile)(process.execPath, args, { cwd: fixing, env: { ...process.env, NO_COLOR: '1' } }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in run ? run.code : 0).toBe(2);
    expect(run.stderr).toContain("containment: Could not write b/Dockerfile: Node's permission model refused it. Nothing was written.\n");
    expect(run.stderr).not.toContain('unexpected error');
    expect(await readFile(join(fixing, 'a', 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(await readdir(join(fixing, 'a'))).toEqual(['Dockerfile']);
  });

  it.each([
    ['in its worker', false],
    ['in the main thread, under the permission model', true],
  ])('says its output is incomplete, once, with exit code 2 and no stack trace, when standard output fails (a full disk): %s', async (_, permission) => {
    const flags = permission ? ['--permission', `--allow-fs-read=${REPO}`, `--allow-fs-read=${work}`, '--allow-child-process'] : [];
    const full = await open('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [...flags, CLI, 'scan', '.', '--fail-on', 'none'], { cwd: join(work, 'small'), env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', full.fd, 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(2);
      expect(stderr.match(/Could not write standard output: no space left on the device; the report is incomplete\./g)).toHaveLength(1);
      expect(stderr).not.toContain('unexpected error');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await full.close();
    }
  });

  it('says it ran out of memory, with exit code 2, when the heap is too small for the scan', async () => {
    const run = await spawnCli(['scan', '.'], { cwd: join(work, 'small'), env: { NODE_OPTIONS: '--max-old-space-size=12' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('containment: out of memory; give Node more with NODE_OPTIONS=--max-old-space-size=<MiB>');
  });

  it('is ASCII, so Node holds its source one byte per character (scripts/build.mjs)', async () => {
    for (const bundle of ['dist/cli.js', 'dist/cli-run.js', 'dist/index.js', 'dist/action-run.js']) {
      const text = await readFile(join(REPO, bundle), 'utf8');
      expect(text.length).toBeGreaterThan(1_000);
      expect(/[^\x00-\x7f]/.exec(text)?.index, bundle).toBeUndefined();
    }
  });

  it.each([
    ['a report larger than the pipe buffer', 'small'],
    ['a report the worker writes faster than the closed pipe is noticed', 'large'],
  ])('keeps its exit code, with no error and no hang, when the reader closes the pipe early (`scan | head -1`): %s', async (_, folder) => {
    const child = spawn(process.execPath, [CLI, 'scan', folder, '--format', 'json'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head -1`: read the first piece, then close the pipe while the report is still being written.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 30_000);
});
