import { ConfigError } from '../core/config-error.js';
import { formatLoadError } from './load-error.js';
import { loadPackDir } from './load-pack-dir.js';
import type { Pack } from './rule.js';

/**
 * Loads the packs a team points Containment at (`--pack DIR`, the `policies` input) beside the
 * built-in ones. A broken custom rule is a configuration error that names the file, line and field:
 * silently skipping it would leave a team believing a check runs that does not.
 */
export function withCustomPacks(builtin: Pack[], dirs: readonly string[], shown: (dir: string) => string = (d) => d): Pack[] {
  if (dirs.length === 0) return builtin;
  const messages: string[] = [];
  const packs = [...builtin];
  const owner = new Map(builtin.flatMap((pack) => pack.rules.map((rule) => [rule.id, rule.source] as const)));
  for (const dir of dirs) {
    const { packs: loaded, errors } = loadPackDir(dir, shown(dir));
    messages.push(...errors.map(formatLoadError));
    for (const pack of loaded) {
      if (packs.some((p) => p.id === pack.id)) {
        messages.push(`${pack.source}: pack id "${pack.id}" is already taken; choose another id in its pack.yaml.`);
        continue;
      }
      pack.rules = pack.rules.filter((rule) => {
        const first = owner.get(rule.id);
        if (first) messages.push(`${rule.source}: rule id "${rule.id}" is already used by ${first}; rule ids are unique across packs.`);
        else owner.set(rule.id, rule.source);
        return !first;
      });
      packs.push(pack);
    }
  }
  if (messages.length) throw new ConfigError(`Custom packs have errors:\n  ${messages.join('\n  ')}`);
  return packs;
}
