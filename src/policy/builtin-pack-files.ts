import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built-in packs' files, keyed `pack/file.yaml`. From source (tests) they are read from
 * `policies/`; the bundle replaces this module with the files' text (scripts/build.mjs), so the
 * Action and the CLI never read the packs from disk.
 */
export function builtinPackFiles(): Record<string, string> {
  const root = fileURLToPath(new URL('../../policies', import.meta.url));
  const files: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.ya?ml$/.test(entry.name)) files[relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  visit(root);
  return files;
}
