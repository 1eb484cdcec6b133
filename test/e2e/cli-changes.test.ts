import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../support/run-cli.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });

/** The CLI in this worker, run in the repository (`scan .`). */
function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: repo });
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'containment-cli-changes-'));
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'compose.yaml'), 'services:\n  legacy:\n    image: nginx:1.27\n    privileged: true\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('containment scan --changed and baselines', () => {
  it('passes when the working tree adds nothing, and fails on what it adds, marking it new', async () => {
    expect((await cli('scan', '.', '--changed', '--base', 'HEAD')).code).toBe(0);
    writeFileSync(join(repo, 'compose.yaml'), 'services:\n  legacy:\n    image: nginx:1.27\n    privileged: true\n  proxy:\n    image: traefik:v3.1\n    network_mode: host\n');
    const run = await cli('scan', '.', '--changed', '--base', 'HEAD', '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; novelty: string; onChangedLine: boolean; range: { start: { line: number } } }> };
    expect(report.findings.find((f) => f.ruleId === 'container-host-network')).toMatchObject({ novelty: 'new', onChangedLine: true, range: { start: { line: 7 } } });
    expect(report.findings.find((f) => f.ruleId === 'container-privileged')).toMatchObject({ novelty: 'existing', onChangedLine: false });
    git('checkout', '--', 'compose.yaml');
  });

  it('says what to write when --base is not a commit', async () => {
    const run = await cli('scan', '.', '--changed', '--base', 'no-such-branch');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--base no-such-branch is not a commit');
  });

  it('records a baseline, then reports those findings as suppressed and passes', async () => {
    const baseline = join(repo, '.containment-baseline.json');
    const recorded = await cli('baseline', '.', '--output', baseline);
    expect(recorded.code).toBe(0);
    expect(JSON.parse(readFileSync(baseline, 'utf8')).findings.length).toBeGreaterThan(0);
    expect((await cli('scan', '.')).code).toBe(1);
    const run = await cli('scan', '.', '--baseline', baseline, '--format', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; suppressed: Array<{ suppression: { kind: string } }> };
    expect(report.findings).toEqual([]);
    expect(report.suppressed.every((f) => f.suppression.kind === 'baseline')).toBe(true);
    expect((await cli('scan', '.', '--baseline', join(repo, 'missing.json'))).stderr).toContain("Create it with 'containment baseline");
  });
});
