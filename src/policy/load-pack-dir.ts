import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { LoadError } from './load-error.js';
import { loadPacks, type PackFiles } from './load-packs.js';
import type { Pack } from './rule.js';

/** Rule files larger than this are not rules; reading them would only waste memory. */
const MAX_RULE_BYTES = 256 * 1024;

/**
 * Loads a custom pack folder: either one pack (a folder with `pack.yaml`) or a folder of packs
 * (sub-folders that each have one). Files are validated exactly like the built-in packs; errors
 * name the file as the user wrote its path. Symbolic links are not followed.
 */
export function loadPackDir(dir: string, shown = dir): { packs: Pack[]; errors: LoadError[] } {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) {
    return { packs: [], errors: [{ file: shown, line: 1, column: 1, message: `The pack folder ${shown} does not exist or is not a folder.` }] };
  }
  const files: PackFiles = {};
  const single = existsSync(join(dir, 'pack.yaml')) || existsSync(join(dir, 'pack.yml'));
  const root = single ? join(dir, '..') : dir;
  const errors: LoadError[] = [];
  const visit = (folder: string, depth: number): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory() && depth < 2 && !entry.name.startsWith('.')) visit(full, depth + 1);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
        const key = relative(root, full).split('\\').join('/');
        if (lstatSync(full).size > MAX_RULE_BYTES) {
          errors.push({ file: join(shown, relative(dir, full)), line: 1, column: 1, message: `This file is larger than ${MAX_RULE_BYTES / 1024} KiB, which no rule needs; it was not loaded.` });
        } else files[key] = readFileSync(full, 'utf8');
      }
    }
  };
  visit(dir, single ? 1 : 0);
  const origin = single ? join(shown, '..') : shown;
  const loaded = loadPacks(files, origin.replace(/\/$/, '') || basename(dir));
  return { packs: loaded.packs, errors: [...errors, ...loaded.errors] };
}
