// The Action's entry point: everything happens in run(), under its error boundary.
import { run } from './main.js';

await run();
