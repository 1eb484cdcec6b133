import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as core from '@actions/core';
import { afterEach, beforeEach } from 'vitest';
import { run } from '../../src/main.js';
import { FakeGitHub } from './fake-github.js';
import { REPO } from './repo.js';

const ACTION = join(REPO, 'dist/index.js');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunnerOptions {
  /** The repository's files, by path. */
  files: Record<string, string>;
  inputs?: Record<string, string>;
  /** The fake API's URL; unset runs with no API at all. */
  apiUrl?: string;
  event?: 'pull_request' | 'pull_request_target' | 'push';
  pullRequest?: { number: number; headSha: string; baseSha?: string; fork?: boolean };
  env?: Record<string, string>;
  /** A command to run the bundled Action under (`['/usr/bin/time', '-v']`), for measurements; implies `spawn`. */
  wrap?: string[];
  /** Runs the bundled dist/index.js in a child process instead of src/main.ts in this worker. */
  spawn?: boolean;
}

/** A workspace with its files, and the runner's files beside it, as one job step sees them. */
export async function makeWorkspace(files: Record<string, string>): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'containment-gh-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  return workspace;
}

/**
 * Runs the Action as the runner does: `INPUT_*` variables (upper-cased, dashes kept), the GITHUB_*
 * variables, an event payload file, and GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. By default in
 * this worker (see `runInWorker`); with `spawn` (or `wrap`), the bundled dist/index.js in a child
 * process, for what only a process shows. Asynchronous, because the fake API answers from here.
 */
export async function runAction(workspace: string, options: Omit<RunnerOptions, 'files'>): Promise<ActionRun> {
  const runner = await mkdtemp(join(tmpdir(), 'containment-runner-'));
  const outputFile = join(runner, 'output');
  const summaryFile = join(runner, 'summary');
  const eventFile = join(runner, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const pull = options.pullRequest ?? { number: 7, headSha: 'a'.repeat(40) };
  await writeFile(
    eventFile,
    JSON.stringify({
      action: 'synchronize',
      number: pull.number,
      pull_request: {
        number: pull.number,
        head: { sha: pull.headSha, ref: 'feature', repo: { full_name: pull.fork ? 'someone/repo' : 'owner/repo' } },
        base: { sha: pull.baseSha ?? 'b'.repeat(40), ref: 'main', repo: { full_name: 'owner/repo' } },
      },
      repository: { full_name: 'owner/repo', name: 'repo', owner: { login: 'owner' } },
    }),
  );
  const env: NodeJS.ProcessEnv = {};
  // Inherit nothing from a runner this test may itself run on, and no proxy: only 127.0.0.1 is reached.
  for (const [name, value] of Object.entries(process.env)) if (!RUNNER_VARIABLE.test(name)) env[name] = value;
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.event ?? 'pull_request',
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'containment',
    RUNNER_TEMP: runner,
    NO_PROXY: '127.0.0.1,localhost',
    CONTAINMENT_RETRY_BASE_MS: '1',
    ...(options.apiUrl ? { GITHUB_API_URL: options.apiUrl } : {}),
    ...options.env,
  });
  const defaults = { token: 'ghs_fake-token-0123456789', path: '.', 'fail-on': 'high', comment: 'true', annotations: 'auto' };
  for (const [name, value] of Object.entries({ ...defaults, ...options.inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout, stderr } = options.spawn || options.wrap ? await spawnAction(workspace, env, options.wrap ?? []) : await runInWorker(env);
  return { code, stdout, stderr, outputs: parseOutputs(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8') };
}

/** The variables a runner sets, and proxies: none of the test process's own reach the Action. */
const RUNNER_VARIABLE = /^(INPUT_|GITHUB_|RUNNER_|ACTIONS_)|proxy/i;

async function spawnAction(workspace: string, env: NodeJS.ProcessEnv, wrap: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const [command, ...args] = [...wrap, process.execPath, ACTION];
    const { stdout, stderr } = await promisify(execFile)(command!, args, { cwd: workspace, env, maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** In-worker runs one at a time: each owns the worker's environment and standard streams while it runs. */
let previousRun: Promise<unknown> = Promise.resolve();

/**
 * Runs src/main.ts's `run()` in this worker, as the bundle would run in a process with `env`:
 * @actions/core reads the inputs and the runner's files from `process.env`, writes workflow
 * commands to `process.stdout`, and fails the step through `process.exitCode`, so for the length
 * of the run this worker's environment is `env`, its standard streams are captured, and its exit
 * code is the run's; all three are restored afterwards (each vitest worker is its own process,
 * and runs its test files one at a time). The job summary's writer is a singleton that
 * keeps the first file it wrote to and what it failed to write: both are cleared first, as a new
 * process would start. About a tenth of the CPU of a spawned run (most of which is loading the
 * 4 MB bundle). What the process adds (the bundle itself, its exit) is proven by the spawned runs.
 */
function runInWorker(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const turn = previousRun.then(async () => {
    const savedEnv = { ...process.env };
    const savedExitCode = process.exitCode;
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    let stdout = '';
    let stderr = '';
    for (const name of Object.keys(process.env)) delete process.env[name];
    Object.assign(process.env, env);
    process.exitCode = undefined;
    core.summary.emptyBuffer();
    (core.summary as unknown as { _filePath?: string })._filePath = undefined;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      await run();
      const code = process.exitCode;
      return { code: typeof code === 'number' ? code : Number(code ?? 0), stdout, stderr };
    } finally {
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
      process.exitCode = savedExitCode;
      for (const name of Object.keys(process.env)) delete process.env[name];
      Object.assign(process.env, savedEnv);
    }
  });
  previousRun = turn.catch(() => undefined);
  return turn;
}

/** GITHUB_OUTPUT holds `name<<delimiter`, the value, then the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}

/** `count` Compose services, each privileged (critical), without `user:` (low) and without a CPU limit (info). */
export function manyServices(count: number): Record<string, string> {
  const services = Array.from({ length: count }, (_, index) => `  svc${String(index).padStart(3, '0')}:\n    image: nginx:1.27\n    privileged: true\n`);
  return {
    'compose.yaml': `services:\n${services.join('')}`,
    '.github/containment.yml': [
      'rules:',
      ...[
        'container-capabilities-not-dropped',
        'container-no-healthcheck',
        'container-no-memory-limit',
        'container-no-new-privileges',
        'container-no-pids-limit',
        'container-root-filesystem-writable',
        'image-not-pinned-by-digest',
      ].map((rule) => `  ${rule}: off`),
      '',
    ].join('\n'),
  };
}

/** One privileged Compose service: a critical finding that fails `fail-on: high`. */
export const PRIVILEGED_COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

/**
 * For every test of the calling file: a fresh fake GitHub and a workspace holding `files`, both
 * removed afterwards. A test may replace `workspace`; the replacement is removed instead.
 */
export function freshRunPerTest(files: Record<string, string>): { github: FakeGitHub; workspace: string } {
  const step = {} as { github: FakeGitHub; workspace: string };
  beforeEach(async () => {
    step.github = await new FakeGitHub().start();
    step.workspace = await makeWorkspace(files);
  });
  afterEach(async () => {
    await step.github.stop();
    await rm(step.workspace, { recursive: true, force: true });
  });
  return step;
}
