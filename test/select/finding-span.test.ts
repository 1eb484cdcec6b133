import { describe, expect, it } from 'vitest';
import { findingSpans } from '../../src/select/finding-span.js';

const at = (start: number, end = start) => ({ start: { line: start, column: 1 }, end: { line: end, column: 2 } });

describe('findingSpans', () => {
  it('runs over the lines indented under the finding\'s first line, through comments and blank lines', () => {
    const text = 'services:\n  web:\n    volumes:\n      - type: bind\n        # the host CA bundle\n\n        source: /\n        target: /certs\n      - ./data:/data\n    privileged: true\n';
    const span = findingSpans(text);
    expect(span(at(4))).toEqual({ start: 4, end: 8 });
    expect(span(at(9))).toEqual({ start: 9, end: 9 });
    expect(span(at(10))).toEqual({ start: 10, end: 10 });
    // A service's own line: the whole service.
    expect(span(at(2))).toEqual({ start: 2, end: 10 });
  });

  it('keeps a range that is longer than one line, and a block scalar under a key', () => {
    const text = 'steps:\n  - run: |\n      echo one\n      curl https://x | sh\n  - run: echo two\n';
    expect(findingSpans(text)(at(2))).toEqual({ start: 2, end: 4 });
    expect(findingSpans(text)(at(3, 4))).toEqual({ start: 3, end: 4 });
  });

  it('follows a Dockerfile instruction over lines ending in a backslash, indented or not', () => {
    const text = 'FROM alpine\nRUN --security=insecure \\\nmake \\\n  test\nUSER 1000\n';
    expect(findingSpans(text)(at(2))).toEqual({ start: 2, end: 4 });
    expect(findingSpans(text)(at(5))).toEqual({ start: 5, end: 5 });
  });
});
