// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` here is Compose text, not a template.
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import { parseCompose } from '../../src/documents/compose-document.js';
import { parseEnvFile } from '../../src/documents/compose-env-file.js';
import { interpolate } from '../../src/documents/compose-interpolate.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import type { ContainerSpec } from '../../src/subjects/container.js';
import { testRule } from '../support/test-rule.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const env = (text: string) => ({ text, path: '.env' });

function container(doc: SourceDocument, name = 'web'): ContainerSpec {
  const found = doc.subjects.find((s) => s.type === 'container' && s.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found.value as ContainerSpec;
}

const privileged = testRule({ id: 'privileged', title: 'Privileged', message: '{{name}} is privileged', schema: { properties: { privileged: { not: { const: true } } } } });
const findings = (...docs: SourceDocument[]) => evaluate(docs, compileRules([privileged])).filter((f) => f.ruleId === 'privileged');

describe('interpolate', () => {
  const vars = new Map<string, string | null>([
    ['SET', 'value'],
    ['EMPTY', ''],
    ['UNKNOWN', null],
  ]);
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a${SET}b$SET', 'avalueb' + 'value'],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${ALSO_UNSET:-nested}}', 'nested'],
    ['${SET:-${ALSO_UNSET}}', 'value'],
    ['${UNSET:-a ${SET} b}', 'a value b'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['cost: 5$', 'cost: 5$'],
    ['$1', '$1'],
    ['${SET?must}', 'value'],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text, vars)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['$UNSET', { name: 'UNSET', reason: 'unset' }],
    ['${UNKNOWN}', { name: 'UNKNOWN', reason: 'unset' }],
    ['${UNSET:?say why}', { name: 'UNSET', reason: 'required', detail: 'say why' }],
    ['${EMPTY:?empty}', { name: 'EMPTY', reason: 'required', detail: 'empty' }],
    ['${UNSET:-${ALSO_UNSET}}', { name: 'ALSO_UNSET', reason: 'unset' }],
    ['${UNKNOWN:+alt}', { name: 'UNKNOWN', reason: 'unset' }],
    ['${NOT VALID}', { name: '${NOT VALID}', reason: 'invalid', detail: '${NOT VALID}' }],
    ['${OPEN', { name: '${OPEN', reason: 'invalid', detail: '${OPEN' }],
  ])('%s is unknown', (text, variable) => {
    expect(interpolate(text, vars)).toEqual({ ok: false, unresolved: [variable] });
  });
});

describe('.env files', () => {
  it('reads Compose dotenv syntax', () => {
    const vars = parseEnvFile(
      lines(
        '# comment',
        'PLAIN=value # inline comment',
        'export EXPORTED=yes',
        "SINGLE='literal ${PLAIN} # not a comment'",
        'DOUBLE="line\\nbreak ${PLAIN}"',
        'MULTI="first',
        'second"',
        'EMPTY=',
        'COLON: spaced',
        'REF=${PLAIN}-${MISSING:-d}',
        'UNRESOLVED=${HOME}/x',
        'ALONE',
        '  INDENTED = trimmed  ',
      ),
    );
    expect(Object.fromEntries(vars)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SINGLE: 'literal ${PLAIN} # not a comment',
      DOUBLE: 'line\nbreak value',
      MULTI: 'first\nsecond',
      EMPTY: '',
      COLON: 'spaced',
      REF: 'value-d',
      UNRESOLVED: null,
      INDENTED: 'trimmed',
    });
  });
});

describe('Compose interpolation', () => {
  it('sets privilege through a .env value, reported at the key', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    privileged: ${PRIV}'), env('PRIV=true\n'));
    expect(container(doc).privileged).toBe(true);
    expect(doc.problems).toEqual([]);
    expect(findings(doc).map((f) => [f.path, f.range])).toEqual([['compose.yaml', { start: { line: 4, column: 5 }, end: { line: 4, column: 24 } }]]);
  });

  it('coerces interpolated values as Compose does', () => {
    const doc = parseCompose(
      'compose.yaml',
      lines('services:', '  web:', '    image: nginx:1', '    privileged: "${PRIV:-true}"', '    read_only: "yes"', '    pids_limit: "${PIDS:-100}"', '    ports:', '      - target: "${PORT:-80}"', '        published: 8080'),
    );
    expect(container(doc)).toMatchObject({ privileged: true, read_only: true, pids_limit: 100, ports: [{ target: '80', published: '8080', protocol: 'tcp' }] });
    expect(doc.problems).toEqual([]);
  });

  it('leaves a value with an unset variable unknown and reports each variable once', () => {
    const doc = parseCompose(
      'compose.yaml',
      lines('services:', '  web:', '    image: nginx:1', '    privileged: ${PRIV:?set PRIV to true or false}', '    user: ${PRIV:?again}', '    cap_add:', '      - ${CAP}', '      - ${CAP}'),
    );
    const value = container(doc);
    expect(value.privileged).toBeUndefined();
    expect(value.user).toBeUndefined();
    expect(value.cap_add).toEqual([]);
    expect(doc.problems.map((p) => [p.ruleId, p.range.start.line, p.range.start.column])).toEqual([
      ['compose-variable-unset', 4, 5],
      ['compose-variable-unset', 7, 9],
    ]);
    expect(doc.problems[0]!.message).toContain('set PRIV to true or false');
    expect(findings(doc)).toEqual([]);
  });

  it('keeps $$ as a literal dollar sign', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    environment:', '      PRICE: $$5', '      HOME_REF: $${HOME}'));
    expect(container(doc).environment).toEqual({ PRICE: '$5', HOME_REF: '${HOME}' });
    expect(doc.problems).toEqual([]);
  });

  it('does not interpolate keys, and ignores the process environment', () => {
    process.env['CONTAINMENT_TEST_PRIV'] = 'true';
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    privileged: ${CONTAINMENT_TEST_PRIV}', '    environment:', '      ${KEY}: value'));
    delete process.env['CONTAINMENT_TEST_PRIV'];
    expect(container(doc).privileged).toBeUndefined();
    expect(container(doc).environment).toEqual({ '${KEY}': 'value' });
  });

  it('judges an unknown image as a variable, and a default as written', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  a:', '    image: ${IMAGE}', '  b:', '    image: ${IMAGE_B:-nginx}'));
    const images = doc.subjects.filter((s) => s.type === 'image').map((s) => s.value);
    expect(images).toMatchObject([
      { ref: '${IMAGE}', isVariable: true },
      { ref: 'nginx', isLatest: true },
    ]);
  });
});
