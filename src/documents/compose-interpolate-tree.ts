import { joinPointer } from '../core/json-pointer.js';
import { UNKNOWN } from '../subjects/compose-unknown.js';
import { type ComposeCast, castAt, castValue } from './compose-coerce.js';
import type { ComposeEnv } from './compose-env-file.js';
import { interpolate, type UnresolvedVariable } from './compose-interpolate.js';

/** A Compose file's value after interpolation and Compose's type conversions. */
export interface InterpolatedTree {
  /** The file's value; a scalar that stays unknown is `UNKNOWN`. Keys are never interpolated. */
  value: unknown;
  /** Pointer → the text written there, for every scalar that stayed unknown. */
  unknowns: Map<string, string>;
  /** Each unresolved variable once, at its first use in document order. */
  unresolved: Array<{ variable: UnresolvedVariable; pointer: string }>;
  /** Strings that Compose would refuse to convert (`target: "abc"` where a port number goes). */
  castErrors: Array<{ pointer: string; text: string; cast: ComposeCast }>;
}

/**
 * Interpolates every string value of a parsed Compose file, keeping its shape (and so its YAML
 * positions), then converts strings where Compose does. Interpolation happens on parsed values,
 * not on text, as in Compose: a value can never inject YAML structure.
 */
export function interpolateTree(root: unknown, env: ComposeEnv): InterpolatedTree {
  const out: InterpolatedTree = { value: null, unknowns: new Map(), unresolved: [], castErrors: [] };
  const reported = new Set<string>();
  const ancestors = new Set<object>();

  const visit = (node: unknown, path: Array<string | number>, pointer: string): unknown => {
    if (typeof node === 'string') {
      const result = interpolate(node, env);
      if (!result.ok) {
        out.unknowns.set(pointer, node);
        for (const variable of result.unresolved) {
          if (reported.has(variable.name)) continue;
          reported.add(variable.name);
          out.unresolved.push({ variable, pointer });
        }
        return UNKNOWN;
      }
      const cast = castAt(path);
      if (!cast) return result.value;
      const converted = castValue(result.value.trim(), cast);
      if (converted === undefined) out.castErrors.push({ pointer, text: result.value, cast });
      return converted ?? result.value;
    }
    if (node === null || typeof node !== 'object') return node;
    // YAML aliases can make a value contain itself; such a branch is cut rather than looped on.
    if (ancestors.has(node)) return null;
    ancestors.add(node);
    try {
      if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index], joinPointer(pointer, index)));
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        // defineProperty: a `__proto__` key is data in YAML, not a prototype.
        Object.defineProperty(copy, key, { value: visit(value, [...path, key], joinPointer(pointer, key)), enumerable: true, writable: true, configurable: true });
      }
      return copy;
    } finally {
      ancestors.delete(node);
    }
  };

  out.value = visit(root, [], '');
  return out;
}

/**
 * The tree with each unknown scalar put back as written (`"${PORT}"`), for the schema check,
 * which should see a string where the author wrote one.
 */
export function withWrittenText(tree: InterpolatedTree): unknown {
  const visit = (node: unknown, pointer: string): unknown => {
    if (node === UNKNOWN) return tree.unknowns.get(pointer) ?? null;
    if (Array.isArray(node)) return node.map((item, index) => visit(item, joinPointer(pointer, index)));
    if (node === null || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      Object.defineProperty(copy, key, { value: visit(value, joinPointer(pointer, key)), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  return visit(tree.value, '');
}

/** The tree as plain JSON for a subject value: unknown map entries and list items are left out. */
export function withoutUnknowns(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((item) => item !== UNKNOWN).map(withoutUnknowns);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === UNKNOWN) continue;
    Object.defineProperty(copy, key, { value: withoutUnknowns(value), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
