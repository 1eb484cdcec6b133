import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { compareWithBase } from '../../src/select/compare.js';
import { temporaryRepositories } from '../support/temp-repository.js';

// A message quotes a value of more than 120 characters cut, with its length and a digest of the
// whole: a job appended past the cut of the list of jobs a write permission reaches passed as
// existing, since the cut text read the same (helper-41).

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

  it('the message says the value was cut, how long it was and its digest', async () => {
    const result = await scan({ root: repo({ '.github/workflows/ci.yml': workflow(jobs) }) });
    const message = result.findings.find((f) => f.ruleId === 'workflow-permissions-write-scope')!.message;
    expect(message).toMatch(/\.\.\. \(\d{3} characters, digest [0-9a-f]{8}\)/);
  });
});
