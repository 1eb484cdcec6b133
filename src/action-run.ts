// The Action itself, run by the launcher (index.ts) in a worker thread: everything happens in
// run(), under its error boundary.
import { slowHeapGrowth } from './commands/run-in-worker.js';
import { run } from './main.js';

// First, once the bundle is loaded: see SCAN_HEAP_GROWING_FLAG.
slowHeapGrowth();
await run();
