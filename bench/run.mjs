// `npm run bench`: builds the bundle, then measures the bundled CLI against the floor
// (bench/floor.mjs), and against the floor with each Dockerfile parsed by dockerfile-ast (the
// library the CLI reads them with), in the same run, alternating, on synthetic repositories
// generated at several scales (the no-network default) or on real folders (`--corpus`, see
// bench/corpus.mjs). Prints markdown.
//
//   node bench/run.mjs [--scales 1,10,100] [--runs 5] [--no-build] [--keep] [--cli PATH]
//   node bench/run.mjs --corpus DIR[,DIR…] [--runs 5]
//
// Every measurement is a child process timed from spawn to exit (wall clock), so Node's own
// start-up is in both the CLI's time and the floor's. Peak RSS comes from GNU time when present,
// else from a preload that reports the child's own maxRSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import { generate } from './generate.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench/out');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
// `--cli PATH` measures another bundle (an older build, for a before/after comparison).
const cli = option('cli', join(root, 'dist/cli.js'));
const floor = join(root, 'bench/floor.mjs');
const rssHook = join(root, 'bench/rss-hook.mjs');

// What is measured: real folders given with `--corpus`, or synthetic repositories at each scale.
const corpora = option('corpus', undefined)?.split(',');
const scales = corpora ? [] : option('scales', '1,10,100').split(',').map(Number);
const runsOverride = option('runs', undefined);
const runsFor = (scale) => Number(runsOverride ?? (scale >= 100 ? 3 : 5));
const targets = corpora
  ? corpora.map((dir) => ({ label: basename(dir), dir, runs: Number(runsOverride ?? 5) }))
  : scales.map((scale) => ({ label: `${scale}×`, scale, dir: join(out, `repo-${scale}x`), runs: runsFor(scale) }));

const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path) && spawnSync(path, ['-f', '%M', 'true']).status === 0);

/** Runs `node ...argv` once: wall milliseconds, peak RSS in MB, stderr. */
function measure(argv, env = {}) {
  const childEnv = { ...process.env, NO_COLOR: '1', ...env };
  const command = gnuTime ? gnuTime : process.execPath;
  const commandArgs = gnuTime ? ['-f', 'containment-bench-rss %M', process.execPath, ...argv] : ['--import', rssHook, ...argv];
  const start = process.hrtime.bigint();
  const run = spawnSync(command, commandArgs, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stderr = run.stderr.toString();
  if (run.status !== 0 && run.status !== 1) throw new Error(`node ${argv.join(' ')} exited ${run.status}:\n${stderr}`);
  const rss = /containment-bench-rss (\d+)/.exec(stderr);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stderr, stdout: run.stdout.toString() };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
// Stages timed inside `read+parse+judge` (src/pipeline/judge-as-read.ts), so not added to the others.
// Groups still waiting when the read ends (a Dockerfile refused, unreadable or past the time budget)
// are linked and judged after it, and that time falls in "report and exit".
const NESTED_STAGES = new Set(['link', 'judge linked']);
const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

if (!args.includes('--no-build') && option('cli', undefined) === undefined) {
  process.stderr.write('Building dist/ (npm run build)…\n');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
mkdirSync(out, { recursive: true });

// Cold start: `node -e 0` against the CLI on an empty folder, interleaved so drift hits both.
const empty = join(out, 'empty');
rmSync(empty, { recursive: true, force: true });
mkdirSync(empty);
const coldRuns = Math.max(9, Number(runsOverride ?? 5));
const bare = [];
const cold = [];
// The CLI keeps Node's compile cache (src/commands/run-in-worker.ts), so every start but a
// machine's first uses it; a start without it is measured too, as a first run pays that.
const uncached = [];
for (let i = 0; i < coldRuns; i++) {
  bare.push(measure(['-e', '0']).ms);
  cold.push(measure([cli, 'scan', empty]).ms);
  uncached.push(measure([cli, 'scan', empty], { NODE_DISABLE_COMPILE_CACHE: '1' }).ms);
}

const results = [];
for (const target of targets) {
  const { dir, label, runs } = target;
  let read;
  let total;
  if (target.scale !== undefined) {
    process.stderr.write(`Generating ${label} into ${dir}…\n`);
    const counts = generate(dir, target.scale);
    total = Object.values(counts).reduce((a, b) => a + b, 0);
    read = counts.compose + counts.dockerfile + counts.workflow + counts.action;
  }
  const floors = [];
  const parsedFloors = [];
  const scans = [];
  const rss = [];
  const cliArgs = [cli, 'scan', dir, '--format', 'json', '--output', '/dev/null', '--fail-on', 'none'];
  // One warm-up of each fills the page cache, so every timed run reads from memory alike.
  const warm = measure([floor, dir]);
  measure([floor, dir, '--dockerfile-ast']);
  measure(cliArgs);
  // For a real folder, the floor says how many files it read; the walk counts every file.
  read ??= Number(/^(\d+) files/.exec(warm.stdout)?.[1] ?? Number.NaN);
  total ??= Number(/(\d+) walked/.exec(warm.stdout)?.[1] ?? Number.NaN);
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`  ${label} run ${i + 1}/${runs}\n`);
    floors.push(measure([floor, dir]).ms);
    // The floor again with each Dockerfile parsed by dockerfile-ast, as Containment reads them.
    parsedFloors.push(measure([floor, dir, '--dockerfile-ast']).ms);
    const scan = measure(cliArgs);
    scans.push(scan.ms);
    rss.push(scan.rssMb);
  }
  // Per-stage and per-kind times come from one more run with the profile switched on.
  const profiled = measure(cliArgs, { CONTAINMENT_PROFILE: '1' }).stderr;
  const line = profiled.split('\n').find((l) => l.startsWith('containment-profile '));
  const profile = line ? JSON.parse(line.slice('containment-profile '.length)) : undefined;
  results.push({ label, runs, total, read, floor: median(floors), parsedFloor: median(parsedFloors), scan: median(scans), rss: Math.max(...rss), floorRss: warm.rssMb, profile });
}
if (!args.includes('--keep')) for (const { scale } of targets) if (scale !== undefined) rmSync(join(out, `repo-${scale}x`), { recursive: true, force: true });

