import { closestName } from '../core/closest-name.js';
import { escapeSegment } from '../core/json-pointer.js';
import type { SubjectSchema } from './subject-schemas.js';

/** A place in a rule's schema that names a property the subject cannot have. */
export interface UnknownSubjectPath {
  /** JSON Pointer into the rule file, e.g. `/schema/properties/privilegd`. */
  pointer: string;
  message: string;
}

/**
 * Walks a rule's `schema` or `when` beside the published schema of its subject type and reports
 * every property the subject can never have: such a branch never matches, so a rule with
 * `properties: { privilegd: … }` would load, pass its examples by accident and never fire.
 *
 * Deliberately conservative: only objects the subject schema closes (`additionalProperties:
 * false`) are judged. It follows `properties`, `required`, `items`, `prefixItems`, `contains`,
 * `additionalProperties` and `patternProperties` of maps, `allOf`/`anyOf`/`oneOf`/`not`,
 * `if`/`then`/`else`, `dependentSchemas` and local `$ref`s into `$defs`; anything else (a `$param`,
 * a remote `$ref`, `propertyNames`) is not followed, so it can never cause a false error.
 */
export function unknownSubjectPaths(schema: unknown, subject: SubjectSchema, field: 'schema' | 'when', subjectType: string): UnknownSubjectPath[] {
  const found: UnknownSubjectPath[] = [];
  const followed = new Set<string>();
  const walk = (node: unknown, shape: SubjectSchema | undefined, pointer: string, path: string): void => {
    if (shape === undefined || node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const rule = node as Record<string, unknown>;
    const closed = shape.additionalProperties === false;
    const known = shape.properties ?? {};
    const unknown = (name: string, at: string) => {
      const near = closestName(name, Object.keys(known));
      found.push({
        pointer: at,
        message: `"${name}" is not a property of ${path === subjectType ? `the ${subjectType} subject` : path}, so this part of "${field}" can never match${near ? `; did you mean "${near}"?` : ''} ('containment subjects' lists what a ${subjectType} subject has).`,
      });
    };
    const child = (name: string): SubjectSchema | undefined => known[name] ?? (typeof shape.additionalProperties === 'object' ? shape.additionalProperties : undefined);
    for (const [name, sub] of entries(rule['properties'])) {
      const at = `${pointer}/properties/${escapeSegment(name)}`;
      if (closed && !(name in known)) unknown(name, at);
      else walk(sub, child(name), at, `${path}.${name}`);
    }
    if (Array.isArray(rule['required']) && closed) {
      rule['required'].forEach((name, index) => {
        if (typeof name === 'string' && !(name in known)) unknown(name, `${pointer}/required/${index}`);
      });
    }
    if (typeof shape.additionalProperties === 'object') {
      const values = shape.additionalProperties;
      walk(rule['additionalProperties'], values, `${pointer}/additionalProperties`, `${path}.*`);
      for (const [key, sub] of entries(rule['patternProperties'])) walk(sub, values, `${pointer}/patternProperties/${escapeSegment(key)}`, `${path}.*`);
    }
    walk(rule['items'], shape.items, `${pointer}/items`, `${path}[]`);
    walk(rule['contains'], shape.items, `${pointer}/contains`, `${path}[]`);
    for (const [index, sub] of list(rule['prefixItems'])) walk(sub, shape.items, `${pointer}/prefixItems/${index}`, `${path}[]`);
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      for (const [index, sub] of list(rule[keyword])) walk(sub, shape, `${pointer}/${keyword}/${index}`, path);
    }
    for (const keyword of ['not', 'if', 'then', 'else'] as const) walk(rule[keyword], shape, `${pointer}/${keyword}`, path);
    for (const [key, sub] of entries(rule['dependentSchemas'])) walk(sub, shape, `${pointer}/dependentSchemas/${escapeSegment(key)}`, path);
    const ref = rule['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/') && !followed.has(`${ref} ${path}`)) {
      followed.add(`${ref} ${path}`);
      walk(resolveLocal(schema, ref), shape, `/${field}${ref.slice(1)}`, path);
    }
  };
  walk(schema, subject, `/${field}`, subjectType);
  // Reported once per place: a `$ref` used twice names the same place in `$defs` twice.
  return [...new Map(found.map((item) => [`${item.pointer} ${item.message}`, item])).values()];
}

function list(value: unknown): Array<[number, unknown]> {
  return Array.isArray(value) ? [...value.entries()] : [];
}

function entries(value: unknown): Array<[string, unknown]> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}


function resolveLocal(root: unknown, ref: string): unknown {
  let node = root;
  for (const part of ref.slice(2).split('/')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
