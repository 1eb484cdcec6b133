import { closestName } from '../core/closest-name.js';
import { escapeSegment, valueAtPointer } from '../core/json-pointer.js';
import { compileOnce } from './ajv-factory.js';
import { ruleSchemaProblem } from './check-rule-schema.js';
import type { ParamSchema, Rule } from './rule.js';

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
  if (keys.length === 1 && keys[0] === '$paramPattern' && typeof record['$paramPattern'] === 'string') {
    const name = record['$paramPattern'];
    if (!(name in params)) missing.add(name);
    return anyPattern(params[name]);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = substituteParams(record[key], params, missing);
  // A team that empties a list parameter (`exemptOwners: []`) means "none"; Ajv rejects an
  // empty `enum`, and a schema that must equal one of nothing is simply the false schema.
  if (Array.isArray(out['enum']) && out['enum'].length === 0) return false;
  return out;
}

/**
 * `{"$paramPattern": "name"}` stands for one pattern matching any of the param's list of patterns,
 * so a list a team extends entry by entry (attacker-controlled contexts, pull request refs) still
 * feeds a JSON Schema `pattern`. Each entry is grouped as written, unanchored like `pattern`
 * itself; an empty list matches nothing (`[^\s\S]`), which RE2 accepts.
 */
function anyPattern(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const patterns = value.filter((entry): entry is string => typeof entry === 'string');
  return patterns.length ? patterns.map((pattern) => `(?:${pattern})`).join('|') : '[^\\s\\S]';
}

/** A rule file's `params:` as written: each param's description, schema and default. */
export type ParamDeclarations = Record<string, ParamSchema & { default: unknown }>;

/** A param value that the rule cannot use: where, relative to the `params` map, and why. */
export interface ParamProblem {
  /** JSON Pointer relative to the params map: `/exemptOwners`, `/trustedRegistries/2`. */
  pointer: string;
  message: string;
}

/**
 * Checks param values (a config's `rules.<id>.params`, or a rule's own defaults) against what the
 * rule declares: every name must be declared, every value must satisfy the param's schema, and
 * the rule's `schema` and `when` must still compile, with safe patterns, once the values are put
 * in. An empty list means the values can be used.
 */
export function paramProblems(rule: Pick<Rule, 'id' | 'params' | 'paramSchemas' | 'schema' | 'when'>, given: Record<string, unknown>): ParamProblem[] {
  const declared = rule.paramSchemas ?? {};
  const names = Object.keys(declared);
  const problems: ParamProblem[] = [];
  for (const [name, value] of Object.entries(given)) {
    const spec = declared[name];
    if (!spec) {
      const near = closestName(name, names);
      const takes = names.length ? `it takes ${names.map((n) => `"${n}"`).join(', ')}` : 'it takes no params';
      problems.push({ pointer: `/${escapeSegment(name)}`, message: `${rule.id} has no param "${name}"${near ? `; did you mean "${near}"?` : ''} (${takes}).` });
      continue;
    }
    const validate = compileOnce(spec.schema);
    if (!validate(value)) {
      const error = validate.errors?.[0];
      const at = error?.instancePath ?? '';
      const where = `${name}${at.replace(/\//g, '.')}`;
      problems.push({ pointer: `/${escapeSegment(name)}${at}`, message: `"${where}" ${error?.message ?? 'is not valid'}, got ${describe(valueAtPointer(value, at))}. Expected: ${spec.description}` });
    }
  }
  if (problems.length) return problems;
  // Each value alone, so that a regular expression the engine refuses is blamed on its param.
  for (const [name, value] of Object.entries(given)) {
    for (const field of ['schema', 'when'] as const) {
      const schema = rule[field];
      if (schema === undefined) continue;
      const problem = ruleSchemaProblem(substituteParams(schema, { ...rule.params, [name]: value }), field);
      if (problem) {
        problems.push({ pointer: `/${escapeSegment(name)}`, message: `this value makes ${rule.id} unusable: ${problem.message.replace(/^"(schema|when)" is not a valid JSON Schema: /, '')}` });
        break;
      }
    }
  }
  return problems;
}



/** A short, quoted description of a config value for a message: `the string "actions"`. */
function describe(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  const shown = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : `a ${typeof value}`;
  return `${kind} (${shown})`;
}
