import { lstat, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batched, OutputFileError, writeOutputFile } from '../../src/report/write-output.js';
import { UsageError } from '../../src/settings/settings.js';

/**
 * A pull request controls the workspace's files, links included: a report written by the Action
 * must never go through a link it committed, wherever that link points.
 */
let base: string;
let workspace: string;
let temp: string;
let outside: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'containment-write-')));
  workspace = join(base, 'ws');
  temp = join(base, 'runner-temp');
  outside = join(base, 'outside');
  for (const dir of [workspace, temp, outside]) await mkdir(dir);
  await writeFile(join(outside, 'bashrc'), 'original\n');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const confine = (input = 'sarif-file') => ({ roots: [workspace, temp], input });

describe('writeOutputFile confined to the workspace and RUNNER_TEMP', () => {
  it('writes a new file and creates the missing folders', async () => {
    await writeOutputFile(join(workspace, 'reports/deep/er/out.sarif'), '{}', confine());
    expect(await readFile(join(workspace, 'reports/deep/er/out.sarif'), 'utf8')).toBe('{}');
    await writeOutputFile(join(temp, 'c.json'), '[]', confine('json-file'));
    expect(await readFile(join(temp, 'c.json'), 'utf8')).toBe('[]');
  });

  it('overwrites a regular file in place', async () => {
    await writeFile(join(workspace, 'out.sarif'), 'old and much longer content');
    await writeOutputFile(join(workspace, 'out.sarif'), 'new', confine());
    expect(await readFile(join(workspace, 'out.sarif'), 'utf8')).toBe('new');
  });

  it.each([
    ['the target is a link to a file outside', 'out.sarif', async () => symlink(join(outside, 'bashrc'), join(workspace, 'out.sarif'))],
    ['the target is a link inside the workspace', 'out.sarif', async () => {
      await writeFile(join(workspace, 'victim.txt'), 'original\n');
      await symlink('victim.txt', join(workspace, 'out.sarif'));
    }],
    ['the target is a dangling link', 'out.sarif', async () => symlink(join(outside, 'new-file'), join(workspace, 'out.sarif'))],
    ['the parent folder is a link outside', 'reports/out.sarif', async () => symlink(outside, join(workspace, 'reports'))],
    ['a grandparent folder is a link', 'a/b/out.sarif', async () => {
      await mkdir(join(outside, 'b'), { recursive: true });
      await symlink(outside, join(workspace, 'a'));
    }],
    ['the parent folder is a link to a folder inside the workspace', 'reports/out.sarif', async () => {
      await mkdir(join(workspace, 'real'));
      await symlink('real', join(workspace, 'reports'));
    }],
  ])('refuses when %s, and changes nothing', async (_name, path, arrange) => {
    await arrange();
    const error = await writeOutputFile(join(workspace, path), 'PWNED', confine()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFileError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^Input 'sarif-file': .* is a symbolic link, so Containment does not write /);
    expect(await readFile(join(outside, 'bashrc'), 'utf8')).toBe('original\n');
    await expect(lstat(join(outside, 'out.sarif'))).rejects.toThrow();
    await expect(lstat(join(outside, 'new-file'))).rejects.toThrow();
    await expect(lstat(join(outside, 'b', 'out.sarif'))).rejects.toThrow();
  });

  it('refuses a path outside both roots, and a folder or a device as the target', async () => {
    await expect(writeOutputFile(join(outside, 'x.sarif'), '', confine())).rejects.toThrow(
      /Input 'sarif-file' must name a file inside the workspace or RUNNER_TEMP/,
    );
    await expect(writeOutputFile(join(workspace, '../outside/x.sarif'), '', confine())).rejects.toThrow(OutputFileError);
    await mkdir(join(workspace, 'dir.sarif'));
    await expect(writeOutputFile(join(workspace, 'dir.sarif'), '', confine())).rejects.toThrow(/is not a regular file/);
    await writeFile(join(workspace, 'file'), '');
    await expect(writeOutputFile(join(workspace, 'file/out.sarif'), '', confine())).rejects.toThrow(/'file' is a file, not a folder/);
  });
});

describe('writeOutputFile for the command line (no confinement)', () => {
  it('creates missing folders and follows the user’s own links', async () => {
    await writeOutputFile(join(outside, 'new/folder/report.json'), 'x');
    expect(await readFile(join(outside, 'new/folder/report.json'), 'utf8')).toBe('x');
    await symlink(outside, join(workspace, 'mine'));
    await writeOutputFile(join(workspace, 'mine/r.txt'), 'y');
    expect(await readFile(join(outside, 'r.txt'), 'utf8')).toBe('y');
  });

  it('turns a file-system failure into one sentence, not a stack', async () => {
    await writeFile(join(outside, 'plain'), '');
    const error = await writeOutputFile(join(outside, 'plain/sub/r.json'), 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFileError);
    expect((error as Error).message).toBe(`Could not write ${join(outside, 'plain/sub/r.json')}: a part of the path is a file, not a folder.`);
    await mkdir(join(outside, 'dir'));
    await expect(writeOutputFile(join(outside, 'dir'), 'x')).rejects.toThrow(/: it is a folder\.$/);
  });
});

describe('batched writes', () => {
  it('joins chunks into pieces of at most the batch size, keeping every character in order', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `finding ${i};`);
    const pieces = [...batched(chunks, 100)];
    expect(pieces.join('')).toBe(chunks.join(''));
    // 1000 chunks of 10-12 characters in pieces of 89-100: about a tenth as many writes.
    expect(pieces.length).toBeLessThan(130);
    expect(pieces.every((piece) => piece.length <= 100)).toBe(true);
    expect(pieces.slice(0, -1).every((piece) => piece.length > 100 - 12)).toBe(true);
    expect([...batched([], 100)]).toEqual([]);
  });

  it('writes a chunk longer than the batch size as a piece of its own, after what was gathered', () => {
    const pieces = [...batched(['ab', 'c'.repeat(150), 'de', 'f'.repeat(99), 'g', 'h'], 100)];
    expect(pieces).toEqual(['ab', 'c'.repeat(150), 'de', `${'f'.repeat(99)}g`, 'h']);
    // Empty chunks add nothing, and make no empty piece of their own.
    expect([...batched(['abcdef', 'g', 'hijklmn', ''], 3)]).toEqual(['abcdef', 'g', 'hijklmn']);
    expect([...batched(['', ''], 3)]).toEqual([]);
    // The default size keeps a piece of two-byte characters under V8's 128 KiB for young strings.
    const big = [...batched(Array.from({ length: 40_000 }, () => 'é€ done;'))];
    expect(big.join('').length).toBe(40_000 * 8);
    expect(Math.max(...big.map((piece) => piece.length)) * 2).toBeLessThan(128 * 1024);
  });
});
