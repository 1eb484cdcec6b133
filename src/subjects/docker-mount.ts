import { isUnknownWord } from '../languages/shell-words.js';
import type { VolumeMount } from './container.js';
import { cleanHostPath } from './host-path.js';

const TYPES = new Set<VolumeMount['type']>(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']);

/**
 * Parses a `--mount` value (https://docs.docker.com/engine/storage/bind-mounts/#options-for---mount):
 * comma-separated `key=value` fields read as CSV (so a field may be double-quoted), `type`
 * defaulting to `volume`, `source`/`src`, `target`/`destination`/`dst`, and `readonly`/`ro` with
 * an optional boolean value. Returns undefined when the target is missing or unknown.
 */
export function parseMountFlag(value: string): VolumeMount | undefined {
  const fields = new Map<string, string | undefined>();
  for (const field of splitCsv(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    if (key) fields.set(key, eq < 0 ? undefined : field.slice(eq + 1));
  }
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!target || isUnknownWord(target)) return undefined;
  const rawType = fields.get('type') ?? 'volume';
  const type = [...TYPES].find((known) => known === rawType);
  if (!type) return undefined;
  const source = fields.get('source') ?? fields.get('src');
  const propagation = fields.get('bind-propagation');
  const readOnly = fields.has('readonly') ? fields.get('readonly') : fields.get('ro');
  return {
    type,
    ...(source && !isUnknownWord(source) ? { source: type === 'bind' ? cleanHostPath(source) : source } : {}),
    ...(source && isUnknownWord(source) ? { source_template: source } : {}),
    target,
    // `readonly` alone means true; Docker also accepts `readonly=true|1|false|0`.
    read_only: (fields.has('readonly') || fields.has('ro')) && !/^(false|0)$/i.test(readOnly ?? ''),
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
