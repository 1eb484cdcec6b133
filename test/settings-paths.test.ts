import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionSettings } from '../src/settings/settings.js';

/**
 * The Action's path inputs are checked on real paths: the pull request controls the workspace's
 * files, and can turn any folder an input names into a symbolic link.
 */
let base: string;
let ws: string;
let temp: string;
let outside: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'containment-settings-')));
  ws = join(base, 'ws');
  temp = join(base, 'temp');
  outside = join(base, 'outside');
  for (const dir of [join(ws, 'services/api'), temp, join(outside, 'pack')]) await mkdir(dir, { recursive: true });
  await writeFile(join(outside, 'containment.yml'), 'rules: {}\n');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const settings = (values: Record<string, string>) => actionSettings((name) => values[name] ?? '', { GITHUB_WORKSPACE: ws, RUNNER_TEMP: temp });

describe('path, config and policies resolve inside the workspace on real paths', () => {
  it('accepts real folders and files inside, resolved from the workspace', () => {
    expect(settings({ path: 'services/api', config: '.github/containment.yml', policies: 'policies/acme' })).toMatchObject({
      root: join(ws, 'services/api'),
      config: join(ws, '.github/containment.yml'),
      packs: [join(ws, 'policies/acme')],
    });
  });

  it("refuses a 'path' folder that is a link out of the workspace", async () => {
    await symlink(outside, join(ws, 'svc'));
    expect(() => settings({ path: 'svc' })).toThrow(`Input 'path' must be a folder inside the workspace (${ws}); got 'svc' (it resolves to ${outside} through a symbolic link).`);
    // A link higher up the path counts the same.
    await symlink(base, join(ws, 'up'));
    expect(() => settings({ path: 'up/outside' })).toThrow(/Input 'path' must be a folder inside the workspace/);
    // A dangling link is judged by where it points.
    await symlink('/nonexistent/elsewhere', join(ws, 'dangling'));
    expect(() => settings({ path: 'dangling' })).toThrow(/Input 'path' must be a folder inside the workspace/);
  });

  it("scans a 'path' link that stays inside at its real location", async () => {
    await symlink('services/api', join(ws, 'api'));
    expect(settings({ path: 'api' }).root).toBe(join(ws, 'services/api'));
  });

  it('refuses a link loop instead of hanging', async () => {
    await symlink('loop-b', join(ws, 'loop-a'));
    await symlink('loop-a', join(ws, 'loop-b'));
    expect(() => settings({ path: 'loop-a' })).toThrow(/Input 'path' must be a folder inside the workspace/);
  });

  it("refuses a 'config' file or a 'policies' folder that links out", async () => {
    await mkdir(join(ws, '.github'));
    await symlink(join(outside, 'containment.yml'), join(ws, '.github/containment.yml'));
    expect(() => settings({ config: '.github/containment.yml' })).toThrow(/Input 'config' must be a file inside the workspace .* through a symbolic link/);
    await symlink(join(outside, 'pack'), join(ws, 'pack'));
    expect(() => settings({ policies: 'policies/ok\npack' })).toThrow(/Input 'policies' must name folders inside the workspace .*got 'pack'/);
    expect(() => settings({ config: '/etc/passwd' })).toThrow(/Input 'config' must be a file inside the workspace/);
  });
});

describe('sarif-file and json-file resolve inside the workspace or RUNNER_TEMP', () => {
  it('accepts both roots, and puts the default JSON report under RUNNER_TEMP', () => {
    expect(settings({ 'sarif-file': 'out/c.sarif' })).toMatchObject({ sarifFile: join(ws, 'out/c.sarif'), jsonFile: join(temp, 'containment.json'), outputRoots: [ws, temp] });
    expect(settings({ 'sarif-file': join(temp, 'c.sarif'), 'json-file': 'r.json' })).toMatchObject({ sarifFile: join(temp, 'c.sarif'), jsonFile: join(ws, 'r.json') });
  });

  it.each([
    ['../c.sarif'],
    ['/etc/cron.d/x'],
    [''.padEnd(1, '.')],
  ])("refuses 'sarif-file: %s' outside both", (path) => {
    expect(() => settings({ 'sarif-file': path })).toThrow(`Input 'sarif-file' must name a file inside the workspace (${ws}) or RUNNER_TEMP (${temp}); got '${path}'.`);
  });

  it('refuses a report path whose folder links out of both roots', async () => {
    await symlink(outside, join(ws, 'reports'));
    expect(() => settings({ 'json-file': 'reports/r.json' })).toThrow(/Input 'json-file' must name a file inside the workspace/);
    expect(() => settings({ 'sarif-file': 'reports/deeper/r.sarif' })).toThrow(/Input 'sarif-file' must name a file inside the workspace/);
  });
});
