import { SHARE_ENV, Worker } from 'node:worker_threads';

/**
 * The young generation of the thread that scans, in MiB. V8 sizes a young generation as three
 * semi-spaces, so this is 16 MiB semi-spaces (`--max-semi-space-size=16`). On a 64-bit machine
 * Node lets the young generation grow to 128 MiB by default, which a scan's stream of short-lived
 * parse trees fills: on the real corpus of bench/README.md (1,093 files) that was a third of the
 * peak RSS. Too small a young generation promotes parse trees that die soon after, and the old
 * generation grows with them. Measured alternately, medians of 7 runs (real corpus) and 3 (its 10
 * copies, and the synthetic 100x), peak RSS and wall time:
 *
 * | young generation | real corpus | corpus x 10 | synthetic 100x |
 * |---|---|---|---|
 * | Node's default (main thread) | 365 MB, 1.92 s | - | 837 MB, 7.67 s |
 * | 24 MiB | 240 MB, 1.87 s | 844 MB, 12.96 s | 899 MB, 7.99 s |
 * | 48 MiB | 258 MB, 1.83 s | 801 MB, 12.25 s | 870 MB, 7.92 s |
 * | 96 MiB | 298 MB, 1.86 s | 821 MB, 12.00 s | 854 MB, 7.59 s |
 *
 * A process cannot set its own heap flags once started, and the Action and an npm bin cannot pass
 * any to `node`; a worker's `resourceLimits` can.
 */
export const SCAN_YOUNG_GENERATION_MB = 48;

/** What the launcher tells the worker about the process's streams, which a worker cannot see. */
export interface LauncherFacts {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/**
 * Runs `entry` (an ES module of the same dist/ folder) in a worker thread with the process's
 * arguments, environment and standard streams, and sets `process.exitCode` to the worker's exit
 * code (never `process.exit()`, so output still buffered in a pipe is written). With
 * `compileCache`, Node's on-disk compile cache (`module.enableCompileCache`, Node >= 22.1; off when
 * `NODE_DISABLE_COMPILE_CACHE` is set) is enabled in the worker before `entry` is compiled: a
 * command-line tool is started again and again on one machine, and the cache saves about 20 ms of
 * each start (bench/README.md). An error that escapes `entry`, or a heap exhausted, is reported on
 * standard error with exit code 2.
 */
export function runInWorker(entry: URL, options: { compileCache: boolean; name: string }): void {
  const cache = options.compileCache ? "require('node:module').enableCompileCache?.();" : '';
  const facts: LauncherFacts = { stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true };
  const worker = new Worker(`${cache}import(${JSON.stringify(entry.href)});`, {
    eval: true,
    argv: process.argv.slice(2),
    env: SHARE_ENV,
    workerData: facts,
    resourceLimits: { maxYoungGenerationSizeMb: SCAN_YOUNG_GENERATION_MB },
    stdout: true,
    stderr: true,
  });
  relay(worker.stdout, process.stdout);
  relay(worker.stderr, process.stderr);
  worker.on('error', (error: Error & { code?: string }) => {
    const why =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? 'out of memory; give Node more with NODE_OPTIONS=--max-old-space-size=<MiB> (the default depends on the machine), or scan fewer files at once'
        : `unexpected error; please report it at https://github.com/containment-dev/containment/issues\n${error.stack ?? String(error)}`;
    process.stderr.write(`${options.name}: ${why}\n`);
    process.exitCode = 2;
  });
  worker.on('exit', (code) => {
    if (process.exitCode === undefined) process.exitCode = code;
  });
}

/**
 * Copies what the worker writes to one of the process's streams. A reader that stops early
 * (`containment scan | head`) closes the pipe: that is not an error, and the rest is read and
 * dropped, since a worker whose output nobody reads would wait for its reader forever.
 */
function relay(from: NodeJS.ReadableStream, to: NodeJS.WritableStream): void {
  from.pipe(to);
  to.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    from.unpipe(to);
    from.resume();
  });
}
