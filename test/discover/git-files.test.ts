import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';

/** Which files are judged in a git work tree: git's list, not the `.gitignore` files. */

let repo: string;
let outside: string;

const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });

async function put(path: string, content = 'services: {}\n', base = repo): Promise<void> {
  await mkdir(dirname(join(base, path)), { recursive: true });
  await writeFile(join(base, path), content);
}

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'containment-git-discover-'));
  outside = await mkdtemp(join(tmpdir(), 'containment-outside-'));
  git('init', '-q', '-b', 'main');
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const paths = async (root = repo, options = {}) => (await discover(root, options)).files.map((file) => file.path);

describe('discover in a git work tree', () => {
  it('reads a committed file that a .gitignore covers (one the change itself added)', async () => {
    await put('svc/compose.yaml');
    await put('Dockerfile', 'FROM alpine:3.20\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await put('.gitignore', 'svc/\nDockerfile\n*.yaml\n');
    git('add', '.gitignore');
    git('commit', '-qm', 'hide it');
    expect(await paths()).toEqual(['Dockerfile', 'svc/compose.yaml']);
  });

  it('reads a force-added override file that .gitignore lists, and not an untracked ignored one', async () => {
    await put('.gitignore', 'docker-compose.override.yml\nlocal/\n');
    await put('docker-compose.yml');
    await put('docker-compose.override.yml', 'services: {web: {image: x, privileged: true}}\n');
    await put('local/compose.yaml');
    git('add', '.gitignore', 'docker-compose.yml');
    git('add', '-f', 'docker-compose.override.yml');
    git('commit', '-qm', 'base');
    await put('untracked/compose.yaml');
    expect(await paths()).toEqual(['docker-compose.override.yml', 'docker-compose.yml', 'untracked/compose.yaml']);
  });

  it('applies git exclusions that no .gitignore in the tree holds (.git/info/exclude)', async () => {
    await put('scratch/compose.yaml');
    await put('compose.yaml');
    await writeFile(join(repo, '.git/info/exclude'), 'scratch/\n');
    expect(await paths()).toEqual(['compose.yaml']);
  });

  it('lists files relative to a scanned sub-folder, and only the files under it', async () => {
    await put('compose.yaml');
    await put('deploy/compose.yaml');
    await put('deploy/web/Dockerfile', 'FROM alpine:3.20\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await put('deploy/.gitignore', 'web/\n');
    await put('deploy/web/compose.yaml');
    expect(await paths(join(repo, 'deploy'))).toEqual(['compose.yaml', 'web/Dockerfile']);
  });

  it('names a committed link into .git/ or out of the root, and reads neither', async () => {
    await writeFile(join(outside, 'compose.yaml'), 'services: {secret: {image: outside}}\n');
    await put('svc/real.yml');
    await mkdir(join(repo, 'svc'), { recursive: true });
    await symlink('../.git/config', join(repo, 'svc/compose.yaml'));
    await symlink(join(outside, 'compose.yaml'), join(repo, 'docker-compose.yml'));
    await symlink('svc/real.yml', join(repo, 'compose.yaml'));
    await mkdir(join(repo, '.github/workflows'), { recursive: true });
    await symlink('../../.git/config', join(repo, '.github/workflows/ci.yml'));
    await symlink('missing.yml', join(repo, 'compose.override.yaml'));
    git('add', '-A');
    git('commit', '-qm', 'links');
    const { files, notices } = await discover(repo);
    expect(files.map((file) => file.path)).toEqual(['compose.yaml']);
    expect(notices.map((notice) => [notice.path, notice.message])).toEqual([
      ['.github/workflows/ci.yml', '.github/workflows/ci.yml is a symlink and it leads into .git/, which is never read; it was not read.'],
      ['compose.override.yaml', expect.stringContaining('leads nowhere')],
      ['docker-compose.yml', 'docker-compose.yml is a symlink and it leads outside the scanned folder; it was not read.'],
      ['svc/compose.yaml', 'svc/compose.yaml is a symlink and it leads into .git/, which is never read; it was not read.'],
    ]);
  });

  it('skips node_modules and nested repositories, and files deleted from the working tree', async () => {
    await put('node_modules/pkg/compose.yaml');
    await put('gone/compose.yaml');
    await put('compose.yaml');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await rm(join(repo, 'gone'), { recursive: true });
    await put('nested/compose.yaml');
    execFileSync('git', ['-C', join(repo, 'nested'), 'init', '-q']);
    expect(await paths()).toEqual(['compose.yaml']);
  });

  it('names a listed file whose name is not UTF-8 instead of dropping it silently', async () => {
    await put('compose.yaml');
    const folder = Buffer.concat([Buffer.from(`${repo}/`), Buffer.from([0x66, 0xff, 0x6f]), Buffer.from('/')]);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('compose.yaml')]), 'services: {}\n');
    const { files, notices } = await discover(repo);
    expect(files.map((file) => file.path)).toEqual(['compose.yaml']);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(/name is not valid UTF-8/);
  });
});

