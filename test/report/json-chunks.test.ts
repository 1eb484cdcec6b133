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

  it('maps each element only when it is written', () => {
    let mapped = 0;
    const chunks = prettyJsonChunks({ list: new MappedList([1, 2, 3], (n) => ++mapped && { n }) });
    chunks.next();
    expect(mapped).toBe(0);
    for (const _ of chunks) if (mapped === 1) break;
    expect(mapped).toBe(1);
  });

  it('writes undefined and functions in a mapped list as null, as JSON.stringify does in arrays', () => {
    expect(whole({ l: new MappedList([1, 2], (n) => (n === 1 ? undefined : n)) })).toBe(`${JSON.stringify({ l: [null, 2] }, null, 2)}\n`);
  });
});
