import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { runCommandLine } from '../../src/commands/command-line.js';

/** The repository root: the end-to-end tests run the bundle in its dist/ (built by test/global-setup.ts). */
export const REPO = new URL('../..', import.meta.url).pathname;
export const CLI = join(REPO, 'dist/cli.js');

/** One run of the CLI. `ms` is for messages only: no test asserts on wall-clock time. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** For a spawned run: a run that hangs is killed after this many ms (code -1). */
  timeout?: number;
}

/**
 * The variables the CLI's command runner reads from the environment it is given (see
 * `CommandLineIo`). Anything else (PATH for git, CONTAINMENT_REQUEST_TIMEOUT_MS, …) is read from
 * the process's own environment deep inside, so a test that sets it must spawn (`spawnCli`).
 */
const PASSED_THROUGH = new Set(['NO_COLOR', 'CI', 'GITHUB_TOKEN', 'GITHUB_API_URL', 'CONTAINMENT_RESOLVE_TIMEOUT_MS', 'HOME', 'DOCKER_CONFIG']);

/**
 * Runs the CLI's command runner (src/commands/command-line.ts) in this worker, as `containment
 * ARGS` would run in `cwd` (default: the current folder), with `NO_COLOR` set; returns the exit code
 * and both streams, and never throws for a non-zero exit. About a hundredth of the CPU of a spawned
 * run, which spends most of its time loading the 3 MB bundle: the default for every test of what
 * the CLI does. `spawnCli` runs the bundle itself, for what only a real process shows.
 */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  for (const name of Object.keys(options.env ?? {})) {
    if (!PASSED_THROUGH.has(name)) throw new Error(`runCli cannot pass ${name} to an in-process run; use spawnCli.`);
  }
  const started = Date.now();
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await runCommandLine({ argv: args, cwd: options.cwd ?? process.cwd(), env: { ...process.env, NO_COLOR: '1', ...options.env }, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text, ms: Date.now() - started };
}

/**
 * Runs the bundled CLI (dist/cli.js) in a child process with `NO_COLOR` set, in `cwd` (default:
 * the current folder), and never throws for a non-zero exit. A run that hangs is killed after
 * `timeout` ms (code -1). For what depends on being a process: the bundle itself, exit codes,
 * pipes, environment variables read deep inside.
 */
export async function spawnCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
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

/** A stream that keeps what is written to it, as text (not a terminal: `isTTY` is unset). */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}
