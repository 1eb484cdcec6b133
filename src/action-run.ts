// The Action itself, run by the launcher (index.ts) in a worker thread: everything happens in
// run(), under its error boundary.
import { run } from './main.js';

await run();
