import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { compileGitignore, isIgnored } from '../../src/discover/gitignore.js';

/**
 * Ignore patterns come from the pull request: none may hang the scan or abort it. Each test has a
 * generous timeout rather than a timed assertion; before, the first two patterns never finished.
 */

const STAR_A = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
const GLOBSTARS = 'a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b';
const LONG_NAME = 'a'.repeat(240);
const DEEP = Array.from({ length: 80 }, () => 'a').join('/');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'containment-ignore-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function hostileTree(): Promise<void> {
  await writeFile(join(root, '.gitignore'), `${STAR_A}\n${GLOBSTARS}\n**/${GLOBSTARS}\nx[z-a]\n[+-0]x\nignored/\n`);
  await mkdir(join(root, LONG_NAME), { recursive: true });
  await writeFile(join(root, LONG_NAME, 'compose.yaml'), 'services: {}\n');
  await mkdir(join(root, DEEP), { recursive: true });
  await writeFile(join(root, DEEP, 'compose.yaml'), 'services: {}\n');
  await mkdir(join(root, 'ignored'), { recursive: true });
  await writeFile(join(root, 'ignored/compose.yaml'), 'services: {}\n');
}

describe('hostile ignore patterns', () => {
  it('a backtracking pattern against long and deep paths finishes, outside git', { timeout: 60_000 }, async () => {
    await hostileTree();
    const { files } = await discover(root, { git: false });
    expect(files.map((file) => file.path)).toEqual([`${DEEP}/compose.yaml`, `${LONG_NAME}/compose.yaml`]);
  });

  it('in a git work tree, git backtracks on untracked deep paths: the listing stops and the tracked files still count', { timeout: 60_000 }, async () => {
    await hostileTree();
    const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
    git('init', '-q');
    await writeFile(join(root, 'compose.yaml'), 'services: {}\n');
    git('add', '-f', 'compose.yaml', 'ignored/compose.yaml');
    git('commit', '-qm', 'tracked');
    const { files, notices } = await discover(root, { gitTimeoutMs: 1000 });
    // The committed file in an ignored folder is read; the untracked ones are found by the walker.
    expect(files.map((file) => file.path)).toEqual([`${DEEP}/compose.yaml`, `${LONG_NAME}/compose.yaml`, 'compose.yaml', 'ignored/compose.yaml']);
    expect(notices.map((notice) => notice.message)).toEqual([
      'git could not list the untracked files in time (git ls-files took over 1 s; a .gitignore pattern with many ** does that on deep folders), so untracked files were found by Containment\'s own .gitignore matcher; every tracked file was read.',
      expect.stringMatching(/^\.gitignore line 5 was not applied/),
    ]);
  });

  it('in a git work tree where every file is committed, git lists them quickly', { timeout: 60_000 }, async () => {
    await hostileTree();
    const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
    git('init', '-q');
    git('add', '-Af');
    git('commit', '-qm', 'everything');
    const { files, notices } = await discover(root);
    expect(files.map((file) => file.path)).toEqual([`${DEEP}/compose.yaml`, `${LONG_NAME}/compose.yaml`, 'ignored/compose.yaml']);
    expect(notices).toEqual([]);
  });

  it('an invalid pattern does not abort the scan; one the linear engine cannot take is named by line, not quoted', async () => {
    await hostileTree();
    const { notices } = await discover(root, { git: false });
    expect(notices).toEqual([
      { level: 'warning', path: '.gitignore', message: '.gitignore line 5 was not applied: it uses a construct the linear-time matcher does not take. Files it would ignore were scanned.' },
    ]);
  });

  it('the linear engine agrees with git on the backtracking shapes', { timeout: 60_000 }, () => {
    const ignored = (pattern: string, path: string) => isIgnored([{ base: '', rules: compileGitignore(pattern).rules }], path, false);
    expect(ignored(STAR_A, `${'a'.repeat(300)}b`)).toBe(true);
    expect(ignored(STAR_A, 'a'.repeat(300))).toBe(false);
    expect(ignored(GLOBSTARS, `${'a/'.repeat(2000)}b`)).toBe(true);
    expect(ignored(GLOBSTARS, `${'a/'.repeat(2000)}c`)).toBe(false);
    expect(ignored('*?b', 'xxb')).toBe(true);
    expect(ignored('*aab*c', 'aaabc')).toBe(true);
    expect(ignored('f*o/*/*', 'foo/b/c')).toBe(true);
    expect(ignored('[[:digit:]]x', '1x')).toBe(true);
    expect(ignored('x[z-a]', 'xq')).toBe(false);
  });

  it('uses at most the first 5,000 patterns of one file, and says so', () => {
    const text = Array.from({ length: 6000 }, (_, i) => `p${i}`).join('\n');
    const { rules, refused } = compileGitignore(text);
    expect(rules).toHaveLength(5000);
    expect(refused).toEqual([{ line: 5001, why: 'only 5000 patterns are used (per file at most 5000, per scan at most 20000)' }]);
  });

  it('uses at most 20,000 patterns over all the ignore files of a scan', { timeout: 60_000 }, async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `p${i}`).join('\n');
    for (const folder of ['a', 'b', 'c', 'd', 'e']) {
      await mkdir(join(root, folder), { recursive: true });
      await writeFile(join(root, folder, '.gitignore'), `svc/\n${text}\n`);
      await mkdir(join(root, folder, 'svc'), { recursive: true });
      await writeFile(join(root, folder, 'svc/compose.yaml'), 'services: {}\n');
    }
    const { files, notices } = await discover(root, { git: false });
    // Four files use 5,000 patterns each (svc/ among them); the fifth gets none, so its svc/ is read.
    expect(files.map((file) => file.path)).toEqual(['e/svc/compose.yaml']);
    expect(notices.map((notice) => [notice.path, notice.message])).toEqual([
      ['a/.gitignore', 'a/.gitignore line 5001 was not applied: only 5000 patterns are used (per file at most 5000, per scan at most 20000). Files it would ignore were scanned.'],
      ['b/.gitignore', 'b/.gitignore line 5001 was not applied: only 5000 patterns are used (per file at most 5000, per scan at most 20000). Files it would ignore were scanned.'],
      ['c/.gitignore', 'c/.gitignore line 5001 was not applied: only 5000 patterns are used (per file at most 5000, per scan at most 20000). Files it would ignore were scanned.'],
      ['d/.gitignore', 'd/.gitignore line 5001 was not applied: only 5000 patterns are used (per file at most 5000, per scan at most 20000). Files it would ignore were scanned.'],
      ['e/.gitignore', 'e/.gitignore line 1 was not applied: only 0 patterns are used (per file at most 5000, per scan at most 20000). Files it would ignore were scanned.'],
    ]);
  });
});

describe('refused ignore lines', () => {
  it('are named five at a time per file, the rest counted', async () => {
    await writeFile(join(root, '.gitignore'), `${Array.from({ length: 8 }, (_, i) => `[+-0]${i}`).join('\n')}\nsvc/\n`);
    await mkdir(join(root, 'svc'), { recursive: true });
    await writeFile(join(root, 'svc/compose.yaml'), 'services: {}\n');
    await writeFile(join(root, 'compose.yaml'), 'services: {}\n');
    const { files, notices } = await discover(root, { git: false });
    expect(files.map((file) => file.path)).toEqual(['compose.yaml']);
    expect(notices.map((notice) => notice.message)).toEqual([
      ...[1, 2, 3, 4, 5].map((line) => `.gitignore line ${line} was not applied: it uses a construct the linear-time matcher does not take. Files it would ignore were scanned.`),
      '.gitignore: 3 more lines were not applied either. Files they would ignore were scanned.',
    ]);
  });
});
