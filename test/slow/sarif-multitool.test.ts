import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHostileTree } from '../hostile/hostile-tree.js';
import { REPO, runCli } from '../support/run-cli.js';
import { multitoolErrors } from '../support/sarif-multitool.js';

/**
 * The SARIF Containment writes, judged by Microsoft's SARIF Multitool with GitHub's rules: what
 * code scanning accepts. Slow (the Multitool is a .NET program), so these run in
 * `npm run test:slow`, which CI runs; `npm test` checks the SARIF's shape in test/report/sarif.test.ts.
 */

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-sarif-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('SARIF that passes the Multitool with GitHub rules (--rule-kind Gh)', () => {
  it('from a realistic repository', async () => {
    const sarif = join(work, 'insecure.sarif');
    const run = await runCli(['scan', join(REPO, 'test/fixtures/insecure'), '--format', 'sarif', '--fail-on', 'none', '--output', sarif]);
    expect(run.code).toBe(0);
    expect(await multitoolErrors(sarif)).toEqual([]);
    const report = JSON.parse(await readFile(sarif, 'utf8'));
    expect(report.runs[0].results.length).toBeGreaterThan(20);
  }, 120_000);

  it('with fixes: insertions, replacements and multi-line edits as artifactChanges', async () => {
    const { writeFile, mkdir } = await import('node:fs/promises');
    const root = join(work, 'fixable');
    await mkdir(join(root, '.github/workflows'), { recursive: true });
    await writeFile(join(root, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    ports: ["8080:80"]\n');
    await writeFile(join(root, 'Dockerfile'), 'FROM debian:12\nRUN apt-get install curl\nADD a /a\nWORKDIR app\nCMD run it\n');
    await writeFile(join(root, '.github/workflows/ci.yml'), 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n');
    const sarif = join(work, 'fixable.sarif');
    const run = await runCli(['scan', root, '--format', 'sarif', '--fail-on', 'none', '--output', sarif]);
    expect(run.code).toBe(0);
    expect(await multitoolErrors(sarif)).toEqual([]);
    const results = JSON.parse(await readFile(sarif, 'utf8')).runs[0].results as Array<{ ruleId: string; fixes?: Array<{ artifactChanges: unknown[] }> }>;
    const fixed = new Set(results.filter((r) => r.fixes?.[0]?.artifactChanges.length).map((r) => r.ruleId));
    expect([...fixed].sort()).toEqual(
      expect.arrayContaining(['command-apt-install-recommends', 'container-port-all-interfaces', 'container-restart-policy', 'dockerfile-add-instead-of-copy', 'dockerfile-shell-form-cmd', 'dockerfile-workdir-relative', 'workflow-permissions-missing']),
    );
  }, 120_000);

  it('from a repository holding every hostile case at once, with one result per finding', async () => {
    const tree = await writeHostileTree();
    try {
      const sarif = join(work, 'hostile.sarif');
      const [json, sarifRun] = await Promise.all([runCli(['scan', tree.root, '--format', 'json']), runCli(['scan', tree.root, '--format', 'sarif', '--output', sarif])]);
      expect(sarifRun.code).toBe(1);
      expect(await multitoolErrors(sarif)).toEqual([]);
      // One result per finding. The runs are separate processes, and whether deep-maps/ is read in
      // full or is one parse-error depends on the stack V8's compiled frames leave, so it is left out.
      const steady = (path: string) => !path.startsWith('deep-maps/');
      const results = JSON.parse(await readFile(sarif, 'utf8')).runs[0].results as Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      const findings = JSON.parse(json.stdout).findings as Array<{ path: string }>;
      expect(results.filter((result) => steady(result.locations[0]!.physicalLocation.artifactLocation.uri)).length).toBe(findings.filter((f) => steady(f.path)).length);
    } finally {
      await rm(tree.root, { recursive: true, force: true });
      await rm(tree.outside, { recursive: true, force: true });
    }
  }, 120_000);
});
