import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_YOUNG_GENERATION_MB } from '../../src/commands/run-in-worker.js';

const run = promisify(execFile);

/**
 * A stand-in for the scan (`cli-run.js` beside the launcher): it keeps 300,000 small objects, then
 * makes garbage that lives long enough to reach the old generation (batches of 100,000 objects,
 * four alive at a time), as a scan's parsed files do, and prints how many full collections V8 made.
 */
const STAND_IN = `
import { PerformanceObserver, constants } from 'node:perf_hooks';
let major = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
});
observer.observe({ entryTypes: ['gc'] });
const kept = [];
for (let i = 0; i < 300000; i++) kept.push({ i, s: 'kept' + i });
const alive = [];
for (let round = 0; round < 80; round++) {
  const batch = [];
  for (let i = 0; i < 100000; i++) batch.push({ i, s: 'garbage' + i });
  alive.push(batch);
  if (alive.length > 4) alive.shift();
}
setTimeout(() => {
  observer.disconnect();
  process.stdout.write(JSON.stringify({ major, kept: kept.length }) + '\\n');
}, 50);
`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'containment-heap-'));
  // The built launcher resolves ./cli-run.js beside its own file: here, the stand-in.
  copyFileSync(join(__dirname, '../../dist/cli.js'), join(work, 'cli.js'));
  writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(work, 'cli-run.js'), STAND_IN);
  // The same stand-in in a worker with the same young generation, and no flags.
  writeFileSync(
    join(work, 'plain.js'),
    `import { Worker } from 'node:worker_threads';
new Worker(new URL('./cli-run.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: ${SCAN_YOUNG_GENERATION_MB} }, stdout: false });\n`,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const majorCollections = async (script: string): Promise<number> => {
  const { stdout, stderr } = await run(process.execPath, [join(work, script)], { env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
  // An unknown V8 flag is not an error, only a line on standard error: there must be none.
  expect(stderr).toBe('');
  const counted = JSON.parse(stdout) as { major: number; kept: number };
  expect(counted.kept).toBe(300000);
  return counted.major;
};

describe('the scanning thread heap', () => {
  it('collects in full when the old generation has grown by 60%, not by the up to 4x V8 would allow', async () => {
    const launched = await majorCollections('cli.js');
    const plain = await majorCollections('plain.js');
    // Measured on Node 22 and 24: 8-9 full collections under the launcher, 3-4 without its flags.
    expect(plain).toBeGreaterThanOrEqual(1);
    expect(launched).toBeGreaterThanOrEqual(plain * 2);
  });
});
