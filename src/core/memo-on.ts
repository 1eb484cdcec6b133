/**
 * A value computed from an object, kept on that object under `key` (a hidden, non-enumerable
 * property) and made again when `from` is no longer what it was made from (the `items` array of a
 * YAML mapping: a copy made by yaml's `clone`, which copies every own property, has its own).
 *
 * Why not a `WeakMap` keyed by the object: a WeakMap lives long enough to reach V8's old
 * generation, and V8's minor collections then keep every value it holds alive, so an index that
 * points into a parsed file's tree kept the whole tree alive until a full collection; each file's
 * tree reached the old generation and grew the heap (issue #17). Measured with
 * `node bench/promoted.mjs` on the YAML files of the corpus x 10 (bench/README.md): the mapping
 * indexes of `documents/yaml-source.ts` and of `evaluate/fixes/yaml-edit.ts` as WeakMaps moved
 * 251 MB there, as properties 167 MB and then less (the closing note of #17 has the numbers).
 */
export function memoOn<V>(object: object, key: symbol, from: unknown, make: () => V): V {
  const held = (object as Record<symbol, { from: unknown; value: V } | undefined>)[key];
  if (held && held.from === from) return held.value;
  const value = make();
  Object.defineProperty(object, key, { value: { from, value }, writable: true, configurable: true, enumerable: false });
  return value;
}
