import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/policy/load-packs.js';
import { PACK, ruleFile } from '../support/rule-files.js';

const pack = PACK;
const rule = (body: string) => ruleFile({ id: 'no-root', lines: [body], references: ['  - cis-docker: "1.6.0:4.1"'] });

describe('loadPacks', () => {
  it('loads a valid pack and normalizes references', () => {
    const { packs, errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': rule('schema: { required: [user] }') });
    expect(errors).toEqual([]);
    expect(packs[0]!.rules[0]).toMatchObject({ id: 'no-root', pack: 'mine', references: [{ framework: 'cis-docker', id: '1.6.0:4.1' }] });
  });

  it('reads equivalents, with the BuildKit checks the rule references among them', () => {
    const withChecks = ruleFile({
      id: 'no-root',
      lines: ['schema: {}', 'equivalents:', '  hadolint: [DL3002]', '  checkov: [CKV_DOCKER_8]'],
      references: ['  - docker-build-check: JSONArgsRecommended'],
    });
    const { packs, errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': withChecks });
    expect(errors).toEqual([]);
    expect(packs[0]!.rules[0]!.equivalents).toEqual({ hadolint: ['DL3002'], checkov: ['CKV_DOCKER_8'], buildkit: ['JSONArgsRecommended'] });
  });

  it.each([
    ['a hadolint code that is not DL/SC and four digits', '  hadolint: [DL30]'],
    ['an unknown tool', '  trivy: [AVD-DS-0002]'],
    ['a KICS id that is not a UUID', '  kics: [privileged]'],
  ])('rejects %s in equivalents', (_name, line) => {
    const { errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': rule(`schema: {}\nequivalents:\n${line}`) });
    expect(errors).toHaveLength(1);
  });

  it('names the file, line and field of a misspelled field', () => {
    const { packs, errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': rule('schema: { required: [user] }\nseverty: low') }, 'custom');
    expect(packs[0]!.rules).toEqual([]);
    expect(errors).toEqual([{ file: 'custom/mine/no-root.yaml', line: 1, column: 1, message: expect.stringContaining('unknown field "severty"') }]);
  });

  it('names a bad enum value at its line', () => {
    const { errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': rule('schema: {}').replace('severity: high', 'severity: urgent') });
    expect(errors).toEqual([expect.objectContaining({ line: 3, column: 1, message: expect.stringContaining('"severity" must be one of: critical, high') })]);
  });

  it('rejects a schema with an unknown keyword (a typo would make the rule never fire)', () => {
    const { errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': rule('schema: { propertys: { user: {} } }') });
    expect(errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('"schema" is not a valid JSON Schema') })]);
  });

  it('rejects an undefined $param and an id that differs from the file name', () => {
    const bad = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': rule('schema: { properties: { user: { not: { $param: nope } } } }') });
    expect(bad.errors[0]!.message).toContain('"nope"');
    const renamed = loadPacks({ 'mine/pack.yaml': pack, 'mine/other.yaml': rule('schema: {}') });
    expect(renamed.errors[0]!.message).toContain('must equal the file name "other"');
  });

  it('requires pack.yaml and unique ids across packs', () => {
    expect(loadPacks({ 'mine/no-root.yaml': rule('schema: {}') }).errors[0]!.message).toContain('no pack.yaml');
    const { errors } = loadPacks({
      'a/pack.yaml': pack.replace('mine', 'a'),
      'a/no-root.yaml': rule('schema: {}'),
      'b/pack.yaml': pack.replace('mine', 'b'),
      'b/no-root.yaml': rule('schema: {}'),
    });
    expect(errors).toEqual([expect.objectContaining({ file: 'policies/b/no-root.yaml', message: expect.stringContaining('already used by policies/a/no-root.yaml') })]);
  });

  it('reports a YAML syntax error in a rule file with its position', () => {
    const { errors } = loadPacks({ 'mine/pack.yaml': pack, 'mine/no-root.yaml': 'id: [\n' });
    expect(errors[0]).toMatchObject({ file: 'policies/mine/no-root.yaml', message: expect.stringContaining('not valid YAML') });
  });
});
