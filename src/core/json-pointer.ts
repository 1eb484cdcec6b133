/** RFC 6901 JSON Pointers: the one address format shared by subjects, ajv errors and `locate`. */

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((segment) => `/${escapeSegment(segment)}`).join('');
}

/** True when `prefix` is `pointer` or one of its ancestors (segment-wise, not character-wise). */
export function isPointerPrefix(prefix: string, pointer: string): boolean {
  return prefix === '' || pointer === prefix || pointer.startsWith(`${prefix}/`);
}

/** The value a pointer addresses in plain JSON, or undefined when the path does not exist. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
