import { describe, expect, it } from 'vitest';
import type { Pack, Rule } from '../../src/policy/rule.js';
import { formatRulesTable } from '../../src/report/rules-table.js';

const rule = (id: string, overrides: Partial<Rule> = {}): Rule => ({
  id,
  pack: 'docker',
  title: `Title of ${id}`,
  severity: 'high',
  subject: 'container',
  schema: {},
  message: '',
  rationale: '',
  remediation: '',
  references: [],
  params: {},
  tests: [],
  source: `${id}.yaml`,
  ...overrides,
});

describe('formatRulesTable', () => {
  it('lists every rule sorted by id in aligned columns', () => {
    const pack: Pack = { id: 'docker', title: 'Docker', description: '', version: '1', source: 'policies/docker', rules: [rule('image-latest', { severity: 'medium', subject: 'image' }), rule('container-privileged', { severity: 'critical' })] };
    expect(formatRulesTable([pack])).toBe(
      [
        'ID                    SEVERITY  SUBJECT    TITLE                          PACK',
        'container-privileged  critical  container  Title of container-privileged  docker',
        'image-latest          medium    image      Title of image-latest          docker',
        '',
        '2 rules in 1 pack',
        '',
      ].join('\n'),
    );
  });
});
