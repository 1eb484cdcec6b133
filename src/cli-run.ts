// The CLI itself, run by the launcher (cli.ts) in a worker thread: the process's own arguments,
// folder, environment and streams.
import { workerData } from 'node:worker_threads';
import { runCommandLine } from './commands/command-line.js';
import { type LauncherFacts, slowHeapGrowth } from './commands/run-in-worker.js';

// First, once the bundle is loaded: see SCAN_HEAP_GROWING_FLAG.
slowHeapGrowth();

// A worker's stdout and stderr are pipes to the launcher, never terminals; the launcher says what
// the process's own streams are, so colour and the progress line follow them.
const facts = workerData as LauncherFacts | null;
const stdout = Object.assign(process.stdout, { isTTY: facts?.stdoutIsTTY ?? process.stdout.isTTY });
const stderr = Object.assign(process.stderr, { isTTY: facts?.stderrIsTTY ?? process.stderr.isTTY });

// The exit code is set, never forced with process.exit(), so that a report piped into another
// program is written out in full before Node exits.
process.exitCode = await runCommandLine({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env, stdout, stderr });
