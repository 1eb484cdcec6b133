import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './run-cli.js';

interface ValidationLog {
  runs: Array<{ results?: Array<{ level?: string; ruleId: string; message: { text?: string; arguments?: string[] } }> }>;
}

/**
 * Validates a SARIF file with Microsoft's SARIF Multitool and GitHub's rules (`--rule-kind Gh`),
 * the checks code scanning applies on upload. Returns the error-level results as
 * `ruleId: message` lines: an empty list means valid. Slow (a .NET start-up of seconds), so only
 * the tests under test/slow/ (`npm run test:slow`) call it.
 */
export async function multitoolErrors(sarif: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'containment-multitool-'));
  try {
    const out = join(dir, 'validation.sarif');
    await promisify(execFile)(join(REPO, 'node_modules/.bin/sarif-multitool'), ['validate', sarif, '--rule-kind', 'Gh', '--output', out]);
    // The Multitool writes its findings as SARIF, with a byte-order mark.
    const log = JSON.parse((await readFile(out, 'utf8')).replace(/^\uFEFF/, '')) as ValidationLog;
    return (log.runs[0]?.results ?? [])
      .filter((result) => (result.level ?? 'warning') === 'error')
      .map((result) => `${result.ruleId}: ${result.message.text ?? result.message.arguments?.join(' ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