const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  } catch {
    return cpus()[0]?.model ?? 'unknown CPU';
  }
})();
const lines = [];
lines.push(
  `Containment benchmark, ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, Node ${process.version}; medians of ${results.map((r) => `${r.runs} runs on ${r.label}`).join(', ')}.`,
  '',
  '| target | files (read / walked) | floor | floor, Dockerfiles parsed | CLI | CLI ÷ floor | CLI ÷ floor, Dockerfiles parsed | files/s (walked) | per 1,000 walked files | peak RSS (CLI) | peak RSS (floor) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
);
for (const r of results) {
  lines.push(
    `| ${r.label} | ${r.read} / ${r.total} | ${fixed(r.floor)} ms | ${fixed(r.parsedFloor)} ms | ${fixed(r.scan)} ms | ${fixed(r.scan / r.floor, 2)} | ${fixed(r.scan / r.parsedFloor, 2)} | ${fixed((r.total / r.scan) * 1000)} | ${fixed((r.scan / r.total) * 1000)} ms | ${fixed(r.rss)} MB | ${fixed(r.floorRss)} MB |`,
  );
}
lines.push(
  '',
  `Cold start (a scan of an empty folder): ${fixed(median(cold))} ms, against ${fixed(median(bare))} ms for \`node -e 0\`: +${fixed(median(cold) - median(bare))} ms; without the compile cache (a machine's first run) ${fixed(median(uncached))} ms: +${fixed(median(uncached) - median(bare))} ms.`,
  '',
  '| target | kind | files | parse | judge | parse per file |',
  '|---|---|---|---|---|---|',
);
for (const r of results) {
  for (const [kind, t] of Object.entries(r.profile?.kinds ?? {})) {
    lines.push(`| ${r.label} | ${kind} | ${t.files} | ${fixed(t.parseMs)} ms | ${fixed(t.evaluateMs)} ms | ${fixed((t.parseMs / t.files) * 1000)} µs |`);
  }
}
lines.push('', '| target | load | ' + STAGES().join(' | ') + ' | report and exit | total (profiled) |', `|---|---|${STAGES().map(() => '---|').join('')}---|---|`);
for (const r of results) {
  const p = r.profile;
  if (!p) continue;
  // `link` and `judge linked` run inside `read+parse+judge`: counted once, in it.
  const staged = STAGES().filter((s) => !NESTED_STAGES.has(s)).reduce((sum, s) => sum + (p.stages[s] ?? 0), 0);
  lines.push(`| ${r.label} | ${fixed(p.loadMs)} ms | ${STAGES().map((s) => `${fixed(p.stages[s] ?? 0)} ms`).join(' | ')} | ${fixed(p.totalMs - p.loadMs - staged)} ms | ${fixed(p.totalMs)} ms |`);
}
process.stdout.write(`${lines.join('\n')}\n`);

function STAGES() {
  // The files nothing links are judged as they are read (src/pipeline/judge-as-read.ts).
  return ['config', 'packs', 'compile', 'read+parse+judge', 'link', 'judge linked', 'select'];
}
