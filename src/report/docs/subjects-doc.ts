import type { SourceDocument } from '../../core/source-document.js';
import type { Subject, SubjectType } from '../../core/subject.js';
import { SUBJECT_SCHEMAS, SUBJECT_TYPES, type SubjectSchema } from '../../policy/subject-schemas.js';

/** Where each schema file lives in the repository, for links from the page. */
const SCHEMA_FILES: Record<SubjectType, string> = {
  container: 'container.schema.json',
  image: 'image.schema.json',
  command: 'command.schema.json',
  dockerfile: 'dockerfile.schema.json',
  'dockerfile.stage': 'dockerfile-stage.schema.json',
  compose: 'compose.schema.json',
  workflow: 'workflow.schema.json',
  'workflow.job': 'workflow-job.schema.json',
  'workflow.step': 'workflow-step.schema.json',
  'action-ref': 'action-ref.schema.json',
};

/**
 * A small repository whose parse gives every example on the page, so that each example is what
 * the parsers really produce (the test suite checks them against the schemas like any other).
 */
export const EXAMPLE_FILES: Readonly<Record<string, string>> = {
  'compose.yaml': [
    'services:',
    '  web:',
    '    build: ./app',
    '    ports: ["127.0.0.1:3000:3000"]',
    '    cap_drop: [ALL]',
    '    read_only: true',
    '    security_opt: ["no-new-privileges"]',
    '    environment:',
    '      - NODE_ENV=production',
    '  cache:',
    '    image: redis:7.2-alpine',
    '    volumes: ["cache:/data"]',
    'volumes:',
    '  cache: {}',
    '',
  ].join('\n'),
  'app/Dockerfile': [
    '# syntax=docker/dockerfile:1',
    'FROM node:20-alpine AS build',
    'RUN npm ci && npm run build',
    'FROM node:20-alpine',
    'COPY --from=build /app/dist /app',
    'USER node',
    'HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1',
    'EXPOSE 3000',
    'CMD ["node", "/app/server.js"]',
    '',
  ].join('\n'),
  '.github/workflows/ci.yml': [
    'name: ci',
    'on:',
    '  pull_request:',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - id: smoke',
    '        run: |',
    '          docker build -t app ./app',
    '          docker run --rm -p 127.0.0.1:3000:3000 app',
    '',
  ].join('\n'),
};

/** Which subject of the example repository shows each type best. */
const EXAMPLE_PICKS: Record<SubjectType, (subject: Subject) => boolean> = {
  container: (s) => s.name === 'web',
  image: (s) => s.name === 'cache',
  command: (s) => s.name === 'test/smoke/docker (2)',
  dockerfile: () => true,
  'dockerfile.stage': (s) => (s.value as { isFinal?: boolean }).isFinal === true,
  compose: () => true,
  workflow: () => true,
  'workflow.job': () => true,
  'workflow.step': (s) => s.name === 'test/smoke',
  'action-ref': () => true,
};

/** The example subject shown for `type`, with the file it comes from. */
export function exampleSubject(documents: readonly SourceDocument[], type: SubjectType): Subject | undefined {
  return documents.flatMap((document) => document.subjects).find((subject) => subject.type === type && EXAMPLE_PICKS[type](subject));
}

/**
 * docs/subjects.md, generated from the subject schemas (`containment subjects`): for each subject
 * type, what it is and where it comes from, a table of its properties (nested ones as dotted
 * rows), and a value taken from `documents`: the parse of `EXAMPLE_FILES` (see
 * `src/commands/subjects-example.ts`). The page cannot drift from the schemas, and the
 * schemas cannot drift from the parsers (test/subjects/subject-schemas.test.ts).
 */
