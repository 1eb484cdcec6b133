import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';

describe('scan progress', () => {
  it('reports each file read, ending at the number of files judged', async () => {
    const calls: Array<[number, number]> = [];
    const result = await scan({ root: join(import.meta.dirname, '..', 'fixtures', 'insecure'), onProgress: (read, total) => calls.push([read, total]) });
    expect(calls.length).toBeGreaterThan(1);
    const total = calls[0]![1];
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.map(([read]) => read)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(total).toBe(result.files.length);
  });
});
