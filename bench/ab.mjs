// Alternated A/B runs of two or more builds of the CLI on one folder: each round runs every build
// once, in turn, so a change in the machine's load hits all of them. Prints, per build, the median
// CPU seconds (user + system), wall seconds and peak RSS (GNU time) of `scan DIR --format json`.
//
//   node bench/ab.mjs DIR RUNS CLI [CLI ...]
//   node bench/ab.mjs /tmp/corpus1 7 /tmp/old/dist/cli.js dist/cli.js
//
// A CLI written `NAME=VALUE:path/to/cli.js` runs with that variable set
// (`NODE_OPTIONS=--max-old-space-size=1792:dist/cli.js`). `floor` and `floor-dockerfile-ast` run
// the bench's floors on DIR instead (bench/floor.mjs, without and with `--dockerfile-ast`), so a
// build can be measured against them in the same rounds:
//
//   node bench/ab.mjs /tmp/corpus1 7 floor floor-dockerfile-ast dist/cli.js
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, runs, ...clis] = process.argv.slice(2);
if (!dir || !runs || clis.length === 0) {
  process.stderr.write('usage: node bench/ab.mjs DIR RUNS CLI [CLI ...]\n');
  process.exit(2);
}
const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path));
if (!gnuTime) {
  process.stderr.write('bench/ab.mjs needs GNU time (/usr/bin/time) for peak RSS.\n');
  process.exit(2);
}

const floor = join(fileURLToPath(new URL('..', import.meta.url)), 'bench/floor.mjs');
/** What `floor` and `floor-dockerfile-ast` run, in place of a CLI. */
const FLOORS = { floor: [floor, dir], 'floor-dockerfile-ast': [floor, dir, '--dockerfile-ast'] };

const results = new Map(clis.map((cli) => [cli, []]));
for (let round = 0; round < Number(runs); round++) {
  for (const cli of clis) {
    const setting = /^([A-Z_]+)=(.*):(.+)$/.exec(cli);
    const env = { ...process.env, ...(setting ? { [setting[1]]: setting[2] } : {}) };
    const file = setting ? setting[3] : cli;
    const args = FLOORS[file] ?? [file, 'scan', dir, '--format', 'json'];
    const run = spawnSync(gnuTime, ['-f', 'ab %e %U %S %M', process.execPath, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.status !== 0 && run.status !== 1) throw new Error(`${cli} exited ${run.status}:\n${run.stderr}`);
    const [wall, user, system, rssKb] = /^ab (\S+) (\S+) (\S+) (\S+)$/m.exec(run.stderr).slice(1).map(Number);
    results.get(cli).push({ wall, cpu: user + system, rss: rssKb / 1024 });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
for (const [cli, runs] of results) {
  const at = (key) => median(runs.map((run) => run[key]));
  process.stdout.write(`${cli.padEnd(48)} cpu ${at('cpu').toFixed(2)} s  wall ${at('wall').toFixed(2)} s  peak RSS ${at('rss').toFixed(0)} MB\n`);
}
