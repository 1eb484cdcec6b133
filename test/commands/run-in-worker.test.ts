import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileCacheFolder, errorAnnotation } from '../../src/commands/run-in-worker.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'containment-cache-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('the compile cache folder', () => {
  it('is containment/node-compile-cache in the user cache folder, made private', () => {
    const folder = compileCacheFolder({ XDG_CACHE_HOME: join(work, 'xdg'), HOME: join(work, 'home') });
    expect(folder).toBe(join(work, 'xdg', 'containment', 'node-compile-cache'));
    expect(statSync(folder!).mode & 0o777).toBe(0o700);
    expect(compileCacheFolder({ HOME: join(work, 'home') })).toBe(join(work, 'home', '.cache', 'containment', 'node-compile-cache'));
  });

  it('is none when others may write to it, or it is a link, or not a folder of this user', () => {
    const base = join(work, 'xdg');
    const folder = join(base, 'containment', 'node-compile-cache');
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o777);
    expect(compileCacheFolder({ XDG_CACHE_HOME: base })).toBeUndefined();
    chmodSync(folder, 0o720);
    expect(compileCacheFolder({ XDG_CACHE_HOME: base })).toBeUndefined();
    rmSync(folder, { recursive: true });
    mkdirSync(join(work, 'elsewhere'));
    symlinkSync(join(work, 'elsewhere'), folder);
    expect(compileCacheFolder({ XDG_CACHE_HOME: base })).toBeUndefined();
    if (process.getuid?.() === 0) {
      // Made first by another user: 65534 is `nobody`.
      const other = join(work, 'other');
      mkdirSync(join(other, 'containment', 'node-compile-cache'), { recursive: true, mode: 0o700 });
      chownSync(join(other, 'containment', 'node-compile-cache'), 65534, 65534);
      expect(compileCacheFolder({ XDG_CACHE_HOME: other })).toBeUndefined();
    }
  });

  it('is none when switched off, or with no absolute home; a NODE_COMPILE_CACHE folder is the user choice', () => {
    expect(compileCacheFolder({ XDG_CACHE_HOME: join(work, 'xdg'), NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    expect(compileCacheFolder({})).toBeUndefined();
    expect(compileCacheFolder({ XDG_CACHE_HOME: 'relative/cache' })).toBeUndefined();
    expect(compileCacheFolder({ NODE_COMPILE_CACHE: join(work, 'chosen') })).toBe(join(work, 'chosen'));
  });
});

describe('the error annotation of the Action launcher', () => {
  it('is the first line only, with % and carriage returns escaped, so a quoted name cannot end it or encode a line', () => {
    expect(errorAnnotation('containment', 'out of memory')).toBe('::error title=containment::out of memory\n');
    expect(errorAnnotation('containment', 'bad `a%0Ab\r::warning::x` here\n    at stack')).toBe('::error title=containment::bad `a%250Ab%0D::warning::x` here\n');
  });
});
