import { FRAMEWORK_TABLE } from '../core/frameworks.js';
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
          ...Object.fromEntries(Object.entries(FRAMEWORK_TABLE).map(([id, framework]) => [id, { type: 'string', pattern: framework.idPattern }])),
          url: { type: 'string', pattern: '^https://' },
        },
      },
    },
    // The same check in other tools, so a team's existing decisions carry over: a
    // `# hadolint ignore=DL3008` or `# check=skip=JSONArgsRecommended` in a Dockerfile suppresses
    // the rules that name that code (src/select/foreign-directives.ts), and docs list the mapping.
    equivalents: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        hadolint: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^(DL|SC)\\d{4}$' } },
        buildkit: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z][A-Za-z]+$' } },
        checkov: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^CKV2?_[A-Z]+_\\d+$' } },
        kics: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } },
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
    // Data several rules of the pack share (one list of Docker socket paths): a rule that uses
    // `{"$param": name}` without declaring `name` gets the pack's declaration, as if it were its own.
    params: RULE_META_SCHEMA.properties.params,
  },
} as const;
