import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * A folder of files (and symbolic links, `path -> target` as written) under the temporary folder,
 * for tests that scan real files; every folder made in a test is removed after it. Call at the
 * top level of a test file: it registers the cleanup there.
 */
export function temporaryRepositories(prefix: string): (files: Record<string, string>, links?: Record<string, string>) => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return (files, links = {}) => {
    const root = mkdtempSync(join(tmpdir(), prefix));
    folders.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    for (const [path, target] of Object.entries(links)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      symlinkSync(target, join(root, path));
    }
    return root;
  };
}