describe('discover when git cannot answer', () => {
  it('in a work tree without a working git, reads every file and applies no .gitignore, and says so', async () => {
    await put('.gitignore', 'svc/\n');
    await put('svc/compose.yaml');
    await put('compose.yaml');
    const { files, notices } = await discover(repo, { git: join(outside, 'no-such-git') });
    expect(files.map((file) => file.path)).toEqual(['compose.yaml', 'svc/compose.yaml']);
    expect(notices).toEqual([
      { level: 'warning', message: expect.stringMatching(/^This folder is in a git repository, but git could not list its files \(git is not installed\)/) },
    ]);
  });

  it('reads every file, and says why, when starting git throws instead of failing (as under node --permission)', async () => {
    // A NUL in the program's name makes spawn throw, as the permission model's refusal does
    // (test/e2e/cli-bundle.test.ts runs that one); before, the throw ended the scan.
    await put('.gitignore', 'svc/\n');
    await put('svc/compose.yaml');
    await put('compose.yaml');
    const { files, notices } = await discover(repo, { git: 'git\0' });
    expect(files.map((file) => file.path)).toEqual(['compose.yaml', 'svc/compose.yaml']);
    expect(notices).toEqual([
      { level: 'warning', message: expect.stringMatching(/^This folder is in a git repository, but git could not list its files \(git could not start \(ERR_INVALID_ARG_VALUE\)\)/) },
    ]);
  });

  it('outside any work tree, walks the folder with its .gitignore files and never asks git', async () => {
    await put('.gitignore', 'svc/\n', outside);
    await put('svc/compose.yaml', 'services: {}\n', outside);
    await put('compose.yaml', 'services: {}\n', outside);
    const { files, notices } = await discover(outside, { git: join(outside, 'no-such-git') });
    expect(files.map((file) => file.path)).toEqual(['compose.yaml']);
    expect(notices).toEqual([]);
  });
});

describe('discover in a folder that git ignores', () => {
  it('walks a scanned folder that a .gitignore above it ignores, and says why', async () => {
    await put('.gitignore', 'build/\n');
    await put('compose.yaml');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await put('build/out/compose.yaml');
    await put('build/out/.gitignore', 'skip/\n');
    await put('build/out/skip/compose.yaml');
    const { files, notices } = await discover(join(repo, 'build/out'));
    expect(files.map((file) => file.path)).toEqual(['compose.yaml']);
    expect(notices).toEqual([{ level: 'notice', message: expect.stringMatching(/^git lists no file in this folder/) }]);
  });

  it('says nothing about an empty folder', async () => {
    await put('compose.yaml');
    await mkdir(join(repo, 'empty'));
    expect(await discover(join(repo, 'empty'))).toEqual({ files: [], notices: [], envFiles: [] });
  });
});
