// The Action's entry point: a launcher that runs the Action (action-run.ts) in a worker thread
// whose heap is sized for a scan (commands/run-in-worker.ts). No compile cache: every job starts
// on a fresh runner, where a cache would only cost its writing.
import { besideLauncher, runInWorker } from './commands/run-in-worker.js';

await runInWorker(besideLauncher(import.meta.url, './action-run.js'), { name: 'containment', compileCache: undefined, annotate: true });
