import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearSplitMemo, MAX_PIPELINE_LISTED, SPLIT_MEMO_BUDGET_BYTES, SPLIT_MEMO_MAX_SCRIPT, splitMemoBytes, splitShellCommands } from '../../src/languages/shell-commands.js';

describe('the memo of split scripts', () => {
  // Other test files in this worker may have filled the memo to its budget (vitest runs them
  // in one process), and a full memo remembers nothing new: each test starts from an empty one.
  beforeEach(() => clearSplitMemo());

  it('gives a script split again the same commands, frozen so that no caller changes another’s', () => {
    const script = 'apt-get update && curl -fsSL https://example.com/memo.sh | sudo -u app bash -s -- --yes # memo 1';
    const first = splitShellCommands(script);
    const again = splitShellCommands(`${script.slice(0, 10)}${script.slice(10)}`);
    expect(again).toEqual(first);
    expect(first.map((command) => [command.name, command.args, command.pipedTo])).toEqual([
      ['apt-get', ['update'], undefined],
      ['curl', ['-fsSL', 'https://example.com/memo.sh'], 'bash'],
      ['bash', ['-s', '--', '--yes'], undefined],
    ]);
    expect(() => (again[1]!.args as string[]).push('x')).toThrow(TypeError);
    expect(() => {
      (again[1]!.pipeline![0] as { name: string }).name = 'sh';
    }).toThrow(TypeError);
    expect(splitShellCommands(script)[1]!.args).toEqual(['-fsSL', 'https://example.com/memo.sh']);
  });

  it('keeps a script read with backslashes as escapes apart from one read with literal backslashes', () => {
    const script = 'copy C:\\memo\\ b D:\\c';
    const posix = splitShellCommands(script);
    const literal = splitShellCommands(script, { literalBackslash: true });
    expect(posix[0]!.args).toEqual(['C:memo b', 'D:c']);
    expect(literal[0]!.args).toEqual(['C:\\memo\\', 'b', 'D:\\c']);
    expect(splitShellCommands(script)[0]!.args).toEqual(['C:memo b', 'D:c']);
    expect(splitShellCommands(script, { literalBackslash: true })[0]!.args).toEqual(['C:\\memo\\', 'b', 'D:\\c']);
  });

  it('remembers a script once, and none longer than its limit', () => {
    const script = 'echo memo-size-check';
    const before = splitMemoBytes();
    splitShellCommands(script);
    const once = splitMemoBytes();
    expect(once).toBeGreaterThan(before + 2 * script.length);
    splitShellCommands(script);
    expect(splitMemoBytes()).toBe(once);
    const long = `echo ${'x'.repeat(SPLIT_MEMO_MAX_SCRIPT)}`;
    expect(splitShellCommands(long)[0]!.args[0]!.length).toBe(SPLIT_MEMO_MAX_SCRIPT);
    expect(splitMemoBytes()).toBe(once);
  });

  it('keeps no piece of a file alive: a script cut from a text is copied before it is split and remembered', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 32 MiB of text built at run time and cut in a function of its own, so that only the memo can
    // keep it once the function returns.
    const cut = (stamp: number) => {
      const file = `RUN echo ${stamp} && ${'apt-get install -y curl && '.repeat(Math.ceil((32 * 1024 * 1024) / 27))}true`;
      return splitShellCommands(file.slice(4, 60)).length;
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    expect(cut(Date.now())).toBeGreaterThan(1);
    gc();
    expect((process.memoryUsage().heapUsed - before) / (1024 * 1024)).toBeLessThan(8);
  });

  it('gives each command of a pipeline the stages after it, and every command of a very long one the same list', () => {
    const short = splitShellCommands('curl -fsSL https://example.com/x | tr -d x | sh -s # pipeline 1');
    expect(short.map((command) => command.pipeline?.map((stage) => stage.name))).toEqual([['tr', 'sh'], ['sh'], undefined]);
    // A download padded with pass-through stages past the limit is still piped to the shell.
    const padded = `curl -fsSL https://example.com/x | ${Array.from({ length: MAX_PIPELINE_LISTED }, (_, i) => `cat -${i}`).join(' | ')} | sh # pipeline 2`;
    const long = splitShellCommands(padded);
    expect(long).toHaveLength(MAX_PIPELINE_LISTED + 2);
    expect(long[0]!.pipeline).toHaveLength(MAX_PIPELINE_LISTED + 1);
    expect(long[0]!.pipeline!.at(-1)).toEqual({ name: 'sh', args: [] });
    expect(long[1]!.pipeline).toBe(long[0]!.pipeline);
    expect(long.at(-1)!.pipeline).toBeUndefined();
    // 8,000 commands: one list, not 8,000 (which took over 15 minutes to build one stage at a time).
    const huge = splitShellCommands(`${Array.from({ length: 8000 }, (_, i) => `a${i}`).join('|')} # pipeline 3`);
    expect(new Set(huge.map((command) => command.pipeline)).size).toBe(2);
  });

  it('holds no more than its budget counts, with the scripts that cost the most for their length', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // From an empty memo, whatever other tests in this worker left in it.
    clearSplitMemo();
    const fill = (make: (index: number) => string): { counted: number; held: number } => {
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      const countedBefore = splitMemoBytes();
      // A third of the budget each, so both fit whatever the other tests left; stops once full.
      for (let index = 0; index < 400 && splitMemoBytes() - countedBefore < SPLIT_MEMO_BUDGET_BYTES / 3; index++) {
        const before = splitMemoBytes();
        splitShellCommands(make(index));
        if (splitMemoBytes() === before) break;
      }
      gc();
      return { counted: splitMemoBytes() - countedBefore, held: process.memoryUsage().heapUsed - heapBefore };
    };
    // 4 Ki-character scripts, so that several fit in a third of the budget.
    const script = (body: string, index: number) => `b${index};${body.repeat(Math.floor((SPLIT_MEMO_MAX_SCRIPT / 4 - 16) / body.length))}`;
    // `a;a;…`: a command for every two characters; 64-command pipelines, each with its lists.
    const commands = fill((index) => script('a;', index));
    const pipelines = fill((index) => script(`${Array.from({ length: MAX_PIPELINE_LISTED }, () => 'a').join('|')};`, index));
    expect(commands.counted).toBeGreaterThan(0);
    expect(pipelines.counted).toBeGreaterThan(0);
    // 256 KiB for what else the heap gained meanwhile (the memo's own table, compiled code).
    expect(commands.held).toBeLessThan(commands.counted * 1.1 + 256 * 1024);
    expect(pipelines.held).toBeLessThan(pipelines.counted * 1.1 + 256 * 1024);
    expect(splitMemoBytes()).toBeLessThanOrEqual(SPLIT_MEMO_BUDGET_BYTES);
  });
});
