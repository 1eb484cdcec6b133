import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { compareWithBase } from '../../src/select/compare.js';
import { temporaryRepositories } from '../support/temp-repository.js';

// A message quotes a value of more than 120 characters cut; the finding keeps it whole to compare:
// a job appended past the cut of the list of jobs a write permission reaches passed as existing,
// since the cut text read the same (helper-41), and a digest of it made removing a job new (helper-44).

const repo = temporaryRepositories('containment-long-values-');
const workflow = (jobs: string[]) =>
  `on: push\npermissions:\n  contents: write\njobs:\n${jobs.map((job) => `  ${job}: {runs-on: ubuntu-latest, steps: [{run: echo hi}]}\n`).join('')}`;
const jobs = Array.from({ length: 8 }, (_, i) => `job0${i}_xxxxxxxx`);

async function novelty(base: string[], head: string[]): Promise<string[]> {
  const before = await scan({ root: repo({ '.github/workflows/ci.yml': workflow(base) }) });
  const after = await scan({ root: repo({ '.github/workflows/ci.yml': workflow(head) }) });
  return compareWithBase(after.findings, before.findings)
    .findings.filter((f) => f.ruleId === 'workflow-permissions-write-scope')
    .map((f) => f.novelty ?? '');
}

describe('a long quoted value compared whole', () => {
  it('a job added past the cut is new', async () => {
    expect(await novelty(jobs, [...jobs, 'zzz_deploy'])).toEqual(['new']);
  });

  it('the same jobs are existing', async () => {
    expect(await novelty(jobs, jobs)).toEqual(['existing']);
  });

  it('a job removed or renamed past the cut narrows or keeps the list: existing (helper-44)', async () => {
    expect(await novelty(jobs, jobs.slice(0, -1))).toEqual(['existing']);
  });

  it('the message shows the value cut; the finding keeps it whole to compare', async () => {
    const result = await scan({ root: repo({ '.github/workflows/ci.yml': workflow(jobs) }) });
    const finding = result.findings.find((f) => f.ruleId === 'workflow-permissions-write-scope')!;
    expect(finding.message).toContain("...");
    expect(finding.valueKeys?.some((key) => key.includes('job07_xxxxxxxx'))).toBe(true);
  });
});

describe('a version bump of an unpinned reference is not a new finding (helper-44)', () => {
  const compose = (image: string) => `services:\n  web:\n    image: ${image}\n`;
  const steps = (uses: string) => `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n`;
  async function compare(baseFiles: Record<string, string>, headFiles: Record<string, string>, rule: string): Promise<string[]> {
    const before = await scan({ root: repo(baseFiles) });
    const after = await scan({ root: repo(headFiles) });
    return compareWithBase(after.findings, before.findings).findings.filter((f) => f.ruleId === rule).map((f) => f.novelty ?? '');
  }

  it.each([
    ['nginx:1.27.1', 'nginx:1.27.2', 'existing'],
    ['registry.example:5000/team/app:1.0', 'registry.example:5000/team/app:1.1', 'existing'],
    ['nginx:1.27', 'evil/miner:1.27', 'new'],
  ])('image %s → %s: %s', async (from, to, expected) => {
    expect(await compare({ 'compose.yaml': compose(from) }, { 'compose.yaml': compose(to) }, 'image-not-pinned-by-digest')).toEqual([expected]);
  });

  it.each([
    ['actions/checkout@v4.1.0', 'actions/checkout@v4.2.0', 'existing'],
    ['actions/checkout@v4', 'evil/checkout@v4', 'new'],
  ])('action %s → %s: %s', async (from, to, expected) => {
    expect(await compare({ '.github/workflows/ci.yml': steps(from) }, { '.github/workflows/ci.yml': steps(to) }, 'action-not-pinned')).toEqual([expected]);
  });
});

describe('a baseline recorded with versions still matches (helper-46)', () => {
  it('an entry for nginx:1.27 and actions/checkout@v4 hides the same findings', async () => {
    const { applyBaseline } = await import('../../src/select/baseline.js');
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n', '.github/workflows/ci.yml': 'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' };
    const result = await scan({ root: repo(files) });
    const pinned = result.findings.filter((f) => f.ruleId === 'image-not-pinned-by-digest' || f.ruleId === 'action-not-pinned');
    expect(pinned).toHaveLength(2);
    // As an older build wrote them: the values with their versions.
    const old = { version: 1 as const, findings: pinned.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, values: f.ruleId === 'action-not-pinned' ? ['actions/checkout@v4'] : ['web', 'nginx:1.27'] })) };
    const applied = applyBaseline(pinned, old);
    expect(applied.kept).toEqual([]);
    expect(applied.suppressed).toHaveLength(2);
  });
});
