// The CLI's entry point: a launcher that runs the command line (cli-run.ts) in a worker thread
// whose heap is sized for a scan (commands/run-in-worker.ts). It imports nothing else, so that
// starting it costs next to nothing beside the worker.
import { runInWorker } from './commands/run-in-worker.js';

runInWorker(new URL('./cli-run.js', import.meta.url), { compileCache: true, name: 'containment' });
