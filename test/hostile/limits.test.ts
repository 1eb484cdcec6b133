import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKind } from '../../src/core/source-document.js';
import { discover } from '../../src/discover/discover.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { readYaml } from '../../src/documents/yaml-source.js';
import { MAX_ALIAS_EXPANSION } from '../../src/documents/yaml-value.js';
import { scan } from '../../src/pipeline/scan.js';
import { scanBudget } from '../../src/pipeline/scan-budget.js';
import { MAX_FINDINGS_PER_FILE } from '../../src/select/findings-cap.js';
import type { ScanResult } from '../../src/select/scan-result.js';
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
    expect(notices).toEqual([{ level: 'warning', path: 'compose.yaml', unread: true, message: 'compose.yaml was not scanned: it is 2.9 KiB, over the 1000 bytes limit for one file.' }]);
  });

  it('fails closed on it: the scan reports it as a located high scan-incomplete finding', async () => {
    await writeFile(join(work, 'compose.yaml'), `services:\n  pwn:\n    image: alpine:3.20\n    privileged: true\n${'# padding\n'.repeat(110_000)}`);
    const result = await scan({ root: work });
    const incomplete = result.findings.filter((f) => f.ruleId === 'scan-incomplete');
    expect(incomplete.map((f) => [f.path, f.severity, f.range.start.line])).toEqual([['compose.yaml', 'high', 1]]);
    expect(incomplete[0]!.message).toMatch(/over the 1\.0 MiB limit/);
    expect(result.failed).toBe(true);
  });
});

describe('the alias-expansion limit', () => {
  it(`reads aliases that add up to ${MAX_ALIAS_EXPANSION} values, and refuses more, as a located problem`, () => {
    // An alias adds the values it stands for: a mapping of 999 keys 1,999 (the mapping, its keys
    // and its values), one of one key 3, a scalar 1. 100 × 1,999 + 33 × 3 + 1 = 200,000 exactly, in
    // 134 aliases: as many values as 66,666 aliases of the small mapping, read in a twentieth of
    // the time.
    expect(MAX_ALIAS_EXPANSION).toBe(100 * 1999 + 33 * 3 + 1);
    const keys = Array.from({ length: 999 }, (_, i) => `k${i}: x`).join(', ');
    const aliases = (scalars: number) => `big: &b {${keys}}\nsmall: [&s {image: x}, &v x]\nlist:\n${'  - *b\n'.repeat(100)}${'  - *s\n'.repeat(33)}${'  - *v\n'.repeat(scalars)}`;
    const read = readYaml(aliases(1));
    expect(read.broken).toBe(false);
    const list = (read.value as { list: unknown[] }).list;
    expect(list).toHaveLength(134);
    expect(Object.keys(list[0] as object)).toHaveLength(999);
    expect(list[132]).toEqual({ image: 'x' });
    expect(list[133]).toBe('x');
    const refused = readYaml(aliases(2));
    expect(refused.broken).toBe(true);
    expect(refused.problems).toEqual([
      { ruleId: 'parse-error', message: expect.stringContaining('expand to more than 200,000 values (200,001)'), range: expect.objectContaining({ start: { line: 4, column: 5 } }) },
    ]);
  });

  it('refuses a billion laughs at once, naming its size', () => {
    const refused = readYaml(hostile.aliasBomb());
    expect(refused.broken).toBe(true);
    expect(refused.problems).toEqual([expect.objectContaining({ ruleId: 'parse-error', message: expect.stringMatching(/expand to more than 200,000 values \(about \d+ million\)/) })]);
  });
});

