import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, type JsonReport } from './cli-run.js';
import { PRIVILEGED } from './hostile-tree.js';

/**
 * A `.gitignore` cannot hide a committed file from the bundled CLI: one that covers the change's own
 * Compose file, or an override file force-added past the base's `.gitignore` (Compose merges it).
 */

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), content);
}

async function privilegedPaths(): Promise<string[]> {
  const run = await cli(['scan', repo, '--format', 'json']);
  const report = JSON.parse(run.stdout) as JsonReport;
  expect(run.code).toBe(report.failed ? 1 : 0);
  return report.findings.filter((finding) => finding.ruleId === 'container-privileged').map((finding) => finding.path);
}

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'containment-gitignore-hides-'));
  git('init', '-q', '-b', 'main');
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('a .gitignore against committed files', () => {
  it.each([
    ['the file by name', 'svc/compose.yaml\n'],
    ['its folder', 'svc/\n'],
    ['every YAML file', '*.yaml\n'],
    ['everything', '*\n'],
    ['everything, from a nested .gitignore', null],
  ])('covering %s does not hide it', async (_, pattern) => {
    await put('svc/compose.yaml', PRIVILEGED);
    if (pattern === null) await put('svc/.gitignore', '*\n');
    else await put('.gitignore', pattern);
    git('add', '-f', '-A');
    git('commit', '-qm', 'adds a privileged service and hides it');
    expect(await privilegedPaths()).toEqual(['svc/compose.yaml']);
  });

  it('a force-added override file that .gitignore lists is judged', async () => {
    await put('.gitignore', 'docker-compose.override.yml\n');
    await put('docker-compose.yml', 'services:\n  web:\n    image: nginx:1.27\n');
    await put('docker-compose.override.yml', 'services:\n  web:\n    privileged: true\n');
    git('add', '-A');
    git('add', '-f', 'docker-compose.override.yml');
    git('commit', '-qm', 'override');
    expect(await privilegedPaths()).toEqual(['docker-compose.override.yml']);
  });
});
