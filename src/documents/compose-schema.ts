import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import specSchema from '../../schemas/compose-spec.schema.json' with { type: 'json' };
import { escapeSegment, isPointerPrefix, parsePointer, valueAtPointer } from '../core/json-pointer.js';
import { linearRegExp } from '../core/linear-regex.js';
import type { ComposeCast } from './compose-coerce.js';
import { precompiledComposeValidator } from './compose-schema-precompiled.js';

/** One structural error of a Compose file, at most one per pointer. */
export interface SchemaError {
  pointer: string;
  message: string;
}

let validator: ValidateFunction | undefined;

/**
 * The Compose Specification's schema (schemas/compose-spec.schema.json, the copy compose-go
 * validates with; see schemas/README.md), compiled once per process.
 */
function composeValidator(): ValidateFunction {
  validator ??= precompiledComposeValidator() ?? newComposeAjv().compile(composeSpecSchema());
  return validator;
}

/**
 * Shared with scripts/build.mjs, which precompiles the schema with the same options. The spec's
 * patterns (service names, `pull_policy`, …) run on RE2 like every other, since the values are a
 * pull request's.
 */
export const COMPOSE_AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false, code: { regExp: linearRegExp } } as const;

/**
 * The JSON Schema draft the bundled schema is written in: compose-go's copy is 2020-12 (`$defs`),
 * the spec repository's older copies draft-07. scripts/build.mjs reads it too, so a schema
 * refreshed by `npm run update-compose-schema` compiles the same way from source and in the bundle.
 */
export function composeSchemaDraft(): '2020-12' | 'draft-07' {
  return String((specSchema as Record<string, unknown>)['$schema'] ?? '').includes('2020-12') ? '2020-12' : 'draft-07';
}

function newComposeAjv(): Ajv {
  return composeSchemaDraft() === '2020-12' ? new Ajv2020(COMPOSE_AJV_OPTIONS) : new Ajv(COMPOSE_AJV_OPTIONS);
}

/** The spec's schema without its `$schema`, which Ajv does not know by the spec's spelling. */
export function composeSpecSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = specSchema as Record<string, unknown>;
  return schema;
}

// Keywords that say "none of the allowed forms": a deeper error under the same value says
// what is actually wrong, so these are dropped when one exists.
const BRANCH = new Set(['oneOf', 'anyOf', 'type', 'enum', 'const', 'not', 'if']);

/**
 * Checks a Compose file's interpolated value against the Compose Specification. `unknown`
 * pointers hold unresolved variables: no error is reported at or under them, since their real
 * value may well be valid. Messages name the value by its path (`services.web.ports[0]`).
 */
export function composeSchemaErrors(value: unknown, unknown: Iterable<string>): SchemaError[] {
  const validate = composeValidator();
  if (validate(value)) return [];
  const skipped = [...unknown];
  const errors = (validate.errors ?? [])
    .map((error) => ({ error, pointer: pointerOf(error) }))
    .filter(({ error, pointer }) => !aboutUnknown(error, pointer, skipped));
  const deepest = errors.filter(
    ({ error, pointer }) => !BRANCH.has(error.keyword) || !errors.some((other) => other.pointer !== pointer && isPointerPrefix(pointer, other.pointer)),
  );
  const byPointer = new Map<string, ErrorObject[]>();
  for (const { error, pointer } of deepest) byPointer.set(pointer, [...(byPointer.get(pointer) ?? []), error]);
  return [...byPointer].map(([pointer, group]) => ({ pointer, message: messageFor(pointer, group, valueAtPointer(value, group[0]!.instancePath)) }));
}

/**
 * An error at or under an unknown value, or two unknown items that only look equal as written
 * (`- ${CAP}` twice), says nothing about the value that will really be there.
 */
function aboutUnknown(error: ErrorObject, pointer: string, unknown: string[]): boolean {
  const pointers = error.keyword === 'uniqueItems' ? [`${pointer}/${String(error.params['i'])}`, `${pointer}/${String(error.params['j'])}`] : [pointer];
  return pointers.some((p) => unknown.some((u) => isPointerPrefix(u, p)));
}

/** The message for a string that Compose's type conversion refuses (see compose-coerce.ts). */
export function castErrorMessage(pointer: string, text: string, cast: ComposeCast): string {
  const expected = cast === 'bool' ? '`true` or `false`' : cast === 'int' ? 'a whole number' : 'a number';
  return `${show(pointer)} must be ${expected}, but is ${describe(text)}; Compose converts this value after interpolation and refuses the file. Write ${expected} (or a variable that holds one).`;
}

/** An unknown key is reported at the key itself; every other error at the value it is about. */
function pointerOf(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? error.params['additionalProperty'] : undefined;
  return typeof extra === 'string' ? `${error.instancePath}/${escapeSegment(extra)}` : error.instancePath;
}

function messageFor(pointer: string, group: ErrorObject[], data: unknown): string {
  const where = show(pointer);
  const specific = group.find((error) => !BRANCH.has(error.keyword)) ?? group.find((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf') ?? group[0]!;
  const value = describe(data);
  const refuses = 'so Compose refuses this file.';
  switch (specific.keyword) {
    case 'additionalProperties': {
      const key = parsePointer(pointer).at(-1) ?? '';
      if (specific.instancePath === '/services') {
        return `Service name \`${key}\` has characters Compose does not accept in a name, ${refuses} Use letters, digits, \`.\`, \`_\` and \`-\` only.`;
      }
      return `${show(specific.instancePath)} has a key \`${key}\` that the Compose specification does not define, ${refuses} Check its spelling against https://docs.docker.com/reference/compose-file/, or name it \`x-${key}\` to keep custom data.`;
    }
    case 'required':
      return `${where} is missing \`${String(specific.params['missingProperty'])}\`, which Compose requires here, ${refuses}`;
    case 'type': {
      const types = [...new Set(group.filter((e) => e.keyword === 'type').flatMap((e) => typeNames(e.params['type'])))];
      return `${where} must be ${orList(types)}, but is ${value}, ${refuses}`;
    }
    case 'enum':
      return `${where} must be one of ${orList((specific.params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``))}, but is ${value}, ${refuses}`;
    case 'uniqueItems':
      return `${where} lists the same entry twice (items ${String(specific.params['j'])} and ${String(specific.params['i'])}), ${refuses} Remove one of them.`;
    case 'oneOf':
    case 'anyOf':
      return `${where} is ${value}, which is none of the forms Compose accepts here, ${refuses} See https://docs.docker.com/reference/compose-file/ for its syntax.`;
    default:
      return `${where} ${specific.message ?? 'is not valid'} (it is ${value}), ${refuses}`;
  }
}


/** `/services/web/ports/0` → `` `services.web.ports[0]` `` */
export function show(pointer: string): string {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return 'The file';
  return `\`${parts.map((part, i) => (/^\d+$/.test(part) && i > 0 ? `[${part}]` : `${i > 0 ? '.' : ''}${part}`)).join('')}\``;
}

function typeNames(type: unknown): string[] {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: '`true` or `false`',
    object: 'a mapping',
    array: 'a list',
    null: 'empty',
  };
  return (Array.isArray(type) ? type : [type]).map((t) => names[String(t)] ?? String(t));
}

function orList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}
