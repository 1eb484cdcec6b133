import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/report/progress-line.js';

/** A terminal stand-in and a clock the test moves by hand: no real time passes. */
function terminal(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  const written: string[] = [];
  let clock = 0;
  const line = progressLine({ isTTY, write: (text: string) => written.push(text) }, { env, now: () => clock });
  return { line, written, at: (ms: number) => (clock = ms) };
}

describe('progressLine', () => {
  it('draws nothing for a scan that ends within a second', () => {
    const t = terminal(true);
    for (let read = 1; read <= 100; read++) {
      t.at(read * 9);
      t.line.update(read, 100);
    }
    t.line.finish();
    expect(t.written).toEqual([]);
  });

  it('after a second, redraws in place at most every 100 ms, then erases itself', () => {
    const t = terminal(true);
    for (let read = 1; read <= 10_000; read++) {
      t.at(read); // 1 ms per file: 10 s in all
      t.line.update(read, 10_000);
    }
    t.line.finish();
    expect(t.written[0]).toBe('\r\u001b[2KScanning: 1,000 of 10,000 files read');
    // From 1,000 ms to 10,000 ms every 100 ms, the last one saying all are read.
    expect(t.written).toHaveLength(92);
    expect(t.written.at(-2)).toBe('\r\u001b[2KScanning: 10,000 files read; judging them');
    expect(t.written.at(-1)).toBe('\r\u001b[2K');
  });

  it('never draws in a pipe or in CI', () => {
    for (const t of [terminal(false), terminal(true, { CI: 'true' })]) {
      t.at(5000);
      t.line.update(1, 2);
      t.line.finish();
      expect(t.written).toEqual([]);
    }
  });
});
