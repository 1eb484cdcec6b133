import { describe, expect, it } from 'vitest';
import { builtinPackFiles } from '../../src/policy/builtin-pack-files.js';
import { loadPacks } from '../../src/policy/load-packs.js';
import { unknownSubjectPaths } from '../../src/policy/subject-paths.js';
import { SUBJECT_SCHEMAS } from '../../src/policy/subject-schemas.js';
import { PACK, ruleFile } from '../support/rule-files.js';

/** Loads one rule (its schema and when given as YAML lines) and returns the load errors. */
const errorsOf = (subject: string, lines: string[]) => loadPacks({ 'mine/pack.yaml': PACK, 'mine/my-rule.yaml': ruleFile({ subject, lines }) }, 'custom').errors;
const container = (schema: unknown) => unknownSubjectPaths(schema, SUBJECT_SCHEMAS.container, 'schema', 'container');

describe('rule schemas are checked against the subject schema on load', () => {
  // Issue 13: this rule loaded, passed test-pack ("2 passed") and could never fire.
  it('names the rule file and line of a property the subject cannot have', () => {
    const errors = errorsOf('container', ['schema:', '  properties:', '    privilegd: { not: { const: true } }']);
    expect(errors).toEqual([
      {
        file: 'custom/mine/my-rule.yaml',
        line: 7,
        column: 5,
        message: `"privilegd" is not a property of the container subject, so this part of "schema" can never match; did you mean "privileged"? ('containment subjects' lists what a container subject has).`,
      },
    ]);
  });

  it('follows nested items, contains, combinators, conditionals and when', () => {
    const errors = errorsOf('container', [
      'when:',
      '  required: [imagee]',
      'schema:',
      '  allOf:',
      '    - properties:',
      '        volumes:',
      '          items:',
      '            properties:',
      '              sorce: { const: /etc }',
      '    - if: { properties: { ports: { contains: { properties: { host: { const: x } } } } } }',
      '      then: { not: { properties: { healthcheck: { properties: { tset: {} } } } } }',
      '      else: { anyOf: [{ properties: { usr: {} } }, { oneOf: [{ required: [pid, pidd] }] }] }',
    ]);
    expect(errors.map((e) => [e.line, e.message.match(/^"(\w+)" is not a property of (the \w+ subject|[\w.[\]]+),/)?.slice(1, 3).join(' of ')])).toEqual([
      [13, 'sorce of container.volumes[]'],
      [14, 'host of container.ports[]'],
      [15, 'tset of container.healthcheck'],
      [16, 'usr of the container subject'],
      [16, 'pidd of the container subject'],
      [6, 'imagee of the container subject'],
    ]);
  });

  it('follows a local $ref into $defs and reports the place in $defs once', () => {
    const schema = { allOf: [{ $ref: '#/$defs/x' }, { $ref: '#/$defs/x' }], $defs: { x: { properties: { capadd: {} } } } };
    expect(container(schema)).toEqual([expect.objectContaining({ pointer: '/schema/$defs/x/properties/capadd' })]);
  });

  it('accepts any key of a map and leaves what it cannot follow alone', () => {
    expect(container({ properties: { environment: { properties: { ANY_NAME: { const: 'x' } }, required: ['OTHER'] } } })).toEqual([]);
    expect(container({ properties: { sysctls: { additionalProperties: { not: { const: '1' } }, patternProperties: { '^net': {} } } } })).toEqual([]);
    expect(container({ properties: { cap_add: { items: { properties: { anything: {} } } } } })).toEqual([]);
    expect(container({ properties: { volumes: { items: { $param: 'x' } } }, $ref: 'https://example.com/s.json' })).toEqual([]);
    expect(container({ propertyNames: { pattern: '^x' }, properties: { image: { properties: { notAnObject: {} } } } })).toEqual([]);
  });

  it('finds the same kind of typo in every subject type', () => {
    expect(unknownSubjectPaths({ properties: { tagg: {} } }, SUBJECT_SCHEMAS.image, 'when', 'image')[0]?.message).toContain('did you mean "tag"?');
    expect(unknownSubjectPaths({ required: ['nmae'] }, SUBJECT_SCHEMAS.command, 'schema', 'command')[0]?.message).toContain('did you mean "name"?');
    expect(unknownSubjectPaths({ properties: { isSHA: {} } }, SUBJECT_SCHEMAS['action-ref'], 'schema', 'action-ref')[0]?.message).toContain('did you mean "isSha"?');
  });

  it('raises no error on any built-in rule', () => {
    const { packs, errors } = loadPacks(builtinPackFiles());
    expect(errors).toEqual([]);
    expect(packs.flatMap((pack) => pack.rules).length).toBeGreaterThan(60);
  });
});
