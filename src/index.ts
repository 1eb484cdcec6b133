// The Action's entry point: a launcher that runs the Action (action-run.ts) in a worker thread
// whose heap is sized for a scan (commands/run-in-worker.ts). No compile cache: every job starts
// on a fresh runner, where a cache would only cost its writing.
import { runInWorker } from './commands/run-in-worker.js';

runInWorker(new URL('./action-run.js', import.meta.url), { compileCache: false, name: 'containment' });
