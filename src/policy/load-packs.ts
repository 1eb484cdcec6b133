import type { ErrorObject } from 'ajv';
import { readYaml } from '../documents/yaml-source.js';
import { ajv, compileOnce } from './ajv-factory.js';
import { ruleSchemaProblem } from './check-rule-schema.js';
import { toRuleFix } from './fix-kinds.js';
import type { LoadError } from './load-error.js';
import { type ParamDeclarations, substituteParams } from './params.js';
import type { Equivalents, Pack, Reference, Rule } from './rule.js';
import { PACK_META_SCHEMA, RULE_META_SCHEMA } from './rule-meta-schema.js';
import { unknownSubjectPaths } from './subject-paths.js';
import { SUBJECT_SCHEMAS } from './subject-schemas.js';

/** Pack files keyed by path relative to the packs' root: `docker/pack.yaml`, `docker/x.yaml`. */
export type PackFiles = Record<string, string>;

/**
 * Reads packs from their files. Every file is validated against the meta-schema; a broken file
 * is an error naming the file, the line and the field, and the other rules still load. `origin`
 * prefixes file names in errors (the folder a custom pack came from).
 */
export function loadPacks(files: PackFiles, origin = 'policies'): { packs: Pack[]; errors: LoadError[] } {
  const errors: LoadError[] = [];
  const folders = new Map<string, string[]>();
  for (const name of Object.keys(files).sort()) {
    const slash = name.lastIndexOf('/');
    const folder = slash < 0 ? '' : name.slice(0, slash);
    folders.set(folder, [...(folders.get(folder) ?? []), name]);
  }
  const packs: Pack[] = [];
  for (const [folder, names] of folders) {
    const packFile = names.find((name) => /(^|\/)pack\.ya?ml$/.test(name));
    const where = (name: string) => `${origin}/${name}`;
    if (!packFile) {
      errors.push({ file: where(folder || '.'), line: 1, column: 1, message: 'This folder has rule files but no pack.yaml; add one with id, title, description and version.' });
      continue;
    }
    const meta = readValidated(files[packFile]!, where(packFile), PACK_META_SCHEMA, errors);
    if (!meta) continue;
    const pack: Pack = {
      id: String(meta['id']),
      title: String(meta['title']),
      description: String(meta['description']),
      version: String(meta['version']),
      rules: [],
      source: where(folder),
    };
    const shared = (meta['params'] ?? {}) as ParamDeclarations;
    if (Object.keys(shared).length) pack.params = Object.fromEntries(Object.entries(shared).map(([name, declared]) => [name, declared.default]));
    for (const [name, declared] of Object.entries(shared)) {
      const problem = declarationProblem(declared);
      if (problem) errors.push({ file: where(packFile), line: 1, column: 1, message: `Pack param "${name}": ${problem.message}` });
    }
    for (const name of names) {
      if (name === packFile) continue;
      const rule = loadRule(files[name]!, where(name), pack.id, errors, shared);
      if (rule) pack.rules.push(rule);
    }
    packs.push(pack);
  }
  reportDuplicateIds(packs, errors);
  return { packs, errors };
}

function loadRule(text: string, file: string, pack: string, errors: LoadError[], shared: ParamDeclarations = {}): Rule | undefined {
  const raw = readValidated(text, file, RULE_META_SCHEMA, errors);
  if (!raw) return undefined;
  const at = readYaml(text);
  const fail = (pointer: string, message: string): undefined => {
    const { start } = at.locate(pointer);
    errors.push({ file, line: start.line, column: start.column, message });
    return undefined;
  };
  const id = String(raw['id']);
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
  if (base !== id) return fail('/id', `The rule id "${id}" must equal the file name "${base}", so that a rule is found where its id says.`);
  const own = (raw['params'] ?? {}) as ParamDeclarations;
  const declarations = { ...own, ...Object.fromEntries(Object.entries(sharedParamsUsed(raw, shared)).filter(([name]) => !(name in own))) };
  const params = Object.fromEntries(Object.entries(declarations).map(([name, declared]) => [name, declared.default]));
  const paramSchemas = Object.fromEntries(Object.entries(declarations).map(([name, { schema, description }]) => [name, { schema, description }]));
  for (const [name, declared] of Object.entries(declarations)) {
    const problem = declarationProblem(declared);
    if (problem) return fail(`/params/${name}/${problem.field}`, `Param "${name}": ${problem.message}`);
  }
  const subjectSchema = SUBJECT_SCHEMAS[raw['subject'] as Rule['subject']];
  let unknownPaths = 0;
  for (const field of ['schema', 'when'] as const) {
    if (raw[field] === undefined) continue;
    const missing = new Set<string>();
    const schema = substituteParams(raw[field], params, missing);
    if (missing.size) return fail(`/${field}`, `"${field}" uses $param ${[...missing].map((m) => `"${m}"`).join(', ')}, which "params" does not declare.`);
    const problem = ruleSchemaProblem(schema, field);
    if (problem) return fail(problem.pointer, problem.message);
    for (const path of unknownSubjectPaths(raw[field], subjectSchema, field, String(raw['subject']))) {
      fail(path.pointer, path.message);
      unknownPaths++;
    }
  }
  if (unknownPaths) return undefined;
  const references = (raw['references'] as Array<Record<string, string>>).map(toReference);
  const equivalents = withBuildChecks(raw['equivalents'] as Equivalents | undefined, references);
  return {
    id,
    pack,
    title: String(raw['title']),
    severity: raw['severity'] as Rule['severity'],
    subject: raw['subject'] as Rule['subject'],
    ...(raw['when'] ? { when: raw['when'] as Record<string, unknown> } : {}),
    schema: raw['schema'] as Record<string, unknown>,
    message: String(raw['message']),
    rationale: String(raw['rationale']).trim(),
    remediation: String(raw['remediation']).trim(),
    references,
    ...(equivalents ? { equivalents } : {}),
    params,
    paramSchemas,
    ...(raw['fix'] ? { fix: toRuleFix(raw['fix'] as Record<string, unknown>) } : {}),
    tests: raw['tests'] as Rule['tests'],
    source: file,
  };
}

