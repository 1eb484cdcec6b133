import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { parseDocument } from '../../src/documents/parse-document.js';
import { MAX_NESTING_DEPTH } from '../../src/documents/yaml-nesting.js';
import { readYaml } from '../../src/documents/yaml-source.js';
import { REPO } from '../e2e/repo.js';

const at = (line: number, column: number, endLine: number, endColumn: number) => ({
  start: { line, column },
  end: { line: endLine, column: endColumn },
});

describe('readYaml().locate', () => {
  const text = [
    'x-defaults: &defaults', //   1
    '  privileged: true', //      2
    '  restart: always', //       3
    'services:', //               4
    '  web:', //                  5
    '    <<: *defaults', //       6
    '    restart: "no"', //       7
    '    ports: ["80:80", "443:443"]', // 8
    '    environment: { A: 1, B: two }', // 9
    '    command: >', //          10
    '      run', //               11
    '      --flag', //            12
    '    volumes:', //            13
    '      - type: bind', //      14
    '        source: /', //       15
    '        target: /host', //   16
    '',
  ].join('\n');
  const yaml = readYaml(text);

  it('follows merge keys to where the value is written', () => {
    expect(yaml.locate('/services/web/privileged')).toEqual(at(2, 3, 2, 19));
  });

  it('prefers a key written in the map over a merged one', () => {
    expect(yaml.locate('/services/web/restart')).toEqual(at(7, 5, 7, 18));
  });

  it('locates items of flow sequences and flow maps', () => {
    expect(yaml.locate('/services/web/ports/1')).toEqual(at(8, 22, 8, 31));
    expect(yaml.locate('/services/web/environment/B')).toEqual(at(9, 26, 9, 32));
    expect(yaml.locate('/services/web/ports')).toEqual(at(8, 5, 8, 32));
  });

  it('spans a multi-line scalar and picks one of its lines by offset', () => {
    expect(yaml.locate('/services/web/command')).toEqual(at(10, 5, 12, 13));
    expect(yaml.locate('/services/web/command', 1)).toEqual(at(12, 7, 12, 13));
  });

  it('locates a block map item in a sequence by its first entry', () => {
    expect(yaml.locate('/services/web/volumes/0')).toEqual(at(14, 9, 14, 19));
    expect(yaml.locate('/services/web/volumes/0/source')).toEqual(at(15, 9, 15, 18));
  });

  it('shows a key holding a block collection as the key alone', () => {
    expect(yaml.locate('/services/web')).toEqual(at(5, 3, 5, 6));
  });

  it('falls back to the nearest existing ancestor for missing nodes', () => {
    expect(yaml.locate('/services/web/user')).toEqual(at(5, 3, 5, 6));
    expect(yaml.locate('/services/web/volumes/0/read_only')).toEqual(at(14, 9, 14, 19));
    expect(yaml.locate('/services/web/ports/9')).toEqual(at(8, 5, 8, 32));
    expect(yaml.locate('/nothing/here')).toEqual(at(1, 1, 1, 11));
  });

  it('decodes JSON Pointer escapes', () => {
    const y = readYaml('a/b:\n  c~d: 1\n');
    expect(y.locate('/a~1b/c~0d')).toEqual(at(2, 3, 2, 9));
  });
});

