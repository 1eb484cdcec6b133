import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, cli, type JsonFinding, type JsonReport } from './cli-run.js';
import { type HostileTree, writeHostileTree } from './hostile-tree.js';

/**
 * Every hostile and broken case of issue 8 in one repository, scanned at once by the CLI: each
 * broken file is a located finding or a notice naming it, the good files beside them are checked
 * in full, nothing outside the root is read, and the run ends in seconds. The JSON run judges the
 * full tree; the SARIF and text runs judge the same tree with its two largest inputs at a tenth of
 * their size (each full scan costs seconds, and their point, a linear parse, is the JSON run's).
 */

let tree: HostileTree;
let tenth: HostileTree;
let work: string;
let json: CliRun;
let report: JsonReport;
let sarifRun: CliRun;
let text: CliRun;

beforeAll(async () => {
  tree = await writeHostileTree();
  tenth = await writeHostileTree({ tenth: true });
  work = await mkdtemp(join(tmpdir(), 'containment-hostile-out-'));
  [json, sarifRun, text] = await Promise.all([
    cli(['scan', tree.root, '--format', 'json']),
    cli(['scan', tenth.root, '--format', 'sarif', '--output', join(work, 'report.sarif')]),
    cli(['scan', tenth.root]),
  ]);
  report = JSON.parse(json.stdout) as JsonReport;
}, 120_000);

