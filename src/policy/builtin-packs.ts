import { builtinPackFiles } from './builtin-pack-files.js';
import { formatLoadError } from './load-error.js';
import { loadPacks } from './load-packs.js';
import { precompiled } from './precompiled.js';
import type { Pack } from './rule.js';

let cached: Pack[] | undefined;

/**
 * The packs that ship with Containment. They are validated by the test suite, so an error here is
 * a bug in a release, not something a user can fix: it is thrown. The bundle carries them already
 * loaded and validated (scripts/build.mjs); from source they are read from `policies/`.
 */
export function loadBuiltinPacks(): Pack[] {
  if (cached) return cached;
  const embedded = precompiled()?.packs;
  if (embedded) {
    cached = embedded;
    return embedded;
  }
  const { packs, errors } = loadPacks(builtinPackFiles());
  if (errors.length) throw new Error(`Built-in packs are invalid:\n${errors.map(formatLoadError).join('\n')}`);
  cached = packs;
  return packs;
}
