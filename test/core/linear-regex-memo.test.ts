import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RE2JS } from 're2js';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearLinearMemos, compileLinear, LINEAR_MEMO_BUDGET_BYTES, LINEAR_MEMO_MAX_VALUE, linearMemoBytes } from '../../src/core/linear-regex.js';

/** RE2 itself, compiled fresh, with no memo in front of it. */
function direct(pattern: string): (value: string) => boolean {
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.LOOKBEHINDS);
  return (value) => re.test(value);
}

describe('the memo in front of each pattern', () => {
  // Other test files in this worker may have filled the memo to its budget (vitest runs them
  // in one process), and a full memo remembers nothing new: each test starts from an empty one.
  beforeEach(() => clearLinearMemos());

  it('answers a value it has seen as RE2 does, around the longest value it remembers', () => {
    const pattern = '^(?:x{255}|openssh-server|(/usr/sbin/)?sshd)$|y$';
    const compiled = compileLinear(pattern);
    const re2 = direct(pattern);
    const values = ['openssh-server', 'sshd', '/usr/sbin/sshd', 'openssh', '', 'x'.repeat(255), 'x'.repeat(256), `${'x'.repeat(256)}y`, `${'x'.repeat(300)}y`, 'sshd\n'];
    // Twice over: the first time fills the memo, the second reads it.
    for (const round of [1, 2]) {
      for (const value of values) expect([round, value.slice(0, 20), compiled.test(value)]).toEqual([round, value.slice(0, 20), re2(value)]);
    }
  });

  it('remembers a short value once, and no value longer than its limit', () => {
    const compiled = compileLinear('^memo-[a-z]+$');
    const before = linearMemoBytes();
    expect(compiled.test('memo-abc')).toBe(true);
    const one = linearMemoBytes() - before;
    expect(one).toBeGreaterThan(2 * 'memo-abc'.length);
    expect(compiled.test('memo-abc')).toBe(true);
    expect(compiled.test('memo-ABC')).toBe(false);
    expect(linearMemoBytes()).toBe(before + 2 * one);
    const long = `memo-${'a'.repeat(LINEAR_MEMO_MAX_VALUE)}`;
    expect(compiled.test(long)).toBe(true);
    expect(linearMemoBytes()).toBe(before + 2 * one);
  });

  it('keeps no piece of a file alive: a value cut from a text is copied before it is remembered', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const compiled = compileLinear('^registry[.]example[.]com/web:[0-9.]+ [0-9]+$');
    // 32 MiB of text built at run time, cut in a function of its own, so that only the memo can
    // keep it once the function returns.
    const cut = (stamp: number) => {
      const file = `image: ${'registry.example.com/web:1.2.3 '.repeat(Math.ceil((32 * 1024 * 1024) / 31))}${stamp}`;
      // A slice (a view of the whole text) and a concatenation that holds one.
      return [compiled.test(file.slice(7, 38)), compiled.test(`${file.slice(7, 38)}${stamp}`)];
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    expect(cut(Date.now())).toEqual([false, true]);
    gc();
    // A slice remembered as it is would hold all 32 MiB (64 MiB as UTF-16 would be more).
    expect((process.memoryUsage().heapUsed - before) / (1024 * 1024)).toBeLessThan(8);
  });

  it('holds no more than its budget counts, with the values that cost the most for their length', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Two-character values against many patterns: the most entries the budget allows.
    const patterns = Array.from({ length: 64 }, (_, index) => compileLinear(`^budget${index}-[a-z]?$|^[0-9]+$`));
    // From empty memos, whatever other tests in this worker left in them.
    clearLinearMemos();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const countedBefore = linearMemoBytes();
    for (const pattern of patterns) for (let value = 0; value < 3000; value++) pattern.test(String.fromCharCode(0x4e00 + (value % 2000), 0x41 + Math.floor(value / 2000)));
    gc();
    const counted = linearMemoBytes() - countedBefore;
    const held = process.memoryUsage().heapUsed - heapBefore;
    expect(counted).toBeGreaterThan(1024 * 1024);
    // 256 KiB for what else the heap gained meanwhile (the tables' growth, compiled code).
    expect(held).toBeLessThan(counted * 1.1 + 256 * 1024);
    expect(linearMemoBytes()).toBeLessThanOrEqual(LINEAR_MEMO_BUDGET_BYTES);
  });
});
