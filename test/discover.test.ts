import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../src/discover/classify.js';
import { discover } from '../src/discover/discover.js';
import { isIgnored, parseGitignore } from '../src/discover/gitignore.js';

let root: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'containment-discover-'));
  outside = await mkdtemp(join(tmpdir(), 'containment-outside-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function put(path: string, content = 'x: 1\n', base = root): Promise<void> {
  await mkdir(dirname(join(base, path)), { recursive: true });
  await writeFile(join(base, path), content);
}

const paths = async (options?: { maxFileBytes?: number }) => (await discover(root, options)).files.map((file) => file.path);

describe('classify', () => {
  it.each([
    ['compose.yaml', 'compose'],
    ['deploy/compose.yml', 'compose'],
    ['compose.override.yaml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.prod.yaml', 'compose'],
    ['compose-monitoring.yaml', 'compose'],
    ['deploy/compose-gpu.yml', 'compose'],
    ['compose_dev.yml', 'compose'],
    ['docker-compose-ci.yml', 'compose'],
    ['docker-compose_test.yaml', 'compose'],
    ['Dockerfile', 'dockerfile'],
    ['api/Dockerfile.prod', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['build/web.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Containerfile.dev', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['Dockerfile.template', 'dockerfile'],
    ['.github/workflows/ci.yml', 'workflow'],
    ['.github/workflows/release.yaml', 'workflow'],
    ['.github/workflows/action.yml', 'workflow'],
    ['action.yml', 'action'],
    ['.github/actions/setup/action.yaml', 'action'],
  ])('%s is %s', (path, kind) => {
    expect(classify(path)).toBe(kind);
  });

  it.each([
    'compose.json',
    'mycompose.yaml',
    'composer.yaml',
    'compose-.json',
    'docker-compose-ci.yml.bak',
    'Dockerfile.dockerignore',
    '.dockerignore',
    'src/subjects/schemas/dockerfile.schema.json',
    'docs/Dockerfile.md',
    'Dockerfile.yaml',
    'dockerfile.dev',
    '.github/workflows/nested/ci.yml',
    'sub/.github/workflows/ci.md',
    'README.md',
    'action.json',
  ])('%s is not read', (path) => {
    expect(classify(path)).toBeUndefined();
  });
});

describe('gitignore patterns', () => {
  const ignored = (text: string, path: string, isDirectory = false) =>
    isIgnored([{ base: '', rules: parseGitignore(text) }], path, isDirectory);

  it('matches a bare name at any depth', () => {
    expect(ignored('compose.yaml', 'a/b/compose.yaml')).toBe(true);
    expect(ignored('*.yml', 'a/docker-compose.yml')).toBe(true);
  });

  it('anchors patterns with a leading or inner slash', () => {
    expect(ignored('/compose.yaml', 'compose.yaml')).toBe(true);
    expect(ignored('/compose.yaml', 'a/compose.yaml')).toBe(false);
    expect(ignored('deploy/*.yaml', 'deploy/compose.yaml')).toBe(true);
    expect(ignored('deploy/*.yaml', 'x/deploy/compose.yaml')).toBe(false);
  });

  it('keeps * inside one folder and lets ** span folders', () => {
    expect(ignored('a/*', 'a/b/c')).toBe(false);
    expect(ignored('**/fixtures', 'x/y/fixtures', true)).toBe(true);
    expect(ignored('a/**/z', 'a/z')).toBe(true);
    expect(ignored('a/**/z', 'a/b/c/z')).toBe(true);
    expect(ignored('a/**', 'a/b/c')).toBe(true);
  });

  it('applies a trailing slash to folders only', () => {
    expect(ignored('build/', 'build', true)).toBe(true);
    expect(ignored('build/', 'build', false)).toBe(false);
  });

  it('lets the last matching pattern win, including negation', () => {
    expect(ignored('*.yaml\n!compose.yaml', 'compose.yaml')).toBe(false);
    expect(ignored('!compose.yaml\n*.yaml', 'compose.yaml')).toBe(true);
  });

  it('skips comments and blank lines and honours escapes and character classes', () => {
    expect(ignored('# compose.yaml\n\n', 'compose.yaml')).toBe(false);
    expect(ignored('\\#file', '#file')).toBe(true);
    expect(ignored('\\!important', '!important')).toBe(true);
    expect(ignored('Dockerfile.[pd]*', 'Dockerfile.prod')).toBe(true);
    expect(ignored('Dockerfile.[!pd]*', 'Dockerfile.prod')).toBe(false);
    expect(ignored('Dockerfile.?', 'Dockerfile.a')).toBe(true);
    expect(ignored('compose.yaml   ', 'compose.yaml')).toBe(true);
  });
});

describe('discover', () => {
  it('classifies, skips .git and node_modules, and sorts by path', async () => {
    await put('web/Dockerfile', 'FROM nginx\n');
    await put('compose.yaml');
    await put('.github/workflows/ci.yml');
    await put('.github/actions/setup/action.yml');
    await put('node_modules/pkg/compose.yaml');
    await put('.git/compose.yaml');
    await put('README.md');
    // `.git` here is a folder, not a repository: git is not asked, the walker skips it.
    const { files, notices } = await discover(root, { git: false });
    expect(files.map((file) => [file.path, file.kind])).toEqual([
      ['.github/actions/setup/action.yml', 'action'],
      ['.github/workflows/ci.yml', 'workflow'],
      ['compose.yaml', 'compose'],
      ['web/Dockerfile', 'dockerfile'],
    ]);
    expect(files[3]).toMatchObject({ path: 'web/Dockerfile', size: 11 });
    expect(notices).toEqual([]);
  });

  it('honours root and nested .gitignore files, with negation', async () => {
    await put('.gitignore', 'vendor/\n*.yml\n!keep/*.yml\n');
    await put('vendor/compose.yaml');
    await put('docker-compose.yml');
    await put('keep/docker-compose.yml');
    await put('svc/.gitignore', 'Dockerfile.*\n!Dockerfile.prod\n/compose.yaml\n');
    await put('svc/Dockerfile.dev');
    await put('svc/Dockerfile.prod');
    await put('svc/compose.yaml');
    await put('svc/inner/compose.yaml');
    expect(await paths()).toEqual(['keep/docker-compose.yml', 'svc/Dockerfile.prod', 'svc/inner/compose.yaml']);
  });

  it('does not re-include a file inside an ignored folder', async () => {
    await put('.gitignore', 'build/\n!build/compose.yaml\n');
    await put('build/compose.yaml');
    expect(await paths()).toEqual([]);
  });

  it('skips files over the size cap with a notice naming the file and size', async () => {
    await put('compose.yaml', 'a'.repeat(2048));
    await put('Dockerfile', 'FROM alpine\n');
    const { files, notices } = await discover(root, { maxFileBytes: 1024 });
    expect(files.map((file) => file.path)).toEqual(['Dockerfile']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning', path: 'compose.yaml' });
    expect(notices[0]?.message).toContain('compose.yaml');
    expect(notices[0]?.message).toContain('2.0 KiB');
  });

  it('never follows a symlink out of the root', async () => {
    await put('compose.yaml', 'x: 1\n', outside);
    await symlink(outside, join(root, 'linked-dir'));
    await symlink(join(outside, 'compose.yaml'), join(root, 'compose.yaml'));
    const { files, notices } = await discover(root);
    expect(files).toEqual([]);
    expect(notices.map((notice) => notice.path)).toEqual(['compose.yaml', 'linked-dir']);
    expect(notices[0]?.message).toMatch(/outside the scanned folder/);
  });

  it('survives a symlink loop and reads a linked folder once, under its real path', async () => {
    await put('app/compose.yaml');
    await symlink(root, join(root, 'app', 'loop'));
    await symlink(join(root, 'app'), join(root, 'alias'));
    await symlink('self', join(root, 'self'));
    expect(await paths()).toEqual(['app/compose.yaml']);
  });

  it('follows a link to a folder inside the root that is not otherwise walked', async () => {
    await put('.gitignore', '/real/\n');
    await put('real/compose.yaml');
    await put('real/Dockerfile');
    await symlink(join(root, 'real'), join(root, 'linked'));
    expect(await paths()).toEqual(['linked/Dockerfile', 'linked/compose.yaml']);
  });

  it('reads a Compose file once per folder it is linked into (each folder has its own .env), other files once', async () => {
    await put('.gitignore', '/real/\n');
    await put('real/compose.yaml');
    await put('real/Dockerfile');
    await symlink(join(root, 'real'), join(root, 'linked'));
    await symlink(join(root, 'real', 'compose.yaml'), join(root, 'docker-compose.yml'));
    await symlink(join(root, 'real', 'Dockerfile'), join(root, 'Dockerfile'));
    expect(await paths()).toEqual(['Dockerfile', 'docker-compose.yml', 'linked/compose.yaml']);
  });
});

describe('discover, unreadable folders', () => {
  it.skipIf(process.getuid?.() === 0)('reports a folder it cannot read and scans the rest', async () => {
    const { chmod } = await import('node:fs/promises');
    await put('locked/compose.yaml');
    await put('compose.yaml');
    await chmod(join(root, 'locked'), 0o000);
    try {
      const { files, notices } = await discover(root);
      expect(files.map((file) => file.path)).toEqual(['compose.yaml']);
      expect(notices[0]).toMatchObject({ level: 'warning', path: 'locked' });
    } finally {
      await chmod(join(root, 'locked'), 0o755);
    }
  });
});