/**
 * The rule's equivalents, with the BuildKit checks it references (`docker-build-check:`) among
 * them: the reference is where a rule names its build check, so it is written once.
 */
function withBuildChecks(equivalents: Equivalents | undefined, references: Reference[]): Equivalents | undefined {
  const checks = references.flatMap((r) => (r.framework === 'docker-build-check' && r.id ? [r.id] : []));
  if (checks.length === 0) return equivalents;
  return { ...equivalents, buildkit: [...new Set([...(equivalents?.buildkit ?? []), ...checks])] };
}

/**
 * The pack's shared params that the rule's `schema` or `when` uses, so the rule carries them like
 * its own: its docs list them, a config may set them under the rule, and its precompiled validator
 * uses their defaults.
 */
function sharedParamsUsed(raw: Record<string, unknown>, shared: ParamDeclarations): ParamDeclarations {
  const used = new Set<string>();
  for (const field of ['schema', 'when'] as const) substituteParams(raw[field], {}, used);
  return Object.fromEntries(Object.entries(shared).filter(([name]) => used.has(name)));
}

function toReference(entry: Record<string, string>): Reference {
  const [framework, value] = Object.entries(entry)[0]!;
  return framework === 'url' ? { framework, url: value } : { framework, id: value };
}

/** Parses a YAML file and checks it against a meta-schema, reporting each error where it is. */
function readValidated(
  text: string,
  file: string,
  schema: object,
  errors: LoadError[],
): Record<string, unknown> | undefined {
  const yaml = readYaml(text);
  for (const problem of yaml.problems) {
    errors.push({ file, line: problem.range.start.line, column: problem.range.start.column, message: problem.message });
  }
  if (yaml.broken) return undefined;
  const validate = compileOnce(schema);
  if (validate(yaml.value)) return yaml.value as Record<string, unknown>;
  for (const error of relevantErrors(validate.errors ?? [])) {
    const { start } = yaml.locate(error.instancePath);
    errors.push({ file, line: start.line, column: start.column, message: describeMetaError(error) });
  }
  return undefined;
}

/** Errors inside a failed `anyOf`/`oneOf` branch only restate the parent error. */
function relevantErrors(list: ErrorObject[]): ErrorObject[] {
  return list.filter((error) => error.keyword !== 'if');
}

function describeMetaError(error: ErrorObject): string {
  const field = error.instancePath ? `"${error.instancePath.slice(1).replace(/\//g, '.')}"` : 'The file';
  switch (error.keyword) {
    case 'required':
      return `${field === 'The file' ? 'The rule' : field} is missing the required field "${(error.params as { missingProperty: string }).missingProperty}".`;
    case 'additionalProperties':
      return `${field} has an unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"; check its spelling.`;
    case 'enum':
      return `${field} must be one of: ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}.`;
    default:
      return `${field} ${ajv().errorsText([error], { dataVar: '' }).replace(/^\S*\s/, '')}.`;
  }
}

function reportDuplicateIds(packs: Pack[], errors: LoadError[]): void {
  const seen = new Map<string, string>();
  for (const pack of packs) {
    pack.rules = pack.rules.filter((rule) => {
      const first = seen.get(rule.id);
      if (first) {
        errors.push({ file: rule.source, line: 1, column: 1, message: `Rule id "${rule.id}" is already used by ${first}; rule ids are unique across packs.` });
        return false;
      }
      seen.set(rule.id, rule.source);
      return true;
    });
  }
}

/** A param whose schema does not compile, or whose default its own schema refuses. */
function declarationProblem(declared: ParamDeclarations[string]): { field: 'schema' | 'default'; message: string } | undefined {
  let validate: ReturnType<typeof compileOnce>;
  try {
    validate = compileOnce(declared.schema);
  } catch (error) {
    return { field: 'schema', message: `"schema" is not a valid JSON Schema: ${(error as Error).message}` };
  }
  if (validate(declared.default)) return undefined;
  return { field: 'default', message: `the default does not satisfy the param's own schema: ${ajv().errorsText(validate.errors, { dataVar: 'default' })}.` };
}
