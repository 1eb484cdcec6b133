import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import type { DocumentKind } from '../../src/documents/source-document.js';
import { readYaml } from '../../src/documents/yaml-source.js';
import { MAX_ALIAS_EXPANSION } from '../../src/documents/yaml-value.js';
import { MAX_FINDINGS_PER_FILE } from '../../src/select/findings-cap.js';
import { cli, type JsonReport } from './cli-run.js';
import * as hostile from './hostile-tree.js';

/** Every resource limit, triggered, and reported when it triggers. */

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-limits-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the per-file size limit', () => {
  it('skips a larger file with a warning naming it and its size', async () => {
    await writeFile(join(work, 'compose.yaml'), hostile.longLineCompose(3000));
    const { files, notices } = await discover(work, { maxFileBytes: 1000 });
    expect(files).toEqual([]);
    expect(notices).toEqual([{ level: 'warning', path: 'compose.yaml', message: 'compose.yaml was not scanned: it is 2.9 KiB, over the 1000 bytes limit for one file.' }]);
  });
});

describe('the alias-expansion limit', () => {
  it(`reads aliases that add up to ${MAX_ALIAS_EXPANSION} values, and refuses more, as a located problem`, () => {
    // Each `*b` adds three values: the mapping, its key and its value.
    const aliases = (count: number) => `base: &b {image: x}\nlist:\n${'  - *b\n'.repeat(count)}`;
    const most = Math.floor(MAX_ALIAS_EXPANSION / 3);
    const read = readYaml(aliases(most));
    expect(read.broken).toBe(false);
    expect((read.value as { list: unknown[] }).list).toHaveLength(most);
    expect((read.value as { list: unknown[] }).list[most - 1]).toEqual({ image: 'x' });
    const refused = readYaml(aliases(most + 1));
    expect(refused.broken).toBe(true);
    expect(refused.problems).toEqual([
      { ruleId: 'parse-error', message: expect.stringContaining('expand to more than 200,000 values (200,001)'), range: expect.objectContaining({ start: { line: 3, column: 5 } }) },
    ]);
  });

  it('refuses a billion laughs at once, naming its size', () => {
    const refused = readYaml(hostile.aliasBomb());
    expect(refused.broken).toBe(true);
    expect(refused.problems).toEqual([expect.objectContaining({ ruleId: 'parse-error', message: expect.stringMatching(/expand to more than 200,000 values \(about \d+ million\)/) })]);
  });
});

describe('the per-file parse time budget', () => {
  it('names every file whose parse took longer than the budget, and still checks it', async () => {
    const folder = await mkdtemp(join(work, 'budget-'));
    await writeFile(join(folder, 'compose.yaml'), hostile.PRIVILEGED);
    const run = await cli(['scan', folder, '--format', 'json'], { CONTAINMENT_PARSE_BUDGET_MS: '0' });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.notices).toEqual([
      { level: 'notice', path: 'compose.yaml', message: expect.stringMatching(/^compose\.yaml took \d+ ms to parse, over the 0 ms budget for one file; it was still checked in full\./) },
    ]);
    expect(report.findings.some((f) => f.ruleId === 'container-privileged')).toBe(true);
  });

  it('says nothing under the default budget', async () => {
    const folder = await mkdtemp(join(work, 'budget-default-'));
    await writeFile(join(folder, 'compose.yaml'), hostile.PRIVILEGED);
    const report = JSON.parse((await cli(['scan', folder, '--format', 'json'])).stdout) as JsonReport;
    expect(report.notices).toEqual([]);
  });
});

describe('the cap on findings per file', () => {
  it(`reports at most ${MAX_FINDINGS_PER_FILE} per file, the most severe first, with one notice naming the file and the count`, async () => {
    const folder = await mkdtemp(join(work, 'cap-'));
    const services = Array.from({ length: 60 }, (_, i) => `  s${i}:\n    image: nginx:1.27\n    privileged: true\n`).join('');
    await writeFile(join(folder, 'compose.yaml'), `services:\n${services}`);
    await writeFile(join(folder, 'Dockerfile'), 'FROM alpine:3.20\nUSER root\n');
    const run = await cli(['scan', folder, '--format', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    const compose = report.findings.filter((f) => f.path === 'compose.yaml');
    expect(compose).toHaveLength(MAX_FINDINGS_PER_FILE);
    // Every critical finding survives the cap, so the verdict is the same.
    expect(compose.filter((f) => f.severity === 'critical')).toHaveLength(60);
    expect(run.code).toBe(1);
    expect(report.findings.some((f) => f.path === 'Dockerfile')).toBe(true);
    const notice = report.notices.find((n) => n.path === 'compose.yaml');
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toMatch(/^compose\.yaml has 600 findings; Containment reports at most 200 per file, the most severe first, so 400 more findings \([^)]*\) are not listed\./);
  });
});

describe('no parser is super-linear on the hostile inputs', () => {
  // Generous upper bounds that only a hang or a quadratic parser would exceed; the inputs are
  // large enough that quadratic work takes minutes (a 100,000-flag docker run took 4 minutes).
  const cases: Array<[string, DocumentKind, () => string]> = [
    ['a 100,000-flag docker run in a workflow', 'workflow', () => hostile.longDockerRunWorkflow()],
    ['a 20,000-line RUN continuation', 'dockerfile', () => hostile.dockerfileContinuations(20_000)],
    ['20,000-deep shell nesting', 'dockerfile', () => hostile.dockerfileDeepShell(20_000)],
    ['a 1 MB single-line RUN', 'dockerfile', () => hostile.longLineDockerfile(1_000_000)],
    ['a 3 MB single-line Compose file', 'compose', () => hostile.longLineCompose(3_000_000)],
    ['20,000-deep flow nesting', 'compose', () => hostile.deepFlow(20_000)],
    ['20,000-deep block nesting', 'compose', () => hostile.deepBlock(20_000)],
    ['an alias bomb', 'compose', () => hostile.aliasBomb()],
    ['a 1 MB binary file', 'compose', () => hostile.binaryBytes(1_000_000).toString('utf8')],
    ['a 1 MB binary Dockerfile', 'dockerfile', () => hostile.binaryBytes(1_000_000).toString('utf8')],
  ];

  it.each(cases)('parses %s within seconds', (_name, kind, make) => {
    const text = make();
    const started = Date.now();
    const document = parseDocument(kind, 'file', text);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(document.problems.length + document.subjects.length).toBeGreaterThan(0);
  }, 30_000);
});
