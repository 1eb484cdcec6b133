// What a scan's findings keep in memory: scans DIR in this process (the pipeline bundled from
// src/ with esbuild, so any checkout can be measured), then frees the findings and reports how much
// heap that gave back, in all and per finding. Full collections before each reading (--expose-gc).
//
//   node bench/finding-memory.mjs DIR
//   node bench/finding-memory.mjs /tmp/corpus1
//
// The closing notes of issue #17 quote it to compare two checkouts (run it in each).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/finding-memory.mjs DIR\n');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
// Two folders below the repository, as src/policy/builtin-pack-files.ts expects of its own file:
// the bundle reads the built-in packs from policies/ as the sources do.
const work = mkdtempSync(join(root, 'bench/out-finding-memory-'));
try {
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    `import { scan } from ${JSON.stringify(join(root, 'src/pipeline/scan.ts'))};
const gc = globalThis.gc;
const result = await scan({ root: process.argv[2] });
const count = result.findings.length;
gc(); gc();
const held = process.memoryUsage().heapUsed;
result.findings = [];
result.suppressed = [];
gc(); gc();
const freed = held - process.memoryUsage().heapUsed;
process.stdout.write(\`\${count} findings hold \${(freed / 1048576).toFixed(2)} MB: \${Math.round(freed / count)} bytes a finding\\n\`);
`,
  );
  const bundle = join(work, 'measure.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  const run = spawnSync(process.execPath, ['--expose-gc', bundle, dir], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
