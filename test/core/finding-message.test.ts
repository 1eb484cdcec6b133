import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { joinMessage, type MessagePart, messageParts, ownString, SharedMessages } from '../../src/core/finding.js';

describe('a message and the places of its values (Finding.valueSpans)', () => {
  it('gives back the pieces it was joined from', () => {
    const parts: MessagePart[] = [{ text: 'Service ' }, { value: 'web' }, { text: ' runs `' }, { value: 'nginx:1.27' }, { text: '` as root.' }];
    const joined = joinMessage(parts);
    expect(joined.message).toBe('Service web runs `nginx:1.27` as root.');
    expect(joined.valueSpans).toEqual([8, 11, 18, 28]);
    expect(messageParts(joined)).toEqual(parts);
  });

  it('keeps values at either end, side by side, empty, and beyond the Basic Multilingual Plane', () => {
    const parts: MessagePart[] = [{ value: '\u{1F600}x' }, { value: '' }, { value: 'b\uD800' }, { text: ' and ' }, { value: 'é' }];
    const joined = joinMessage(parts);
    expect(joined.message).toBe('\u{1F600}xb\uD800 and é');
    expect(messageParts(joined)).toEqual(parts);
  });

  it('has no spans for a message made without a template, and no values for one without placeholders', () => {
    expect(messageParts({ message: 'A parser problem quoting `x`' })).toBeUndefined();
    expect(joinMessage([{ text: 'Only the rule text.' }])).toEqual({ message: 'Only the rule text.', valueSpans: [] });
    expect(messageParts({ message: 'Only the rule text.', valueSpans: [] })).toEqual([{ text: 'Only the rule text.' }]);
  });
});

describe('SharedMessages', () => {
  const image = (name: string): MessagePart[] => [{ text: 'Service web runs `' }, { value: name }, { text: '` as root.' }];

  it('gives the same string and spans as joinMessage, and the very same objects for a repeat', () => {
    const shared = new SharedMessages();
    const first = shared.join(image('nginx:1.27'));
    expect(first).toEqual(joinMessage(image('nginx:1.27')));
    // Built afresh from other pieces (as each finding's are), the repeat is still the first one.
    const again = shared.join([{ text: 'Service web runs `' }, { value: `nginx:${'1.27'}` }, { text: '` as root.' }]);
    expect(again.message).toBe(first.message);
    expect(again.valueSpans).toBe(first.valueSpans);
    expect(Object.is(again, first)).toBe(true);
    // Shared, so frozen: changing it throws instead of moving another finding's values.
    expect(Object.isFrozen(again.valueSpans)).toBe(true);
    expect(() => (again.valueSpans as number[]).push(0)).toThrow(TypeError);
  });

  it('never shares between different texts', () => {
    const shared = new SharedMessages();
    const a = shared.join(image('nginx:1.27'));
    const b = shared.join(image('nginx:1.28'));
    expect(b.message).toBe('Service web runs `nginx:1.28` as root.');
    expect(b).not.toBe(a);
  });

  it('keeps each value span right when the same text has its value in another place', () => {
    const shared = new SharedMessages();
    // The same words, once with `web` as the value, once with `web` as template text.
    const valued = shared.join([{ text: 'Service ' }, { value: 'web' }, { text: ' is root.' }]);
    const plain = shared.join([{ text: 'Service web is root.' }]);
    const shifted = shared.join([{ text: 'Service w' }, { value: 'eb' }, { text: ' is root.' }]);
    expect(valued.valueSpans).toEqual([8, 11]);
    expect(plain).toEqual({ message: 'Service web is root.', valueSpans: [] });
    expect(shifted.valueSpans).toEqual([9, 11]);
    expect(messageParts(shifted)).toEqual([{ text: 'Service w' }, { value: 'eb' }, { text: ' is root.' }]);
    // The first one made is the one shared afterwards.
    expect(shared.join([{ text: 'Service ' }, { value: 'web' }, { text: ' is root.' }])).toBe(valued);
  });
});

describe('ownString', () => {
  it('returns the same text, a lone surrogate included, short or long', () => {
    const file = `services:\n  web:\n    image: registry.example.com/team/web:1.2.3\uD800\n${'x'.repeat(10_000)}`;
    const cut = file.slice(23, 70);
    expect(ownString(cut)).toBe(cut);
    expect(ownString('short')).toBe('short');
    expect(ownString('')).toBe('');
  });

  it('keeps nothing alive of the text it was cut from, where a slice keeps all of it', () => {
    // gc() for this test only: the flag exposes it in contexts created after it is set.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 32 MiB of file text, built at run time, and cut in a function of its own, so that no frame
    // of the measuring function still holds the text when it is collected.
    const file = () => `image: ${'registry.example.com/web:1.2.3 '.repeat(Math.ceil((32 * 1024 * 1024) / 31))}${Date.now()}`;
    const cut = (keep: (piece: string) => string) => keep(file().slice(7, 40));
    const heldMiB = (keep: (piece: string) => string): number => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = cut(keep);
      gc();
      const held = process.memoryUsage().heapUsed - before;
      expect(kept).toBe('registry.example.com/web:1.2.3 re');
      return Math.round(held / (1024 * 1024));
    };
    // Far apart: what other test files leave for the collector moves heapUsed by a few MiB.
    expect(heldMiB((piece) => piece)).toBeGreaterThan(24);
    expect(heldMiB(ownString)).toBeLessThan(8);
  });
});
