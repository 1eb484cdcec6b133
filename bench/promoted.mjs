// How much of a scan's memory V8 moves to the old generation: objects that survive two minor
// collections are promoted there and stay until a full collection, which comes only when the old
// generation has grown by a factor of what the last one kept, so what is promoted and soon dead
// sets much of the peak RSS. Runs the built scan (`dist/cli-run.js`, or the one given) in this
// process's child with the scanning thread's young generation (16 MiB semi-spaces, as
// src/commands/run-in-worker.ts gives it) and `--trace-gc-nvp`, and sums what each minor
// collection promoted. Prints MB promoted, the number of minor and full collections, and the
// heap each full collection kept.
//
//   node bench/promoted.mjs DIR [CLI-RUN.JS]
//   node bench/promoted.mjs /tmp/corpus10 /tmp/old/dist/cli-run.js
//
// The closing notes of issue #17 quote it for the causes of promotion found so far.
import { spawnSync } from 'node:child_process';

const [dir, entry = new URL('../dist/cli-run.js', import.meta.url).pathname] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/promoted.mjs DIR [CLI-RUN.JS]\n');
  process.exit(2);
}
const run = spawnSync(process.execPath, ['--max-semi-space-size=16', '--trace-gc-nvp', entry, 'scan', dir, '--format', 'json'], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
if (run.status !== 0 && run.status !== 1) throw new Error(`the scan exited ${run.status}:\n${run.stderr}`);
let promoted = 0;
let minor = 0;
const kept = [];
// --trace-gc-nvp writes one line per collection to standard output, among the report's lines.
for (const line of run.stdout.split('\n')) {
  const kind = / gc=(\w+) /.exec(line)?.[1];
  if (kind === 's') {
    minor++;
    promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
  } else if (kind === 'mc') {
    const after = Number(/ end_object_size=(\d+)/.exec(line)?.[1] ?? 0);
    kept.push(Math.round(after / 1048576));
  }
}
const mb = (bytes) => (bytes / 1048576).toFixed(1);
process.stdout.write(`${mb(promoted)} MB promoted in ${minor} minor collections; ${kept.length} full collections kept ${kept.join(', ')} MB\n`);
