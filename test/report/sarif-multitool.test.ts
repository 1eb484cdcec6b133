import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from '../e2e/repo.js';

const run = promisify(execFile);

interface ValidationLog {
  runs: Array<{ results?: Array<{ level?: string; ruleId: string; message: { text?: string; id?: string; arguments?: string[] } }> }>;
}

describe('SARIF from a realistic repository', () => {
  it("passes Microsoft's SARIF Multitool with GitHub's rules (--rule-kind Gh)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'containment-sarif-'));
    try {
      const sarif = join(dir, 'containment.sarif');
      const out = join(dir, 'validation.sarif');
      await run(process.execPath, [join(REPO, 'dist/cli.js'), 'scan', join(REPO, 'test/fixtures/insecure'), '--format', 'sarif', '--fail-on', 'none', '--output', sarif]);
      await run(join(REPO, 'node_modules/.bin/sarif-multitool'), ['validate', sarif, '--rule-kind', 'Gh', '--output', out]);
      // The Multitool writes its findings as SARIF (with a byte-order mark): no error-level result means valid.
      const log = JSON.parse((await readFile(out, 'utf8')).replace(/^\uFEFF/, '')) as ValidationLog;
      const problems = (log.runs[0]?.results ?? []).filter((result) => (result.level ?? 'warning') === 'error');
      expect(problems.map((result) => `${result.ruleId}: ${result.message.text ?? result.message.arguments?.join(' ')}`)).toEqual([]);
      const report = JSON.parse(await readFile(sarif, 'utf8'));
      expect(report.runs[0].results.length).toBeGreaterThan(20);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
