import { isUnknownWord } from '../languages/shell-words.js';
import type { VolumeMount } from './container.js';
import { cleanHostPath } from './host-path.js';

const TYPES = new Set<VolumeMount['type']>(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']);

/**
 * Whether the `local` volume driver's `o` option (`driver_opts.o`, `--mount volume-opt=o=…`) mounts
 * its `device` as a bind of that host path: `bind`, or `rbind`, a recursive bind (moby's mount
 * flags: MS_BIND | MS_REC), among its comma-separated flags
 * (https://docs.docker.com/engine/storage/volumes/#create-a-volume-using-a-bind-mount-as-the-source).
 */
export function bindsDevice(options: unknown): boolean {
  if (typeof options !== 'string') return false;
  const flags = options.split(',').map((flag) => flag.trim());
  return flags.includes('bind') || flags.includes('rbind');
}

/**
 * Parses a `--mount` value (https://docs.docker.com/engine/storage/bind-mounts/#options-for---mount):
 * comma-separated `key=value` fields read as CSV (so a field may be double-quoted), `type`
 * defaulting to `volume`, `source`/`src`, `target`/`destination`/`dst`, and `readonly`/`ro` with
 * an optional boolean value. Returns undefined when the target is missing or unknown.
 */
export function parseMountFlag(value: string): VolumeMount | undefined {
  const fields = new Map<string, string | undefined>();
  const volumeOptions = new Map<string, string>();
  for (const field of splitCsv(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    if (key === 'volume-opt' && eq >= 0) {
      // Repeated, one driver option each: `volume-opt=o=bind,volume-opt=device=/`.
      const option = field.slice(eq + 1);
      const at = option.indexOf('=');
      if (at > 0) volumeOptions.set(option.slice(0, at).trim(), option.slice(at + 1));
    } else if (key) fields.set(key, eq < 0 ? undefined : field.slice(eq + 1));
  }
  // An unknown target keeps the mount (its source may still be the socket), written as it is.
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!target) return undefined;
  const rawType = fields.get('type') ?? 'volume';
  // An unknown type is judged as a bind, the kind that reaches the host (fail closed).
  let type = isUnknownWord(rawType) ? 'bind' : [...TYPES].find((known) => known === rawType);
  if (!type) return undefined;
  let source = fields.get('source') ?? fields.get('src');
  // The local driver's bind options make a volume mount of a host path, as Compose's
  // `driver_opts: { o: bind, device: / }` do (compose-top-level.ts `bindNamedVolumes`).
  const device = volumeOptions.get('device');
  if (type === 'volume' && device !== undefined && bindsDevice(volumeOptions.get('o'))) {
    type = 'bind';
    source = device;
  }
  const propagation = fields.get('bind-propagation');
  const readOnly = fields.has('readonly') ? fields.get('readonly') : fields.get('ro');
  return {
    type,
    ...(source && !unknownSource(source) ? { source: type === 'bind' ? cleanHostPath(source) : source } : {}),
    ...(source && unknownSource(source) ? { source_template: source } : {}),
    target,
    // `readonly` alone means true; Docker also accepts `readonly=true|1|false|0`.
    // An unknown value (`readonly=${{ … }}`) is not taken as read-only: only what is known protects.
    read_only: (fields.has('readonly') || fields.has('ro')) && !/^(false|0)$/i.test(readOnly ?? '') && !isUnknownWord(readOnly ?? ''),
    ...(propagation && !isUnknownWord(propagation) ? { propagation } : {}),
  };
}

/** Splits one CSV record (Go's encoding/csv, as Docker reads `--mount`). */
function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** A bind source a variable or a command substitution (`` `pwd`/x ``) leaves unknown. */
export function unknownSource(source: string): boolean {
  return isUnknownWord(source) || source.startsWith('`');
}
