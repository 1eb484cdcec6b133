import { describe, expect, it } from 'vitest';
import { MappedList, prettyJsonChunks } from '../../src/report/json-chunks.js';

const whole = (value: unknown) => [...prettyJsonChunks(value)].join('');

describe('JSON written in pieces', () => {
  it('is byte for byte JSON.stringify(value, null, 2) with lists mapped as written, at any depth', () => {
    const items = [{ a: 1 }, { a: 2, b: [1, 2, { c: 'x\ny' }] }, { a: 3, skip: undefined }];
    const mapped = (n: number) => ({ n, nested: { deep: [n, `"${n}"`] }, none: undefined });
    const value = {
      version: 1,
      empty: [],
      emptyLazy: new MappedList([], mapped),
      plain: items,
      runs: [{ tool: { name: 't' }, results: new MappedList([1, 2, 3], mapped), after: 'z' }],
      gone: undefined,
      fn: () => 1,
      top: new MappedList(['a', 'b'], (s) => s.toUpperCase()),
    };
    const expected = {
      ...value,
      emptyLazy: [],
      runs: [{ tool: { name: 't' }, results: [1, 2, 3].map(mapped), after: 'z' }],
      top: ['A', 'B'],
    };
    expect(whole(value)).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('maps elements as they are written, a batch at a time, never the whole list first', () => {
    let mapped = 0;
    const source = Array.from({ length: 1000 }, (_, n) => n);
    const chunks = prettyJsonChunks({ list: new MappedList(source, (n) => ++mapped && { n }) });
    chunks.next();
    expect(mapped).toBe(0);
    // next() by hand: a for-of that breaks would close the generator.
    while (mapped === 0 && !chunks.next().done);
    expect(mapped).toBeGreaterThan(0);
    expect(mapped).toBeLessThanOrEqual(16);
    const rest = [...chunks].join('');
    expect(mapped).toBe(1000);
    expect(rest.endsWith('}\n  ]\n}\n')).toBe(true);
  });

  it('keeps the pieces of a report of findings under the 128 KiB past which V8 puts a string in its old generation', () => {
    // A JSON report's finding of the real corpus is about 1 KB; these are over 1.2 KB, with a fix.
    const finding = (n: number) => ({
      ruleId: 'container-no-new-privileges',
      severity: 'low',
      message: `Service web${n} can gain privileges through setuid binaries. ${'Add `security_opt: [no-new-privileges:true]`. '.repeat(12)}`,
      path: `services/app${n}/compose.yaml`,
      range: { start: { line: n, column: 3 }, end: { line: n, column: 9 } },
      fingerprint: 'e8fec0c7f2ce7185c0cc13fe201618e6',
      fix: { label: 'safe', edits: [{ range: { start: { line: n, column: 9 }, end: { line: n, column: 9 } }, text: '\n    security_opt: [no-new-privileges:true]' }] },
    });
    const source = Array.from({ length: 2000 }, (_, n) => n);
    const pieces = [...prettyJsonChunks({ findings: new MappedList(source, finding) })];
    expect(JSON.stringify(finding(1), null, 2).length).toBeGreaterThan(1200);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(128 * 1024);
    // Stored two bytes a character (one message with an ellipsis): still under 128 KiB.
    const wide = (n: number) => ({ ...finding(n), message: `${finding(n).message}…` });
    const widePieces = [...prettyJsonChunks({ findings: new MappedList(source, wide) })];
    expect(widePieces.join('')).toBe(`${JSON.stringify({ findings: source.map(wide) }, null, 2)}\n`);
    expect(Math.max(...widePieces.map((piece) => piece.length)) * 2).toBeLessThan(128 * 1024);
    // Small elements, then large ones: a batch grows from what the last one measured, to 32 at most.
    const mixed = Array.from({ length: 2000 }, (_, n) => (n < 1000 ? n : 'é'.repeat(1500)));
    const mixedPieces = [...prettyJsonChunks({ list: new MappedList(mixed, (item) => item) })];
    expect(mixedPieces.join('')).toBe(`${JSON.stringify({ list: mixed }, null, 2)}\n`);
    expect(Math.max(...mixedPieces.map((piece) => piece.length)) * 2).toBeLessThan(128 * 1024);
  });

  it('is JSON.stringify across batch boundaries, at any indent', () => {
    const source = Array.from({ length: 600 }, (_, n) => ({ n, s: `line\n${n}`, nested: [{ n }] }));
    const value = { a: { b: new MappedList(source, (item) => item) }, c: new MappedList(source, (item) => item.n) };
    expect(whole(value)).toBe(`${JSON.stringify({ a: { b: source }, c: source.map((item) => item.n) }, null, 2)}\n`);
  });

  it('is JSON.stringify for a list at the top and four levels down, of empty, scalar and nested elements', () => {
    const elements = [[], {}, '', 0, null, [[]], { a: [{}] }, 'a\n  b'];
    expect(whole(new MappedList(elements, (item) => item))).toBe(`${JSON.stringify(elements, null, 2)}\n`);
    const deep = { a: [{ b: { c: new MappedList(elements, (item) => item) } }] };
    expect(whole(deep)).toBe(`${JSON.stringify({ a: [{ b: { c: elements } }] }, null, 2)}\n`);
  });

  it('writes undefined and functions in a mapped list as null, as JSON.stringify does in arrays', () => {
    expect(whole({ l: new MappedList([1, 2], (n) => (n === 1 ? undefined : n)) })).toBe(`${JSON.stringify({ l: [null, 2] }, null, 2)}\n`);
  });
});
