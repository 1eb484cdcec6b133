import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { systemReason } from '../core/system-reason.js';

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

/**
 * The V8 flag that starts the scanning thread's young generation at its full size, 16 MiB
 * semi-spaces (`SCAN_YOUNG_GENERATION_MB` / 3), instead of a few MiB that V8 doubles as they fill
 * and shrinks again when it sees fit. Small, each minor collection comes sooner, so more of what a
 * file's judging still holds survives two of them and moves to the old generation, where it waits
 * for a full collection; at start-up, an empty scan made five minor collections and a full one
 * (12 ms of the worker's 107 ms, `--cpu-prof`). Set on the process before the worker is made: V8
 * reads heap flags when it makes an isolate, so the launcher's own heap is left as it is. Measured
 * alternately against the build without it (`node bench/ab.mjs`, medians), wall time and peak RSS:
 *
 * | folder | runs | without | with |
 * |---|---|---|---|
 * | real corpus (1,093 files) | 7 | 1.91 s, 224 MB | 1.87 s, 234 MB |
 * | real corpus x 10 | 5 | 11.95 s, 689 MB | 11.38 s, 626 MB |
 * | synthetic 100x | 3 | 7.81 s, 820 MB | 7.33 s, 642 MB |
 * | empty folder, with / without the compile cache | 15 | 104 / 132 ms | 94 / 119 ms |
 */
export const SCAN_SEMI_SPACE_FLAG = `--min-semi-space-size=${SCAN_YOUNG_GENERATION_MB / 3}`;

/**
 * The V8 flag that sets the factor by which the old generation may grow past what the last full
 * collection kept before the next one to 1.6 (V8 then adds the young generation's size to that
 * limit). Without it V8 picks the factor from how little time collecting takes, up to 4, and a
 * scan spends little: on the real corpus x 10 of bench/README.md (`--trace-gc`), a full
 * collection that kept 81 MB let the heap reach 392 MB before the next. What a scan keeps to its
 * end is findings and small facts, so the tighter factor costs a few more (concurrent) full
 * collections and little time. V8 applies the flag in every mode, so it also replaces the 1.1 to
 * 1.3 V8 would use close to the heap's limit; `NODE_OPTIONS=--max-old-space-size` still sets
 * that limit, and a review helper found a scan runs out of memory at the same limits with and
 * without the flag (16 to 192 MiB, real corpus). Measured alternately against the build without
 * it (`node bench/ab.mjs`, medians), wall time and peak RSS:
 *
 * | folder | runs | without | with |
 * |---|---|---|---|
 * | real corpus (1,093 files) | 7 | 1.73 s, 237 MB | 1.78 s, 228 MB |
 * | real corpus x 10 | 3 | 9.49 s, 624 MB | 9.90 s, 455 MB |
 * | synthetic 100x | 3 | 7.07 s, 674 MB | 6.98 s, 539 MB |
 *
 * V8 reads it at every full collection, for every isolate, so it also holds for the launcher's
 * own small heap, and for the scan when the permission model keeps it on the main thread. Set by
 * the programs (`slowHeapGrowth`), not by the launcher before the worker is made: set there, it
 * added 36 ms to every start (an empty folder, 15 runs: 103 -> 138 ms with the compile cache,
 * 129 -> 165 ms without; once the worker runs, 119 ms), as far as we can tell because V8 then
 * no longer takes its compiled code for the worker's start-up as it is. Set once the program's
 * bundle is loaded, it costs nothing measurable (103 / 131 ms).
 */
export const SCAN_HEAP_GROWING_FLAG = '--heap-growing-percent=60';

/**
 * Sets `SCAN_HEAP_GROWING_FLAG` for the rest of the process. Called by each program
 * (src/cli-run.ts, src/action-run.ts) as its first statement, once its bundle is loaded.
 */
export function slowHeapGrowth(): void {
  setFlagsFromString(SCAN_HEAP_GROWING_FLAG);
}

