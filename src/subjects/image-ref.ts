import type { ImageOrigin, ImageRef } from './image.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Splits an image reference the way Docker's reference grammar does: the first path component is
 * a registry when it has a `.` or `:` or is `localhost`; a single-component Docker Hub name gets
 * `library/`. A reference that still holds `$`, `${{` or is empty is a variable: unknown, never
 * a match for "latest" or "unpinned" rules, which judge `isVariable` instead.
 */
export function parseImageRef(raw: string, origin: ImageOrigin): ImageRef {
  const ref = raw.trim();
  if (ref === '' || ref.includes('$')) {
    return { ref, registry: '', repository: '', isLatest: false, isVariable: true, origin };
  }
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  const pinned = digest !== undefined && DIGEST.test(digest);
  return {
    ref,
    registry,
    repository: parts.join('/').toLowerCase(),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    // `app@sha256:abc123` names no tag but is not `latest` either: Docker refuses the reference
    // (an invalid digest), which image-digest-invalid says.
    isLatest: !pinned && (tag === 'latest' || (tag === undefined && digest === undefined)),
    isVariable: false,
    origin,
  };
}
