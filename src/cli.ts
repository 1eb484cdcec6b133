// The CLI's entry point: a launcher that runs the command line (cli-run.ts) in a worker thread
// whose heap is sized for a scan (commands/run-in-worker.ts). It imports nothing else, so that
// starting it costs next to nothing beside the worker.
import { besideLauncher, compileCacheFolder, runInWorker } from './commands/run-in-worker.js';

await runInWorker(besideLauncher(import.meta.url, './cli-run.js'), { name: 'containment', compileCache: compileCacheFolder() });
