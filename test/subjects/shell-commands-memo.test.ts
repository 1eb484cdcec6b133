import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SPLIT_MEMO_MAX_SCRIPT, splitMemoSize, splitShellCommands } from '../../src/languages/shell-commands.js';

describe('the memo of split scripts', () => {
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
    const before = splitMemoSize();
    splitShellCommands(script);
    splitShellCommands(script);
    expect(splitMemoSize()).toBe(before + script.length);
    const long = `echo ${'x'.repeat(SPLIT_MEMO_MAX_SCRIPT)}`;
    expect(splitShellCommands(long)[0]!.args[0]!.length).toBe(SPLIT_MEMO_MAX_SCRIPT);
    expect(splitMemoSize()).toBe(before + script.length);
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
});
