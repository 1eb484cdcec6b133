import { SEVERITIES } from '../core/severity.js';
import { SUBJECT_TYPE_NAMES } from '../core/subject.js';
import { FIX_META_SCHEMA } from './fix-kinds.js';

const position = {
  type: 'object',
  additionalProperties: false,
  required: ['line', 'column'],
  properties: {
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
};

/**
 * What a rule file must look like. Every rule, built-in or custom, is checked against it on load,
 * so that a broken rule is one clear error naming the file and the field instead of a rule that
 * silently never fires.
 */
export const RULE_META_SCHEMA = {
  $id: 'https://containment.dev/schemas/rule.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'severity', 'subject', 'schema', 'message', 'rationale', 'remediation', 'references', 'tests'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    title: { type: 'string', minLength: 1 },
    severity: { enum: [...SEVERITIES] },
    subject: { enum: [...SUBJECT_TYPE_NAMES] },
    when: { type: 'object' },
    schema: { type: 'object' },
    message: { type: 'string', minLength: 1 },
    rationale: { type: 'string', minLength: 1 },
    remediation: { type: 'string', minLength: 1 },
    references: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: {
          'cis-docker': { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+:\\d+(\\.\\d+)*$' },
          'owasp-docker': { type: 'string', pattern: '^RULE #\\d+[a-z]?$' },
          'docker-build-check': { type: 'string', pattern: '^[A-Za-z]+$' },
          url: { type: 'string', pattern: '^https://' },
        },
      },
    },
    // ESLint's `meta.schema`, per param: a config that overrides a param is checked against its
    // schema before the rule is compiled, so a typo or a wrong type is a located config error.
    params: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'schema', 'default'],
        properties: {
          description: { type: 'string', minLength: 1 },
          schema: { type: 'object' },
          default: {},
        },
      },
    },
    fix: FIX_META_SCHEMA,
    tests: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'content', 'expect'],
        properties: {
          file: { type: 'string', minLength: 1 },
          content: { type: 'string' },
          files: { type: 'object', additionalProperties: { type: 'string' } },
          expect: { type: 'array', items: position },
        },
      },
    },
  },
} as const;

/** What `pack.yaml` must look like. */
export const PACK_META_SCHEMA = {
  $id: 'https://containment.dev/schemas/pack.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'description', 'version'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    sources: { type: 'array', items: { type: 'string' } },
  },
} as const;
