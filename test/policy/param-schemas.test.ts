import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { loadPacks } from '../../src/policy/load-packs.js';
import { paramProblems } from '../../src/policy/params.js';
import type { Rule } from '../../src/policy/rule.js';
import { PACK, ruleFile } from '../support/rule-files.js';

const load = (lines: string[]) => loadPacks({ 'mine/pack.yaml': PACK, 'mine/my-rule.yaml': ruleFile({ lines }) }, 'custom');
const SCHEMA = ['schema:', '  properties:', '    user: { not: { pattern: { $param: rootUser } } }'];
const param = (schema: string, value: string) => ['params:', '  rootUser:', '    description: A user that means root.', `    schema: ${schema}`, `    default: ${value}`];

/** Every `$param` name a schema refers to. */
function referenced(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(referenced);
  if (schema === null || typeof schema !== 'object') return [];
  const record = schema as Record<string, unknown>;
  if (typeof record['$param'] === 'string') return [record['$param']];
  return Object.values(record).flatMap(referenced);
}

describe('param schemas in rule files', () => {
  it('loads a declared param: its default for the schema, its schema and description for configs', () => {
    const { packs, errors } = load([...param('{ type: string, format: regex }', "'^root$'"), ...SCHEMA]);
    expect(errors).toEqual([]);
    expect(packs[0]!.rules[0]).toMatchObject({ params: { rootUser: '^root$' }, paramSchemas: { rootUser: { schema: { type: 'string', format: 'regex' }, description: 'A user that means root.' } } });
  });

  it('refuses a param without a schema (the shape before schemas), naming the line', () => {
    const { errors } = load(['params:', "  rootUser: '^root$'", ...SCHEMA]);
    expect(errors).toEqual([expect.objectContaining({ file: 'custom/mine/my-rule.yaml', line: 6, message: '"params.rootUser" must be object.' })]);
  });

  it('refuses a default that its own schema rejects, and a schema that does not compile', () => {
    expect(load([...param('{ type: array }', "'^root$'"), ...SCHEMA]).errors).toEqual([
      expect.objectContaining({ line: 9, message: 'Param "rootUser": the default does not satisfy the param\'s own schema: default must be array.' }),
    ]);
    expect(load([...param('{ typ: string }', "'^root$'"), ...SCHEMA]).errors).toEqual([
      expect.objectContaining({ line: 8, message: expect.stringContaining('Param "rootUser": "schema" is not a valid JSON Schema: strict mode: unknown keyword: "typ"') }),
    ]);
  });

  it('gives every param of every built-in rule a schema and a description, and declares every $param used', () => {
    const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);
    const withParams = rules.filter((rule) => Object.keys(rule.params).length > 0);
    expect(withParams.length).toBeGreaterThanOrEqual(30);
    for (const rule of rules) {
      expect(Object.keys(rule.paramSchemas ?? {}), rule.id).toEqual(Object.keys(rule.params));
      for (const name of [...referenced(rule.schema), ...referenced(rule.when)]) expect(rule.params, `${rule.id} uses ${name}`).toHaveProperty([name]);
      for (const { description } of Object.values(rule.paramSchemas ?? {})) expect(description.length).toBeGreaterThan(10);
      expect(paramProblems(rule, rule.params), rule.id).toEqual([]);
    }
  });
});

describe('paramProblems: a config value checked against the declared schema', () => {
  const rules = new Map(loadBuiltinPacks().flatMap((pack) => pack.rules.map((rule) => [rule.id, rule] as const)));
  const rule = (id: string): Rule => rules.get(id)!;

  it('names a misspelt param and suggests the declared one', () => {
    expect(paramProblems(rule('container-sensitive-host-mount'), { sensitivePath: '^/srv' })).toEqual([
      {
        pointer: '/sensitivePath',
        message: 'container-sensitive-host-mount has no param "sensitivePath"; did you mean "sensitivePaths"? (it takes "sensitivePaths", "readOnlyAllowed", "dockerSocketPaths").',
      },
    ]);
    expect(paramProblems(rule('container-privileged'), { anything: true })[0]!.message).toBe('container-privileged has no param "anything" (it takes no params).');
  });

  it('names a value of the wrong type, down to the list item', () => {
    expect(paramProblems(rule('action-not-pinned'), { exemptOwners: 'actions' })).toEqual([
      { pointer: '/exemptOwners', message: expect.stringMatching(/^"exemptOwners" must be array, got a string \("actions"\)\. Expected: Owners/) },
    ]);
    expect(paramProblems(rule('image-untrusted-registry'), { trustedRegistries: ['docker.io', 5] })).toEqual([
      { pointer: '/trustedRegistries/1', message: expect.stringMatching(/^"trustedRegistries\.1" must be string, got a number \(5\)\./) },
    ]);
    expect(paramProblems(rule('container-docker-socket'), { dockerSocketPaths: ['/run/docker.sock'] })[0]!.message).toMatch(/^"dockerSocketPaths" must be string, got a list/);
  });

  it('refuses a pattern RE2 cannot compile, and accepts one that would backtrack elsewhere (RE2 runs it in linear time)', () => {
    expect(paramProblems(rule('container-sensitive-host-mount'), { sensitivePaths: '^(/etc' })).toEqual([
      { pointer: '/sensitivePaths', message: expect.stringMatching(/^this value makes container-sensitive-host-mount unusable: The pattern "\^\(\/etc" is not RE2 syntax/) },
    ]);
    expect(paramProblems(rule('container-runs-as-root'), { rootUser: '^(a+)+$' })).toEqual([]);
    expect(paramProblems(rule('container-runs-as-root'), { rootUser: '^(?=root)' })[0]!.message).toMatch(/is not RE2 syntax/);
  });

  it('accepts a value the schema allows, including an emptied list', () => {
    expect(paramProblems(rule('action-not-pinned'), { exemptOwners: ['actions', 'github'] })).toEqual([]);
    expect(paramProblems(rule('action-not-pinned'), { exemptOwners: [] })).toEqual([]);
    expect(paramProblems(rule('container-sensitive-host-mount'), { sensitivePaths: '^/srv(/.*)?$', readOnlyAllowed: '^/etc/hosts$' })).toEqual([]);
  });
});
