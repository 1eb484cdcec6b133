import type { Rule } from '../../src/policy/rule.js';

/**
 * A rule written in a test: `id` and `schema` given, every other field a plain default (a high
 * `container` rule of pack `test` whose message names the service) unless `fields` sets it.
 */
export function testRule(fields: Pick<Rule, 'id' | 'schema'> & Partial<Rule>): Rule {
  return {
    pack: 'test',
    title: fields.id,
    severity: 'high',
    subject: 'container',
    message: '{{name}}',
    rationale: 'r',
    remediation: 'r',
    references: [],
    params: {},
    tests: [],
    source: 'test',
    ...fields,
  };
}
