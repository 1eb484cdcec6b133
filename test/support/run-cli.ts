import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The repository root: the end-to-end tests run the bundle in its dist/ (built by test/global-setup.ts). */
export const REPO = new URL('../..', import.meta.url).pathname;
export const CLI = join(REPO, 'dist/cli.js');

/** One run of the bundled CLI. `ms` is for messages only: no test asserts on wall-clock time. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the bundled CLI with `NO_COLOR` set, in `cwd` (default: the current folder), and never
 * throws for a non-zero exit. A run that hangs is killed after `timeout` ms (code -1).
 */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<CliRun> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      maxBuffer: 256 * 1024 * 1024,
      timeout: options.timeout ?? 120_000,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', ms: Date.now() - started };
  }
}