export function renderSubjectsDoc(documents: readonly SourceDocument[]): string {
  const out: string[] = [
    '# Subjects',
    '',
    '<!-- Generated from src/subjects/schemas/ by `containment subjects`; do not edit by hand. -->',
    '',
    'Rules never see raw text. The parsers turn every Compose file, Dockerfile, workflow and `action.yml`',
    'into **subjects**: plain JSON values, each of one type, and a rule names the type it judges',
    '(`subject: container`) and a JSON Schema that a compliant value satisfies (`schema:`), optionally',
    'narrowed with `when:`. This page is the contract for those values: every property, what it means,',
    'how it is normalized and when it is absent. Each type\'s value is published as a JSON Schema (2020-12)',
    'in [`src/subjects/schemas/`](../src/subjects/schemas/) (`containment subjects --format json` prints',
    'them all), and the test suite checks every parser\'s output against them.',
    '',
    'Conventions that hold for every type:',
    '',
    '- A value that is unknown (an unresolved `${VAR}`, a `${{ }}` expression, a shell `$VAR`) is left',
    '  out rather than guessed, so a rule never matches on it. Where a property keeps text "as written",',
    '  the variable stays in the text and a rule can see it.',
    '- Lists and maps that a type always has are present even when empty; optional scalars are absent',
    '  when not set. "Always present" in the tables below says which is which.',
    '- Findings are located where the value is written, even when normalization moved it (an',
    '  `environment` list turned into a map, a `USER` inherited from another stage, a value merged in',
    '  from an override file, a `docker run` line inside a `run: |` block).',
    '',
    '| type | what it is |',
    '|---|---|',
    ...SUBJECT_TYPES.map((type) => `| [\`${type}\`](#${anchor(type)}) | ${cell(firstSentence(SUBJECT_SCHEMAS[type].description ?? ''))} |`),
    '',
  ];
  for (const type of SUBJECT_TYPES) out.push(...section(type, SUBJECT_SCHEMAS[type], exampleSubject(documents, type)));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function section(type: SubjectType, schema: SubjectSchema, example: Subject | undefined): string[] {
  const lines = [
    `## \`${type}\``,
    '',
    schema.description ?? '',
    '',
    `Schema: [\`${SCHEMA_FILES[type]}\`](../src/subjects/schemas/${SCHEMA_FILES[type]}) (\`${schema.$id}\`)`,
    '',
    '| property | type | always present | description |',
    '|---|---|---|---|',
    ...rows(schema, ''),
    '',
  ];
  if (example) {
    lines.push(
      `Example: \`${example.name}\` from \`${example.document.path}\`:`,
      '',
      '```json',
      compactJson(example.value, ''),
      '```',
      '',
    );
  }
  return lines;
}

/** One row per property, nested object properties as `parent.child` and `list[].child` rows. */
function rows(schema: SubjectSchema, prefix: string): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = `${prefix}${name}`;
    const row = `| \`${path}\` | ${cell(typeOf(property))} | ${required.has(name) ? 'yes' : ''} | ${cell(property.description ?? '')} |`;
    const nested = property.properties ? rows(property, `${path}.`) : property.items?.properties ? rows(property.items, `${path}[].`) : [];
    return [row, ...nested];
  });
}

/** JSON with small arrays and objects kept on one line, so an example stays short to read. */
export function compactJson(value: unknown, indent: string): string {
  const inline = inlineJson(value);
  if (value === null || typeof value !== 'object' || (indent !== '' && indent.length + inline.length <= 90)) return inline;
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((item) => `${inner}${compactJson(item, inner)}`)
    : Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`);
  if (entries.length === 0) return inline;
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${entries.join(',\n')}\n${indent}${close}`;
}

function inlineJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/** A short type for the table: `string`, `boolean`, `object[]`, `map of string`, `"a" \| "b"`. */
export function typeOf(schema: SubjectSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) return 'any';
  return types
    .map((type) => {
      if (type === 'array') return schema.items ? `${typeOf(schema.items).replace(/ or /g, '/')}[]` : 'array';
      if (type === 'object' && typeof schema.additionalProperties === 'object') return `map of ${typeOf(schema.additionalProperties)}`;
      if (type === 'object' && !schema.properties) return 'map';
      return type;
    })
    .join(' or ');
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** GitHub's heading anchor: lower case, punctuation but `-` dropped. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

/** Table-cell text: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}
