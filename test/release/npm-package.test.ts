import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitRepo } from '../support/git-repo.js';
import { REPO } from '../support/run-cli.js';

/**
 * The npm package: `npm pack`, then `npm install -g --prefix <empty folder> <tarball>` offline,
 * gives a `containment` command that works. Offline on purpose: the bundle is self-contained, so
 * the package has no runtime dependencies to fetch. pre-commit's `language: node` installs the
 * repository the same way (npm pack, then a global install), so the hook's entry must be a `bin`.
 */
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'containment-pack-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin', 'containment');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; dependencies?: Record<string, string>; files: string[] };
let packed: string[] = [];

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO });
  const [entry] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = entry!.files.map((file) => file.path).sort();
  await run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, entry!.filename)], { cwd: work });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function containment(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // PATH has the prefix, node's folder and the system's (git): nothing from the repository's node_modules.
  const env = { PATH: `${join(prefix, 'bin')}:${join(process.execPath, '..')}:/usr/bin:/bin`, NO_COLOR: '1', HOME: work };
  try {
    const { stdout, stderr } = await run(bin, args, { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the npm package', () => {
  it('has no runtime dependencies and ships the bundle, the Action, the hook, the report schema and the licence', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ containment: 'dist/cli.js' });
    expect(packed).toEqual(
      ['.pre-commit-hooks.yaml', 'CHANGELOG.md', 'LICENSE', 'README.md', 'action.yml', 'dist/action-run.js', 'dist/cli-run.js', 'dist/cli.js', 'dist/index.js', 'dist/package.json', 'docs/report.schema.json', 'package.json'].sort(),
    );
  });

  it('installed into an empty prefix, prints its version and judges a folder', async () => {
    expect((await containment(['--version'], work)).stdout).toBe(`${pkg.version}\n`);
    const folder = join(work, 'project');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'compose.yaml'), 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n');
    const scan = await containment(['scan', '.', '--format', 'json'], folder);
    expect(scan.code).toBe(1);
    expect((JSON.parse(scan.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId)).toContain('container-privileged');
  });

  it("runs the pre-commit hook's entry: only what the commit adds stops it", async () => {
    const hooks = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; language: string }>;
    const hook = hooks.find((h) => h.id === 'containment')!;
    expect(hook.language).toBe('node');
    const [command, ...args] = hook.entry.split(' ');
    expect(Object.keys(pkg.bin)).toContain(command);
    const folder = join(work, 'hooked');
    mkdirSync(folder);
    const repo = gitRepo(folder);
    repo.commit('base', { 'compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n' });
    expect((await containment(args, folder)).code).toBe(0);
    writeFileSync(join(folder, 'compose.yaml'), 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n');
    repo.git('add', '-A');
    const staged = await containment(args, folder);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('container-privileged');
  });
});
