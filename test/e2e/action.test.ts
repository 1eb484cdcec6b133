import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from './repo.js';

const ACTION = join(REPO, 'dist/index.js');
const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

let workspace: string;
let outputFile: string;
let summaryFile: string;

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the bundled Action as the runner does: inputs in INPUT_* variables, files for outputs and summary. */
async function action(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  // Inherit nothing from a runner this test may itself be running on.
  for (const [name, value] of Object.entries(process.env)) if (!/^(INPUT_|GITHUB_|RUNNER_)/.test(name)) env[name] = value;
  Object.assign(env, { GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile }, extraEnv);
  const defaults = { token: 'not-used', path: '.', config: '', 'fail-on': 'high', comment: 'false', annotations: 'true', 'sarif-file': '' };
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  let code = 0;
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [ACTION], { cwd: workspace, env }));
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    code = failed.code ?? -1;
    stdout = failed.stdout ?? '';
  }
  return { code, stdout, outputs: parseOutputs(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8') };
}

/** GITHUB_OUTPUT holds `name<<delimiter`, the value, then the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}


beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'containment-action-'));
  const files = await mkdtemp(join(tmpdir(), 'containment-runner-'));
  outputFile = join(files, 'output');
  summaryFile = join(files, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await writeFile(join(workspace, 'compose.yaml'), PRIVILEGED);
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('the Action', () => {
  it('annotates, summarises, sets outputs, writes SARIF and fails at fail-on', async () => {
    const run = await action({ 'sarif-file': 'reports/containment.sarif' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error title=Container runs privileged[^,]*,file=compose\.yaml,line=4,endLine=4,col=5,endColumn=\d+::\S/m);
    expect(run.stdout).toMatch(/^::error::Containment found \d+ findings? at or above fail-on 'high' \(\d+ critical/m);
    expect(run.outputs).toMatchObject({ critical: '1', 'sarif-file': join(workspace, 'reports/containment.sarif') });
    expect(Number(run.outputs.findings)).toBeGreaterThanOrEqual(1);
    for (const severity of ['high', 'medium', 'low', 'info']) expect(run.outputs[severity]).toMatch(/^\d+$/);
    expect(run.summary).toContain('## ❌ Containment: failed');
    expect(run.summary).toContain('| [container\\-privileged](https://github.com/containment-dev/containment/blob/main/docs/rules/container-privileged.md) | 🟣 critical | compose\\.yaml&#58;4 |');
    const sarif = JSON.parse(await readFile(join(workspace, 'reports/containment.sarif'), 'utf8'));
    const privileged = sarif.runs[0].results.find((result: { ruleId: string }) => result.ruleId === 'container-privileged');
    expect(privileged.locations[0].physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 5 });
  });

  it('passes with fail-on none and can leave annotations out', async () => {
    const run = await action({ 'fail-on': 'none', annotations: 'false' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^::(error|warning|notice) /m);
    expect(run.outputs.critical).toBe('1');
    expect(run.outputs['sarif-file']).toBeUndefined();
    expect(run.summary).toContain('## ✅ Containment: passed');
  });

  it('reports paths from the repository root when scanning a subfolder', async () => {
    await mkdir(join(workspace, 'services/api'), { recursive: true });
    await writeFile(join(workspace, 'services/api/compose.yaml'), PRIVILEGED);
    const run = await action({ path: 'services/api' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/file=services\/api\/compose\.yaml,line=4/);
    expect(run.stdout).not.toMatch(/file=compose\.yaml/);
  });

  it('fails with exit code 2 and an error annotation when its heap is too small for the scan', async () => {
    const run = await action({}, { NODE_OPTIONS: '--max-old-space-size=12' });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('::error title=containment::out of memory; give Node more with NODE_OPTIONS=--max-old-space-size=<MiB>');
  });

  it('fails with a clear message for a bad input', async () => {
    const run = await action({ 'fail-on': 'severe' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::Input 'fail-on' must be one of critical, high, medium, low, info, none; got 'severe'.");
    expect(run.outputs).toEqual({});
  });
});
