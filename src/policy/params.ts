/**
 * Replaces every `{"$param": "name"}` in a rule's schema with the parameter's value, so that one
 * rule serves every team's list of trusted registries or allowed capabilities. Returns the names
 * that were referenced but not defined, for the loader to report.
 */
export function substituteParams(
  schema: unknown,
  params: Record<string, unknown>,
  missing: Set<string> = new Set(),
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => substituteParams(item, params, missing));
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$param' && typeof record['$param'] === 'string') {
    const name = record['$param'];
    if (!(name in params)) missing.add(name);
    return params[name];
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = substituteParams(record[key], params, missing);
  // A team that empties a list parameter (`exemptOwners: []`) means "none"; Ajv rejects an
  // empty `enum`, and a schema that must equal one of nothing is simply the false schema.
  if (Array.isArray(out['enum']) && out['enum'].length === 0) return false;
  return out;
}
