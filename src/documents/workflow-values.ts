/**
 * Reading the plain values of a workflow file defensively: any key may hold any YAML value (or
 * an expression string where a map is expected), and a parser must not throw on any of them.
 */

/** A YAML mapping as a plain object. */
export type YamlMap = Record<string, unknown>;

export function isYamlMap(value: unknown): value is YamlMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A scalar as the text GitHub sees (`true` → `"true"`, `8080` → `"8080"`); absent otherwise. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A map of scalars (`env:`, `with:`); a null value is the empty string, as GitHub passes it. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isYamlMap(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    const text = entry === null ? '' : scalarText(entry);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** A scalar or a list of scalars (`needs: build` or `needs: [build, test]`). */
export function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((entry) => scalarText(entry) ?? []);
}
