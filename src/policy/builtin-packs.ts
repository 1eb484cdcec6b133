import { builtinPackFiles } from './builtin-pack-files.js';
import { formatLoadError } from './load-error.js';
import { loadPacks } from './load-packs.js';
import type { Pack } from './rule.js';

let cached: Pack[] | undefined;

/**
 * The packs that ship with Containment. They are validated by the test suite, so an error here is
 * a bug in a release, not something a user can fix: it is thrown.
 */
export function loadBuiltinPacks(): Pack[] {
  if (cached) return cached;
  const { packs, errors } = loadPacks(builtinPackFiles());
  if (errors.length) throw new Error(`Built-in packs are invalid:\n${errors.map(formatLoadError).join('\n')}`);
  cached = packs;
  return packs;
}
