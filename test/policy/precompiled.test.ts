import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generate } from '../../bench/generate.mjs';
import { scan } from '../../src/pipeline/scan.js';
import { REPO } from '../e2e/repo.js';

// The bundle carries the built-in packs and their validators precompiled (scripts/build.mjs);
// the sources load and compile them at run time. Both must judge every file the same way.

const CLI = join(REPO, 'dist/cli.js');

interface JsonFinding {
  ruleId: string;
  severity: string;
  path: string;
  message: string;
  fingerprint: string;
  range: unknown;
}

async function bundleScan(dir: string): Promise<{ findings: JsonFinding[]; compiledAtRunTime: number }> {
  const env = { ...process.env, CONTAINMENT_PROFILE: '1', NO_COLOR: '1' };
  const out = join(dir, '..', `${dir.split('/').pop()}-report.json`);
  const { stderr } = await promisify(execFile)(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--output', out, '--fail-on', 'none'], { env });
  const profile = JSON.parse(/containment-profile (.*)/.exec(stderr)![1]!) as { schemasCompiledAtRunTime: number };
  const { readFile } = await import('node:fs/promises');
  const report = JSON.parse(await readFile(out, 'utf8')) as { findings: JsonFinding[] };
  return { findings: report.findings, compiledAtRunTime: profile.schemasCompiledAtRunTime };
}

const essentials = (f: JsonFinding) => ({ ruleId: f.ruleId, severity: f.severity, path: f.path, message: f.message, fingerprint: f.fingerprint, range: f.range });

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-precompiled-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('precompiled built-in packs', () => {
  it('find exactly what the sources find, and the bundle compiles no schema to find it', async () => {
    const repo = join(work, 'repo');
    generate(repo, 1);
    const bundled = await bundleScan(repo);
    const source = await scan({ root: repo, failOn: 'none' });
    expect(bundled.compiledAtRunTime).toBe(0);
    expect(bundled.findings.length).toBeGreaterThan(50);
    expect(bundled.findings.map(essentials)).toEqual(source.findings.map((f) => essentials(f as unknown as JsonFinding)));
  }, 60_000);

  it('compile a rule again at run time when the config overrides its params', async () => {
    const repo = join(work, 'params');
    await mkdir(join(repo, '.github'), { recursive: true });
    await writeFile(join(repo, 'compose.yaml'), 'services:\n  web:\n    image: quay.io/example/web:1.0\n');
    const trusted = await bundleScan(repo);
    await writeFile(join(repo, '.github/containment.yml'), 'rules:\n  image-untrusted-registry:\n    params:\n      trustedRegistries: [quay.io]\n');
    const overridden = await bundleScan(repo);
    expect(trusted.findings.map((f) => f.ruleId)).toContain('image-untrusted-registry');
    expect(overridden.findings.map((f) => f.ruleId)).not.toContain('image-untrusted-registry');
    expect(overridden.compiledAtRunTime).toBeGreaterThan(0);
  }, 60_000);
});

describe('the bundle', () => {
  // Ajv's standalone code names its regular-expression engine once and calls it for every
  // pattern; with the default engine each pattern would be `new RegExp(…)`, JavaScript's
  // backtracking engine, which a pull request's values can stall.
  it.each(['dist/cli-run.js', 'dist/action-run.js'])('%s compiles every precompiled pattern with RE2 (lazyLinearRegExp), none with new RegExp', async (file) => {
    const { readFile } = await import('node:fs/promises');
    const code = await readFile(join(REPO, file), 'utf8');
    // The lazy form of src/core/linear-regex.ts: RE2, compiled on first use.
    const engines = new Set([...code.matchAll(/var (func\d+) = lazyLinearRegExp;/g)].map((m) => m[1]));
    const patterns = [...code.matchAll(/var pattern\d+ = (\w+(?: \w+)?)\(/g)].map((m) => m[1]!);
    // Built-in packs and the Compose Specification: one engine each.
    expect(engines.size).toBe(2);
    expect(patterns.length).toBeGreaterThan(40);
    expect(patterns.filter((engine) => !engines.has(engine))).toEqual([]);
  });
});
