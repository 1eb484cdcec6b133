import type { VolumeMount } from './container.js';
import { cleanHostPath } from './host-path.js';

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/**
 * Parses a mount in the short syntax shared by Compose and `docker run -v`:
 * `[source:]target[:mode[,mode]]`. A source that starts with `/`, `.` or `~` (or a Windows drive)
 * is a host path (a bind); any other source is a named volume; no source is an anonymous volume.
 */
export function parseVolumeSpec(spec: string): VolumeMount | undefined {
  const text = spec.trim();
  if (text === '') return undefined;
  // `C:\path:/target` keeps its drive letter.
  const parts = /^[A-Za-z]:[\\/]/.test(text) ? [text.slice(0, 2) + text.slice(2).split(':')[0], ...text.slice(2).split(':').slice(1)] : text.split(':');
  let source: string | undefined;
  let target: string;
  let modes: string[] = [];
  if (parts.length === 1) target = parts[0]!;
  else {
    source = parts[0]!;
    target = parts[1]!;
    modes = (parts[2] ?? '').split(',').filter(Boolean);
  }
  const isBind = source !== undefined && /^([/.~]|[A-Za-z]:[\\/])/.test(source);
  const propagation = modes.find((mode) => PROPAGATION.has(mode));
  return {
    type: isBind ? 'bind' : 'volume',
    ...(source !== undefined ? { source: isBind ? cleanHostPath(source) : source } : {}),
    target,
    read_only: modes.includes('ro'),
    ...(propagation ? { propagation } : {}),
  };
}