describe('the scan budget', () => {
  const repo = async (count: number): Promise<string> => {
    const folder = await mkdtemp(join(work, 'budget-'));
    for (let i = 0; i < count; i++) {
      await mkdir(join(folder, `svc${i}`));
      await writeFile(join(folder, `svc${i}`, 'compose.yaml'), hostile.PRIVILEGED);
    }
    return folder;
  };
  const judged = (result: ScanResult) => [...new Set(result.findings.filter((f) => f.ruleId === 'container-privileged').map((f) => f.path))];

  it('reads the first files in path order within the file budget, and ends in one located finding naming the rest', async () => {
    const folder = await repo(5);
    const result = await scan({ root: folder, budget: { files: 3 } });
    expect(judged(result)).toEqual(['svc0/compose.yaml', 'svc1/compose.yaml', 'svc2/compose.yaml']);
    expect(result.files).toHaveLength(3);
    const incomplete = result.findings.filter((f) => f.ruleId === 'scan-incomplete');
    expect(incomplete).toEqual([
      expect.objectContaining({
        severity: 'high',
        path: 'svc3/compose.yaml',
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        message: expect.stringMatching(/^Not fully scanned: this scan found 5 files \(0\.0 MiB\), over its budget of 3 files and 64\.0 MiB, so svc3\/compose\.yaml and 1 file after it in path order were not checked/),
      }),
    ]);
    // Fails closed at the default fail-on, whatever the judged files hold.
    expect(result.failOn).toBe('high');
    expect(result.failed).toBe(true);
  });

  it('cuts at the byte budget the same way, at the same file on every run', async () => {
    const folder = await repo(4);
    const size = Buffer.byteLength(hostile.PRIVILEGED);
    const runs = await Promise.all([1, 2, 3].map(() => scan({ root: folder, budget: { bytes: 2 * size + 1 } })));
    for (const result of runs) expect(judged(result)).toEqual(['svc0/compose.yaml', 'svc1/compose.yaml']);
    const incomplete = runs.map((result) => result.findings.find((f) => f.ruleId === 'scan-incomplete'));
    expect(incomplete[0]).toMatchObject({ path: 'svc2/compose.yaml' });
    expect(new Set(incomplete.map((f) => JSON.stringify(f)))).toHaveProperty('size', 1);
  });

  it('says nothing within the budget', async () => {
    const folder = await repo(2);
    const result = await scan({ root: folder });
    expect(result.findings.some((f) => f.ruleId === 'scan-incomplete')).toBe(false);
  });

  it('gives a different fingerprint when a different set of files goes unread, so a pull request that changes it fails', () => {
    const files = (names: string[]) => names.map((path) => ({ path, kind: 'compose' as const, size: 10 }));
    const stop = (names: string[]) => scanBudget(files(names), { files: 1 }).findings()[0]!.fingerprint;
    expect(stop(['a', 'b', 'c'])).toBe(stop(['a', 'b', 'c']));
    expect(stop(['a', 'b', 'c', 'd'])).not.toBe(stop(['a', 'b', 'c']));
  });

  it('stops reading when the time is up, as a last resort, naming the files not read', () => {
    let clock = 0;
    const files = ['a/compose.yaml', 'b/compose.yaml', 'c/compose.yaml'].map((path) => ({ path, kind: 'compose' as const, size: 10 }));
    const budget = scanBudget(files, { milliseconds: 100 }, () => clock);
    expect(budget.files).toHaveLength(3);
    expect(budget.expired()).toBe(false);
    clock = 101;
    expect(budget.expired()).toBe(true);
    budget.skip(files[2]!);
    budget.skip(files[1]!);
    expect(budget.findings()).toEqual([
      expect.objectContaining({ path: 'b/compose.yaml', message: expect.stringMatching(/^Not fully scanned: this scan ran past its time budget of 0 seconds, so b\/compose\.yaml and 1 file after it/) }),
    ]);
  });
});

describe('a file whose judging stops at the per-file limit', () => {
  it('fails closed even when every listed critical finding is suppressed', async () => {
    const folder = await mkdtemp(join(work, 'suppressed-'));
    const services = Array.from({ length: 250 }, (_, i) => `  s${i}:\n    image: nginx:1.27\n    # containment: ignore[container-privileged] a test fixture\n    privileged: true\n`).join('');
    await writeFile(join(folder, 'compose.yaml'), `services:\n${services}`);
    const result = await scan({ root: folder, failOn: 'high' });
    expect(result.findings.filter((f) => f.ruleId === 'container-privileged')).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'scan-incomplete')).toHaveLength(1);
    expect(result.failed).toBe(true);
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

  // A hang or a super-linear parser runs into the test's generous timeout; no wall-clock assertion.
  it.each(cases)('parses %s within seconds', (_name, kind, make) => {
    const document = parseDocument(kind, 'file', make());
    expect(document.problems.length + document.subjects.length).toBeGreaterThan(0);
  }, 30_000);
});
