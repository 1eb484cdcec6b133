import { describe, expect, it } from 'vitest';
import { parseDocument as parseYaml, type YAMLMap } from 'yaml';
import { memoOn } from '../../src/core/memo-on.js';
import { pairOf } from '../../src/evaluate/fixes/yaml-edit.js';

describe('memoOn', () => {
  it('makes the value once for the same source, and again when the source changed', () => {
    const key = Symbol('test');
    const object = { items: [1, 2] };
    let made = 0;
    const make = () => ({ made: ++made });
    const first = memoOn(object, key, object.items, make);
    expect(memoOn(object, key, object.items, make)).toBe(first);
    object.items = [1, 2, 3];
    const second = memoOn(object, key, object.items, make);
    expect(second).not.toBe(first);
    expect(made).toBe(2);
  });

  it('is hidden from enumeration and JSON, so reports and copies by spread do not see it', () => {
    const key = Symbol('test');
    const object = { a: 1 };
    memoOn(object, key, undefined, () => 'memo');
    expect(Object.keys(object)).toEqual(['a']);
    expect(Object.getOwnPropertySymbols({ ...object })).toEqual([]);
    expect(JSON.stringify(object)).toBe('{"a":1}');
  });

  it("keeps a YAML mapping's pair index to that mapping: yaml's clone, which copies every own property, indexes its own pairs", () => {
    const document = parseYaml('services:\n  web:\n    image: nginx\n');
    const services = document.get('services') as YAMLMap;
    const original = pairOf(services, 'web');
    const copy = services.clone() as YAMLMap;
    const copied = pairOf(copy, 'web');
    expect(original).toBe(services.items[0]);
    expect(copied).toBe(copy.items[0]);
    expect(copied).not.toBe(original);
  });
});