afterAll(async () => {
  await rm(tree.root, { recursive: true, force: true });
  await rm(tree.outside, { recursive: true, force: true });
  await rm(tenth.root, { recursive: true, force: true });
  await rm(tenth.outside, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const findingsIn = (path: string): JsonFinding[] => report.findings.filter((finding) => finding.path === path);
const at = (finding: JsonFinding | undefined) => finding && `${finding.range.start.line}:${finding.range.start.column}-${finding.range.end.line}:${finding.range.end.column}`;
const noticeFor = (path: string) => report.notices.find((notice) => notice.path === path && notice.message.includes(path));

describe('a repository holding every hostile case at once', () => {
  // No wall-clock assertion: a hang or a super-linear parser hits the 120 s limit of the runs above
  // (code -1). SARIF validity is checked by the Multitool in test/slow/ (npm run test:slow).
  it('is scanned, exiting 1 (findings reach fail-on), with no crash', () => {
    for (const run of [json, sarifRun, text]) {
      expect(run.stderr).not.toMatch(/unexpected error|Maximum call stack|at .*\.js:\d+/);
      expect(run.code).toBe(1);
    }
  });

  it('writes one SARIF result per finding', async () => {
    const parsed = JSON.parse(await readFile(join(work, 'report.sarif'), 'utf8'));
    const results = parsed.runs[0].results as Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    // The SARIF run judged the tenth-size tree: the same files, with the same findings (the scaled
    // inputs differ only in length). Whether deep-maps/ is read in full or is one parse-error
    // depends on how much stack V8's compiled frames leave (both are allowed above).
    const steady = (path: string) => !path.startsWith('deep-maps/');
    expect(results.filter((result) => steady(result.locations[0]!.physicalLocation.artifactLocation.uri)).length).toBe(report.findings.filter((f) => steady(f.path)).length);
  });

  it('checks the good files beside the broken ones in full', () => {
    const good = findingsIn('good/compose.yaml');
    expect(at(good.find((f) => f.ruleId === 'container-privileged'))).toBe('4:5-4:21');
    const beside = findingsIn('broken-middle/beside/compose.yaml');
    expect(beside.map((f) => f.ruleId).sort()).toEqual(good.map((f) => f.ruleId).sort());
    expect(findingsIn('long-line-under/compose.yaml').map((f) => f.ruleId).sort()).toEqual(good.map((f) => f.ruleId).sort());
  });

  it('reports a YAML alias bomb as a located problem', () => {
    const [problem] = findingsIn('alias-bomb/compose.yaml');
    expect(problem).toMatchObject({ ruleId: 'parse-error', message: expect.stringContaining('aliases') });
    expect(at(problem)).toMatch(/^2:8-2:/);
  });

  it.each(['deep-flow/compose.yaml', 'deep-block/compose.yaml', 'deep-maps/compose.yaml', '.github/workflows/deep.yml'])(
    'reports 5,000-deep nesting (%s) as one located problem, not one per level',
    (path) => {
      const problems = findingsIn(path).filter((f) => f.ruleId === 'parse-error');
      // Where the stack holds, the file is read and judged; where it does not, one problem says so.
      expect(findingsIn(path).length).toBeGreaterThan(0);
      expect(problems.length).toBeLessThanOrEqual(1);
      for (const problem of problems) expect(problem.message).toContain('levels deep');
    },
  );

  it('reads a Dockerfile with a 5,000-line continuation and 5,000-deep shell nesting', () => {
    expect(at(findingsIn('deep-dockerfile/Dockerfile').find((f) => f.ruleId === 'dockerfile-final-stage-root'))).toMatch(/^5004:1-/);
    expect(findingsIn('deep-shell/Dockerfile').some((f) => f.ruleId === 'image-not-pinned-by-digest')).toBe(true);
  });

  it('reads a 1 MB single line and reports a 3 MB one as over the size limit', () => {
    expect(findingsIn('long-line-dockerfile/Dockerfile').some((f) => f.ruleId === 'dockerfile-final-stage-root' && f.range.start.line === 3)).toBe(true);
    expect(noticeFor('long-line-over/compose.yaml')?.message).toMatch(/was not scanned: it is 2\.9 MiB, over the 1\.0 MiB limit/);
    expect(report.files.some((file) => file.path === 'long-line-over/compose.yaml')).toBe(false);
  });

  it('judges a docker run with 100,000 flags in a workflow (linear, not quadratic)', () => {
    expect(findingsIn('.github/workflows/docker-run.yml').some((f) => f.severity === 'critical')).toBe(true);
  });

  it.each(['binary/Dockerfile', 'binary/compose.yaml', '.github/workflows/binary.yml'])('reports the binary file %s once, at 1:1', (path) => {
    const found = findingsIn(path);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'parse-error', message: expect.stringContaining('binary') });
    expect(found[0]?.range.start).toEqual({ line: 1, column: 1 });
  });

  it('reads invalid UTF-8 with a notice naming the file, and still finds what it asks for', () => {
    expect(noticeFor('invalid-utf8/compose.yaml')?.message).toContain('is not valid UTF-8');
    expect(at(findingsIn('invalid-utf8/compose.yaml').find((f) => f.ruleId === 'container-privileged'))).toBe('4:5-4:21');
  });

  it('locates findings in a CRLF Compose file and a BOM Dockerfile exactly', () => {
    expect(at(findingsIn('crlf/compose.yaml').find((f) => f.ruleId === 'container-privileged'))).toBe('4:5-4:21');
    expect(at(findingsIn('crlf/compose.yaml').find((f) => f.ruleId === 'image-not-pinned-by-digest'))).toBe('3:5-3:22');
    // The BOM is not a column: FROM's image starts at column 6 as an editor shows it.
    expect(at(findingsIn('bom/Dockerfile').find((f) => f.ruleId === 'image-not-pinned-by-digest'))).toBe('1:6-1:17');
    expect(at(findingsIn('bom/Dockerfile').find((f) => f.ruleId === 'dockerfile-final-stage-root'))).toMatch(/^2:1-/);
  });

  it('reports a duplicate key where it is written, and judges the value that wins', () => {
    const found = findingsIn('duplicate-keys/compose.yaml');
    expect(at(found.find((f) => f.ruleId === 'duplicate-key'))).toBe('5:5-5:15');
    expect(at(found.find((f) => f.ruleId === 'container-privileged'))).toBe('5:5-5:21');
  });

  it('judges the second document of a multi-document Compose file, as Compose merges it', () => {
    const found = findingsIn('multi-document/compose.yaml');
    expect(found.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(found.find((f) => f.ruleId === 'container-privileged')?.range.start.line).toBe(8);
  });

  it('reports a syntax error in the middle of a file where it is', () => {
    const problems = findingsIn('broken-middle/compose.yaml');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.ruleId).toBe('parse-error');
      expect(problem.range.start.line).toBeGreaterThanOrEqual(5);
      expect(problem.range.start.line).toBeLessThanOrEqual(8);
    }
  });

  it('follows no symlink out of the root, and names every one it did not follow', () => {
    for (const path of ['symlink-passwd/compose.yaml', 'symlink-passwd/Dockerfile', 'symlink-outside/linked', 'symlink-outside/compose.yaml']) {
      expect(noticeFor(path)?.message).toContain('outside the scanned folder');
    }
    expect(noticeFor('symlink-loop/compose.yaml')?.message).toContain('leads nowhere');
    expect(report.files.filter((file) => file.path.startsWith('symlink-'))).toEqual([{ path: 'symlink-loop/Dockerfile', kind: 'dockerfile' }]);
    for (const output of [json.stdout, text.stdout, text.stderr]) {
      expect(output).not.toContain('secret.example');
      expect(output).not.toContain('root:x:0:0');
    }
  });

  it('reports the file with a hostile name', () => {
    expect(report.findings.some((f) => f.path.startsWith('hostile-names/x\n::error') && f.ruleId === 'container-privileged')).toBe(true);
  });
});