/** What the launcher tells the worker about the process's streams, which a worker cannot see. */
export interface LauncherFacts {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** How a launcher reports what ends its program early. */
export interface LaunchOptions {
  /** The program's name, first on every message (`containment: …`). */
  name: string;
  /**
   * A private folder for Node's compile cache (`compileCacheFolder`), or none. The cache saves
   * about 20 ms of each start of a command-line tool (README, "Performance"); the Action starts once per
   * fresh runner and has no use for one.
   */
  compileCache: string | undefined;
  /** Also write the message as a GitHub Actions error annotation (`::error::`), for the Action. */
  annotate?: boolean;
}

/**
 * Runs `entry` (an ES module beside the launcher's real file) in a worker thread with the
 * process's arguments, environment and standard streams, and sets `process.exitCode` to the
 * worker's exit code (never `process.exit()`, so output still buffered in a pipe is written).
 * With `compileCache`, Node's on-disk compile cache (`module.enableCompileCache`, Node >= 22.1) is
 * enabled in the worker, in that folder, before `entry` is compiled. An error that escapes `entry`,
 * a heap exhausted, or standard output failing (a full disk) is reported as `name: …` on standard
 * error with exit code 2. Where Node's permission model refuses threads (`--permission` without
 * `--allow-worker`), `entry` runs in this thread instead, with Node's default young generation
 * (the program still sets `SCAN_HEAP_GROWING_FLAG`).
 */
export async function runInWorker(entry: URL, options: LaunchOptions): Promise<void> {
  const fail = (why: string): void => {
    if (options.annotate) process.stdout.write(errorAnnotation(options.name, why));
    process.stderr.write(`${options.name}: ${why}\n`);
    process.exitCode = 2;
  };
  const cache = options.compileCache === undefined ? '' : `require('node:module').enableCompileCache?.(${JSON.stringify(options.compileCache)});`;
  const facts: LauncherFacts = { stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true };
  let worker: Worker;
  try {
    // V8 reads heap flags when it makes an isolate: this sets the worker's, not this thread's.
    setFlagsFromString(SCAN_SEMI_SPACE_FLAG);
    worker = new Worker(`${cache}import(${JSON.stringify(entry.href)});`, {
      eval: true,
      argv: process.argv.slice(2),
      env: SHARE_ENV,
      workerData: facts,
      resourceLimits: { maxYoungGenerationSizeMb: SCAN_YOUNG_GENERATION_MB },
      stdout: true,
      stderr: true,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_ACCESS_DENIED') throw error;
    // The program writes to the process's own stream and reports a failed write itself (so no second
    // message here); a closed pipe is not an error, and any other failure still ends in exit code 2.
    let broken = false;
    watchOutput(process.stdout, () => {
      broken = true;
    });
    process.on('exit', () => {
      if (broken) process.exitCode = 2;
    });
    await import(entry.href);
    return;
  }
  relay(worker.stdout, process.stdout, fail);
  relay(worker.stderr, process.stderr, fail);
  worker.on('error', (error: Error & { code?: string }) => {
    fail(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? 'out of memory; give Node more with NODE_OPTIONS=--max-old-space-size=<MiB> (the default depends on the machine), or scan fewer files at once'
        : `unexpected error; please report it at https://github.com/containment-dev/containment/issues\n${error.stack ?? String(error)}`,
    );
  });
  worker.on('exit', (code) => {
    if (process.exitCode === undefined) process.exitCode = code;
  });
}

/**
 * The first line of `why` as a GitHub Actions error annotation (`::error title=NAME::…`), escaped
 * as the workflow-command format requires (`%`, carriage return): an error's message may quote a
 * name from the pull request, and an unescaped `\r` or `%0A` in it would end the annotation or
 * start text of its own.
 */
export function errorAnnotation(name: string, why: string): string {
  const line = why.split('\n')[0]!.replace(/%/g, '%25').replace(/\r/g, '%0D');
  return `::error title=${name}::${line}\n`;
}

/**
 * Copies what the worker writes to one of the process's streams. A reader that stops early
 * (`containment scan | head`) closes the pipe: that is not an error, and the rest is read and
 * dropped, since a worker whose output nobody reads would wait for its reader forever. Any other
 * failure (a full disk) is one: the output is incomplete.
 */
function relay(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, fail: (why: string) => void): void {
  from.pipe(to);
  watchOutput(to, fail, () => {
    from.unpipe(to);
    from.resume();
  });
}

function watchOutput(stream: NodeJS.WritableStream, fail: (why: string) => void, drop?: () => void): void {
  let failed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    drop?.();
    if (error.code === 'EPIPE' || failed) return;
    failed = true;
    // Standard error itself failing leaves only the exit code to say so.
    if (stream === process.stderr) process.exitCode = 2;
    else fail(`Could not write standard output: ${systemReason(error)}; the report is incomplete.`);
  });
}

/**
 * The compile cache's folder: `containment/node-compile-cache` in the user's cache folder
 * (`$XDG_CACHE_HOME`, by default `~/.cache`), made private (mode 0700), or none. Never Node's
 * default, a folder under the system's temporary folder: another user of the machine could make
 * that folder first and put compiled code in it that this user's `containment` would then run.
 * None when the folder cannot be made, is not a folder of this user's, or others may write to it,
 * when `NODE_DISABLE_COMPILE_CACHE` is set, and on Windows (no owner to check). A folder set in
 * `NODE_COMPILE_CACHE` is the user's own choice and is used as given.
 */
export function compileCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE'] || process.getuid === undefined) return undefined;
  if (env['NODE_COMPILE_CACHE']) return env['NODE_COMPILE_CACHE'];
  const base = env['XDG_CACHE_HOME'] || (env['HOME'] ? join(env['HOME'], '.cache') : undefined);
  if (!base || !isAbsolute(base)) return undefined;
  const folder = join(base, 'containment', 'node-compile-cache');
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = lstatSync(folder);
    return info.isDirectory() && info.uid === process.getuid() && (info.mode & 0o022) === 0 ? folder : undefined;
  } catch {
    return undefined;
  }
}

/** The file a launcher's own `import.meta.url` names, with symbolic links resolved (npm's `.bin`). */
export function besideLauncher(launcher: string, file: string): URL {
  return new URL(file, pathToFileURL(realpathSync(fileURLToPath(launcher))));
}