describe('readYaml documents and problems', () => {
  it('reads every document of a multi-document file and locates in each', () => {
    const y = readYaml('a: 1\n---\nb:\n  c: 2\n');
    expect(y.values).toEqual([{ a: 1 }, { b: { c: 2 } }]);
    expect(y.locate('/b/c', undefined, 1)).toEqual(at(4, 3, 4, 7));
  });

  it('reports a duplicate key where the later one is written, and lets it win', () => {
    const y = readYaml('web:\n  privileged: false\n  privileged: true\n');
    expect(y.value).toEqual({ web: { privileged: true } });
    expect(y.problems).toEqual([expect.objectContaining({ ruleId: 'duplicate-key', range: at(3, 3, 3, 13) })]);
    expect(y.locate('/web/privileged')).toEqual(at(3, 3, 3, 19));
  });

  it('turns a syntax error into a located problem and marks the file broken', () => {
    const y = readYaml('services:\n  web:\n    image: "nginx\n  db: {\n');
    expect(y.broken).toBe(true);
    expect(y.problems[0]).toMatchObject({ ruleId: 'parse-error' });
    expect(y.problems[0]!.range.start.line).toBeGreaterThanOrEqual(3);
  });

  it('stops an alias bomb with a located problem instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const y = readYaml(`${lines.join('\n')}\n`);
    expect(y.broken).toBe(true);
    expect(y.problems).toEqual([expect.objectContaining({ ruleId: 'parse-error', message: expect.stringContaining('billion laughs') })]);
    expect(y.problems[0]!.range.start.line).toBe(2);
  });

  it('never throws and always locates inside the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), (text, parts) => {
        const y = readYaml(text);
        const range = y.locate(parts.map((p) => `/${p}`).join(''));
        const lines = text.split('\n');
        expect(range.start.line).toBeGreaterThanOrEqual(1);
        expect(range.end.line).toBeLessThanOrEqual(Math.max(1, lines.length));
        expect(range.start.column).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('readYaml().value', () => {
  /** Every YAML file of the repository: fixtures, packs, workflows. */
  const corpus = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return corpus(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
  const files = [...corpus(join(REPO, 'test/fixtures')), ...corpus(join(REPO, 'policies')), ...corpus(join(REPO, '.github'))];
  const snippets = [
    'x-base: &base {image: nginx, privileged: true, ports: ["80:80"]}\nservices:\n  a: {<<: *base, image: httpd}\n  b:\n    image: before\n    <<: *base\n    restart: always\n',
    'a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc: {<<: [*a, *b], w: 5}\nd: {"<<": *a}\n',
    '~: null key\n1: one\ntrue: yes\n__proto__: {polluted: true}\nconstructor: c\n',
    'a: &s scalar\nb: *s\nc: &n 12\nd: *n\ne: [*s, *n, &l [1, 2]]\nf: *l\ng: 0x1F\nh: .inf\ni: 2001-12-14\n',
    'dup: 1\ndup: 2\nm: {k: 1, k: 2}\n',
    '- &x {a: 1}\n- *x\n- {<<: *x, b: 2}\n- [a: 1, b]\n',
  ];

  it.each([...files.map((file) => [file.slice(REPO.length + 1), readFileSync(file, 'utf8')]), ...snippets.map((s, i) => [`snippet ${i}`, s])])(
    'is what yaml’s own toJS makes of %s',
    (_name, text) => {
      const ours = readYaml(text);
      const theirs = parseAllDocuments(text, { merge: true, uniqueKeys: false }) as unknown as Document[];
      expect(ours.values).toEqual(theirs.map((doc) => (doc.errors.length ? null : doc.toJS({ maxAliasCount: -1 }))));
    },
  );

  it('reads a Compose file with 1,100 merges of one anchor in full (yaml’s own limit refused it)', () => {
    const services = Array.from({ length: 1100 }, (_, i) => `  s${i}:\n    <<: *defaults\n    image: app:${i}\n`).join('');
    const text = `x-defaults: &defaults\n  restart: always\n  privileged: true\n  environment: {A: "1", B: "2"}\nservices:\n${services}`;
    expect(() => (parseAllDocuments(text, { merge: true }) as unknown as Document[])[0]!.toJS({ maxAliasCount: 1000 })).toThrow(/alias count/);
    const y = readYaml(text);
    expect(y.problems).toEqual([]);
    const value = y.value as { services: Record<string, { image: string; privileged: boolean; environment: unknown }> };
    expect(Object.keys(value.services)).toHaveLength(1100);
    expect(value.services['s1099']).toEqual({ restart: 'always', privileged: true, environment: { A: '1', B: '2' }, image: 'app:1099' });
    // And the Compose parser judges every service.
    const document = parseDocument('compose', 'compose.yaml', text);
    expect(document.problems).toEqual([]);
    expect(document.subjects.filter((s) => s.type === 'container')).toHaveLength(1100);
  });

  it('resolves 20,000 aliases without searching the document for each (yaml’s own took seconds)', () => {
    const pairs = Array.from({ length: 20_000 }, (_, i) => `  a${i}: &a${i} v${i}\n  b${i}: *a${i}\n`).join('');
    const y = readYaml(`x:\n${pairs}`);
    expect((y.value as { x: Record<string, string> }).x['b19999']).toBe('v19999');
  }, 15_000);

  it.each([
    ['an alias with no anchor before it', 'a: *missing\nb: &missing 1\n', 1, 4, /^This file is not valid YAML at line 1, column 4: the YAML alias `\*missing` is not defined: no anchor `&missing` is written before it/],
    ['a misspelt alias deep in a Compose file', 'x-env: &common-env\n  A: 1\nservices:\n  web:\n    environment: *comon-env\n', 5, 18, /^This file is not valid YAML at line 5, column 18: the YAML alias `\*comon-env` is not defined/],
    ['a merge of a scalar', 'a: &s text\nb:\n  <<: *s\n', 3, 7, /merge key `<<` must name a mapping/],
    ['a merge of a list holding a scalar', 'a: &m {x: 1}\nb: {<<: [*m, 2]}\n', 2, 9, /merge key `<<` must name a mapping/],
  ])('reports %s as a located problem, not an alias count', (_what, text, line, column, message) => {
    const y = readYaml(text);
    expect(y.broken).toBe(true);
    expect(y.problems).toEqual([{ ruleId: 'parse-error', message: expect.stringMatching(message), range: expect.objectContaining({ start: { line, column } }) }]);
  });

  it('does not quote an undefined alias whose name is not plainly a name (it could be anything a link exposed)', () => {
    const name = 'ghsSECRETtoken0123456789abcdefABCDEF';
    for (const text of [`a: *${name}\n`, 'a: *@here\n']) {
      const y = readYaml(text);
      expect(y.problems).toHaveLength(1);
      expect(y.problems[0]!.message).toMatch(/^This file is not valid YAML at line 1, column 4: the YAML alias used here is not defined/);
      expect(y.problems[0]!.message).not.toContain('SECRET');
      expect(y.problems[0]!.message).not.toContain('@here');
      expect(y.problems[0]!.range.start).toEqual({ line: 1, column: 4 });
    }
  });

  it('names a collection used as a key (never valid in Compose or a workflow) by its JSON', () => {
    expect(readYaml('? [a, b]\n: pair\n').value).toEqual({ '["a","b"]': 'pair' });
  });

  it('keeps an alias inside its own anchor as a reference back, as yaml does', () => {
    const y = readYaml('a: &a\n  self: *a\n  x: 1\n');
    const value = y.value as { a: { self: unknown; x: number } };
    expect(value.a.self).toBe(value.a);
    expect(y.problems).toEqual([]);
  });
});

describe('readYaml() on invalid or deeply nested YAML', () => {
  it.each([
    'services:\n  web:\n    image: "nginx\n  db: {\n',
    'a: b: c\n',
    'a:\n  - b\n  c: d\n',
    'key: [1, 2\nnext: 3\n',
    '  a: 1\nb: 2\n',
    '- a\nb: c\n',
    '{a: 1}}\n',
    `x: [${'y'.repeat(200)}\n`,
  ])('reports each of yaml’s syntax errors by position and kind, quoting none of the file (%j)', (text) => {
    const theirs = (parseAllDocuments(text, { lineCounter: new LineCounter(), prettyErrors: true, merge: true, uniqueKeys: false }) as unknown as Document[]).flatMap((doc) => doc.errors);
    expect(theirs.length).toBeGreaterThan(0);
    const messages = readYaml(text).problems.map((p) => p.message);
    expect(messages).toHaveLength(theirs.length);
    for (const message of messages) {
      expect(message).toMatch(/^This file is not valid YAML at line \d+, column \d+ \([^)]+\), so nothing in it was checked\.$/);
      expect(message).not.toMatch(/yyy|nginx/);
    }
  });

  const maps = (depth: number) => `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n${' '.repeat(depth)}v\n`;
  const flow = (depth: number) => `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
  const seqs = (depth: number) => `a:\n  ${'- '.repeat(depth)}x\n`;

  it.each([
    ['block mappings', maps],
    ['flow sequences', flow],
    ['compact block sequences', seqs],
  ])(`reads ${MAX_NESTING_DEPTH} levels of %s and refuses one more, at the collection that is one too deep`, (_kind, make) => {
    expect(readYaml(make(MAX_NESTING_DEPTH - 1)).problems).toEqual([]);
    const refused = readYaml(make(MAX_NESTING_DEPTH + 1));
    expect(refused.broken).toBe(true);
    expect(refused.problems).toEqual([
      { ruleId: 'parse-error', message: `This file nests its collections more than ${MAX_NESTING_DEPTH} levels deep, more than Containment reads, so nothing in it was checked.`, range: expect.anything() },
    ]);
  });

  it('refuses 5,000 levels the same way every time, at the same place, whatever the call stack', () => {
    const problems = [flow(5000), maps(1000), seqs(5000)].map((text) => readYaml(text).problems);
    for (const list of problems) expect(list).toHaveLength(1);
    // `a:` is the first level, so the 200th `[` (column 3 + 200) is level 201.
    expect(problems[0]![0]!.range.start).toEqual({ line: 1, column: 3 + MAX_NESTING_DEPTH });
  });
});
