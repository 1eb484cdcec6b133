import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/run-cli.js';

/**
 * The README's quick-start workflow is what most users copy: it must pass Containment itself at
 * `medium`. The one placeholder, the release's commit SHA (unknown until the tag exists), becomes
 * a 40-hex SHA; everything else is judged exactly as written.
 */
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const PLACEHOLDER = '<commit SHA of v1.0.0>';
const work = mkdtempSync(join(tmpdir(), 'containment-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function quickStart(): string {
  const section = readme.slice(readme.indexOf('## Quick start (GitHub Action)'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('the README has no quick-start workflow block');
  return block;
}

async function judge(workflow: string) {
  const folder = mkdtempSync(join(work, 'repo-'));
  mkdirSync(join(folder, '.github/workflows'), { recursive: true });
  writeFileSync(join(folder, '.github/workflows/containment.yml'), workflow);
  const run = await runCli(['scan', folder, '--format', 'json', '--fail-on', 'medium']);
  return { code: run.code, report: JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; severity: string }>; files: unknown[] } };
}

describe("the README's quick start", () => {
  it('passes Containment at medium', async () => {
    const workflow = quickStart();
    expect(workflow).toContain(PLACEHOLDER);
    const { code, report } = await judge(workflow.replace(PLACEHOLDER, 'a'.repeat(40)));
    expect(report.files).toHaveLength(1);
    expect(report.findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity))).toEqual([]);
    expect(code).toBe(0);
  });

  it('fails at medium when the Action is used by its major tag (so the pin matters)', async () => {
    const { code, report } = await judge(quickStart().replace(`@${PLACEHOLDER}`, '@v1'));
    expect(report.findings.map((f) => f.ruleId)).toEqual(['action-not-pinned']);
    expect(code).toBe(1);
  });

  it('keeps the SARIF upload from failing a private repository without Advanced Security', () => {
    const workflow = quickStart();
    const upload = workflow.slice(workflow.indexOf('codeql-action/upload-sarif'));
    expect(upload).toMatch(/\n\s+continue-on-error: true\n/);
    expect(readme).toMatch(/Private repositories\.\*\* Uploading SARIF[\s\S]{0,200}GitHub Advanced Security/);
  });
});
