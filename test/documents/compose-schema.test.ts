// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` here is Compose text, not a template.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range, SourceDocument } from '../../src/core/source-document.js';
import { parseCompose } from '../../src/documents/compose-document.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const problems = (doc: SourceDocument) => doc.problems.map((p) => ({ rule: p.ruleId, at: [p.range.start.line, p.range.start.column], message: p.message }));

describe('Compose structure', () => {
  it('locates a port that Compose cannot convert, once', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    ports: [{ target: "abc" }]'));
    expect(problems(doc)).toEqual([
      {
        rule: 'compose-schema',
        at: [4, 15],
        message: expect.stringContaining('`services.web.ports[0].target` must be a whole number, but is "abc"'),
      },
    ]);
  });

  it('locates an unknown service key at the key', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    privilegd: true'));
    expect(problems(doc)).toEqual([
      { rule: 'compose-schema', at: [4, 5], message: expect.stringContaining('`services.web` has a key `privilegd` that the Compose specification does not define') },
    ]);
  });

  it('reports a wrong type with what is expected, at most once per path', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    ports: { a: 1 }', '    cap_add: ALL'));
    expect(problems(doc).map((p) => [p.at, p.message.split(',')[0]])).toEqual([
      [[4, 5], '`services.web.ports` must be a list'],
      [[5, 5], '`services.web.cap_add` must be a list'],
    ]);
  });

  it('does not judge values that hold unresolved variables', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    ports: ${PORTS}', '    cpus: ${CPUS}'));
    expect(problems(doc).map((p) => p.rule)).toEqual(['compose-variable-unset', 'compose-variable-unset']);
  });

  it('reports the obsolete top-level version', () => {
    const doc = parseCompose('compose.yaml', lines('version: "3.8"', 'services:', '  web:', '    image: nginx:1'));
    expect(problems(doc)).toEqual([{ rule: 'compose-version-obsolete', at: [1, 1], message: expect.stringContaining('obsolete') }]);
  });

  it('accepts a valid file and extension keys', () => {
    const doc = parseCompose(
      'compose.yaml',
      lines('x-common: &common', '  restart: unless-stopped', 'services:', '  web:', '    <<: *common', '    image: nginx:1', '    x-note: anything', '    healthcheck:', '      test: ["CMD", "true"]', '    deploy:', '      resources:', '        limits: { memory: 1g }'),
    );
    expect(doc.problems).toEqual([]);
  });
});

describe('the bundled Compose schema (compose-go schema/compose-spec.json)', () => {
  it('accepts pre_start hooks and models entries that are null, as Compose does', () => {
    const doc = parseCompose(
      'compose.yaml',
      lines('services:', '  app:', '    image: example/app:1.0', '    pre_start:', '      - command: ["sh", "-c", "./migrate"]', '        user: "1000"', '    models:', '      llm: null', '      embed:', 'models:', '  llm: { model: ai/smollm2 }', '  embed: { model: ai/mxbai-embed-large }'),
    );
    expect(problems(doc)).toEqual([]);
  });

  it('still refuses a key a pre_start hook does not define, at the key', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  app:', '    image: example/app:1.0', '    pre_start:', '      - user: root', '        comand: ["./migrate"]'));
    expect(problems(doc)).toEqual([expect.objectContaining({ rule: 'compose-schema', at: [6, 9] })]);
  });

  it('records where the bundled copy came from, and the record matches the file', () => {
    const text = readFileSync(new URL('../../schemas/compose-spec.schema.json', import.meta.url), 'utf8');
    const record = JSON.parse(readFileSync(new URL('../../schemas/compose-spec.source.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(record['sha256']).toBe(createHash('sha256').update(text).digest('hex'));
    expect(record['source']).toMatch(/^https:\/\/github\.com\/compose-spec\//);
    expect(record['commit']).toMatch(/^[0-9a-f]{40}$/);
    expect(record['date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('Compose parser properties', () => {
  const inside = (doc: SourceDocument, range: Range) => {
    const count = doc.text.split('\n').length;
    const ok = (line: number, column: number) => line >= 1 && line <= count && column >= 1 && column <= (doc.text.split('\n')[line - 1]?.length ?? 0) + 1;
    return ok(range.start.line, range.start.column) && ok(range.end.line, range.end.column);
  };
  const check = (doc: SourceDocument) => {
    for (const problem of doc.problems) expect(inside(doc, problem.range)).toBe(true);
    for (const pointer of ['', '/services', '/services/web/privileged', '/services/web/ports/0/target', '/version']) expect(inside(doc, doc.locate(pointer))).toBe(true);
    for (const subject of doc.subjects) expect(inside(doc, doc.locate(subject.pointer))).toBe(true);
  };
  const yamlish = fc.array(
    fc.oneof(
      fc.constantFrom('services:', '  web:', '    image: ${IMG:-nginx}', '    privileged: ${PRIV}', '    ports: [{ target: "${P:?x}" }]', '    volumes:', '      - type: bind', '        source: /', '    <<: *a', 'x: &a', '  user: root', 'version: 3', '    environment: [A, B=$$C]', '      - ${X:-${Y'),
      fc.string(),
    ),
    { maxLength: 12 },
  );

  it('never throws and locates inside the file, for arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish.map((l) => l.join('\n'))), (text) => check(parseCompose('compose.yaml', text))),
      { numRuns: 300 },
    );
  });

  it('never throws for arbitrary .env text', () => {
    const compose = lines('services:', '  web:', '    image: ${IMG}', '    privileged: ${PRIV:-false}', '    user: "${U:?set U}"', '    environment:', '      A: $A ${B:+x}');
    const envText = fc.oneof(
      fc.string(),
      fc.array(fc.oneof(fc.constantFrom('PRIV=true', 'export IMG="a\\nb', "U='x", 'A=${B', '# c', 'B=${PRIV:-${U}}', '=', ' : '), fc.string()), { maxLength: 8 }).map((l) => l.join('\n')),
    );
    fc.assert(
      fc.property(envText, (text) => check(parseCompose('compose.yaml', compose, { text, path: '.env' }))),
      { numRuns: 300 },
    );
  });
});
