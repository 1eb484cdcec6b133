import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeSegment, joinPointer, parsePointer, valueAtPointer } from '../../src/core/json-pointer.js';

// RFC 6901: `~` is written `~0` and `/` is written `~1` inside a segment.
describe('JSON pointers', () => {
  it('parses what it joins, for any segments, escapes included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '~', '/', '0', '1', 'é', ' ') })), (segments) => {
        expect(parsePointer(joinPointer('', ...segments))).toEqual(segments.length === 1 && segments[0] === '' ? [] : segments);
      }),
      { numRuns: 500 },
    );
  });

  it('reads escapes in the order RFC 6901 gives: ~01 is the segment ~1, not /', () => {
    expect(parsePointer('/a~1b/~01/~0~1')).toEqual(['a/b', '~1', '~/']);
    expect(escapeSegment('~1/')).toBe('~01~1');
    expect(parsePointer('/services/web/volumes/0')).toEqual(['services', 'web', 'volumes', '0']);
    expect(parsePointer('services/web')).toEqual(['services', 'web']);
    expect(parsePointer('')).toEqual([]);
    expect(joinPointer('/services', 'a/b', 0)).toBe('/services/a~1b/0');
    expect(valueAtPointer({ 'a/b': [{ '~': 1 }] }, '/a~1b/0/~0')).toBe(1);
  });
});
