import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/run-cli.js';

/**
 * The repository's own workflows (release.yml, containment.yml) pass Containment at `medium`:
 * the bundled CLI judges a copy of `.github/workflows` at its usual place in an otherwise empty
 * folder, so nothing else in the repository (the insecure fixtures) is in the way.
 */
const work = mkdtempSync(join(tmpdir(), 'containment-own-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function judge(folder: string): Promise<{ code: number; findings: Array<{ ruleId: string; severity: string; path: string }> }> {
  const run = await runCli(['scan', folder, '--format', 'json', '--fail-on', 'medium']);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; severity: string; path: string }>; files: unknown[] };
  expect(report.files.length).toBeGreaterThan(0);
  return { code: run.code, findings: report.findings };
}

describe("the repository's own workflows", () => {
  it('pass Containment at medium: no finding of medium or more', async () => {
    const copy = join(work, 'own');
    mkdirSync(join(copy, '.github'), { recursive: true });
    cpSync(join(REPO, '.github/workflows'), join(copy, '.github/workflows'), { recursive: true });
    const { code, findings } = await judge(copy);
    expect(findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity))).toEqual([]);
    expect(code).toBe(0);
  });

  it('would fail if an action were pinned by tag instead of SHA (the check judges them)', async () => {
    const copy = join(work, 'tagged');
    mkdirSync(join(copy, '.github/workflows'), { recursive: true });
    const release = readFileSync(join(REPO, '.github/workflows/release.yml'), 'utf8').replace(/actions\/checkout@[0-9a-f]{40}/, 'actions/checkout@v7');
    writeFileSync(join(copy, '.github/workflows/release.yml'), release);
    const { code, findings } = await judge(copy);
    expect(findings.map((f) => f.ruleId)).toContain('action-not-pinned');
    expect(code).toBe(1);
  });

  it('runs Containment on its own pull requests from the checkout, and releases on a version tag', () => {
    const own = readFileSync(join(REPO, '.github/workflows/containment.yml'), 'utf8');
    expect(own).toMatch(/^\s+- uses: \.\/$/m);
    expect(own).toMatch(/^ {2}pull_request:/m);
    const release = readFileSync(join(REPO, '.github/workflows/release.yml'), 'utf8');
    expect(release).toContain("tags: ['v[0-9]+.[0-9]+.[0-9]+']");
    expect(release).toContain('git status --porcelain -- dist');
    // Every action is pinned by a full SHA with its version in a comment.
    for (const uses of [...own.matchAll(/^\s+- uses: (\S+)(.*)$/gm), ...release.matchAll(/^\s+- uses: (\S+)(.*)$/gm)]) {
      if (uses[1] === './') continue;
      expect(uses[1]).toMatch(/@[0-9a-f]{40}$/);
      expect(uses[2]).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });
});
