import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/run-cli.js';

const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
const cli = (args: string[], cwd: string) => runCli(args, { cwd });

let work: string;
let empty: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-cli-'));
  empty = await mkdtemp(join(tmpdir(), 'containment-cli-empty-'));
  await writeFile(join(work, 'compose.yaml'), PRIVILEGED);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

describe('containment scan', () => {
  it('exits 1 and prints path:line:col  severity  rule-id  message when a finding reaches fail-on', async () => {
    const run = await cli(['scan', '.'], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^compose\.yaml:4:5 {2}critical {2}container-privileged {2}\S.*$/m);
    expect(run.stdout).toMatch(/^compose\.yaml$/m);
    expect(run.stdout).toMatch(/failing: .* reach(es)? --fail-on high/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('exits 0 when nothing reaches fail-on, or nothing is found', async () => {
    expect((await cli(['scan', work, '--fail-on', 'none'], empty)).code).toBe(0);
    const clean = await cli(['scan'], empty);
    // An empty scan says what it looked for (issue 18: it used to say only "0 files scanned").
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^Nothing to judge: no file here is one Containment reads\. It looks for Compose files \(compose\.yaml.*\), Dockerfiles .*GitHub workflows \(\.github\/workflows\/\*\.yml\).*\n$/);
  });

  it('prints SARIF 2.1.0 whose results carry exact start line and column', async () => {
    const run = await cli(['scan', '.', '--format', 'sarif'], work);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results.find((item: { ruleId: string }) => item.ruleId === 'container-privileged');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('compose.yaml');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 5 });
  });

  it('prints a JSON report', async () => {
    const report = JSON.parse((await cli(['scan', '.', '--format', 'json'], work)).stdout);
    expect(report).toMatchObject({ version: 1, failOn: 'high', failed: true, counts: { critical: 1 } });
  });

  it('writes --output to a file and keeps the verdict on stderr', async () => {
    const run = await cli(['scan', '.', '--format', 'sarif', '--output', 'out.sarif'], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Wrote the sarif report to');
    expect(JSON.parse(await readFile(join(work, 'out.sarif'), 'utf8')).runs).toHaveLength(1);
    await rm(join(work, 'out.sarif'));
  });

  // Issue 13: an output folder that does not exist yet crashed with "unexpected error; please report it".
  it('creates the folders of --output, for scan and baseline', async () => {
    const run = await cli(['scan', '.', '-o', 'reports/nested/x.sarif', '--format', 'sarif'], work);
    expect(run.code).toBe(1);
    expect(JSON.parse(await readFile(join(work, 'reports/nested/x.sarif'), 'utf8')).version).toBe('2.1.0');
    expect((await cli(['baseline', '.', '--output', 'baselines/today.json'], work)).code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'baselines/today.json'), 'utf8'))).toHaveProperty('findings');
    await rm(join(work, 'reports'), { recursive: true });
    await rm(join(work, 'baselines'), { recursive: true });
  });

  it('names an output path it cannot write, with exit 2 and no stack trace', async () => {
    await writeFile(join(work, 'a-file'), '');
    const run = await cli(['scan', '.', '-o', 'a-file/x.sarif'], work);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^containment: Could not write .*a-file\/x\.sarif: a part of the path is a file, not a folder/);
    const docs = await cli(['docs', '--out', 'a-file/pages'], work);
    expect(docs).toMatchObject({ code: 2, stdout: '' });
    expect(docs.stderr).toMatch(/^containment: Cannot mkdir .*a-file\/pages \(ENOTDIR\)\. Check the paths given on the command line\.\n$/);
    const config = await cli(['scan', '.', '--config', '.'], work);
    expect(config.stderr).toMatch(/^containment: Cannot read the config file: \S+ is not a regular file\./);
    for (const failed of [run, docs, config]) expect(failed.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
    await rm(join(work, 'a-file'));
  });

  it.each([
    [['scan', '--fail-on', 'severe'], /--fail-on must be one of critical, high, medium, low, info, none; got 'severe'/],
    [['scan', '--format', 'xml'], /--format must be one of text, json, sarif/],
    [['scan', 'no-such-folder'], /does not exist/],
    [['scan', '.', '--config', 'missing.yml'], /missing\.yml/],
    [['frobnicate'], /^containment: unknown command 'frobnicate'\. Commands: scan, .* \(see 'containment --help'\)\.\n$/],
    [['rules', '--fail-on', 'bogus'], /^containment: 'rules' does not accept --fail-on\. --fail-on belongs to scan\. 'rules' accepts --format, --framework, --pack, --help; see 'containment rules --help'\.\n$/],
    [['explain', 'container-privileged', '--changed'], /'explain' does not accept --changed/],
    [['subjects', '--config', 'c.yml'], /'subjects' does not accept --config/],
  ])('exits 2 with a message on stderr for %j', async (args, message) => {
    const run = await cli(args, work);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});

describe('checked inputs (issue 13): a bad config param or rule is exit 2 with a located message', () => {
  it('reports a config param of the wrong type at its line, never as an unexpected error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'containment-cli-params-'));
    try {
      await mkdir(join(dir, '.github'));
      await writeFile(join(dir, '.github/containment.yml'), 'rules:\n  action-not-pinned:\n    params:\n      exemptOwners: actions\n');
      const run = await cli(['scan', '.'], dir);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(/^containment: \.github\/containment\.yml:4:7: rules\.action-not-pinned\.params\.exemptOwners: "exemptOwners" must be array, got a string \("actions"\)/);
      expect(run.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
      await writeFile(join(dir, '.github/containment.yml'), 'rules:\n  container-sensitive-host-mount:\n    params:\n      sensitivePath: "^/srv"\n');
      const typo = await cli(['scan', '.'], dir);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('did you mean "sensitivePaths"?');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('test-pack refuses a rule that names a property its subject cannot have, and one without a passing example', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'containment-cli-pack-'));
    const rule = (id: string, property: string, passing: boolean) =>
      [
        `id: ${id}`,
        'title: No privileged containers',
        'severity: high',
        'subject: container',
        'schema:',
        '  properties:',
        `    ${property}: { not: { const: true } }`,
        'message: "{{name}} is privileged"',
        'rationale: Because.',
        'remediation: Remove it.',
        'references:',
        '  - url: https://example.com/policy',
        'tests:',
        '  - { file: compose.yaml, content: "services: {a: {image: x, privileged: true}}", expect: [{ line: 1, column: 41 }] }',
        `  - { file: compose.yaml, content: "services: {a: {image: x}}", expect: ${passing ? '[]' : '[{ line: 1, column: 12 }]'} }`,
        '',
      ].join('\n');
    try {
      await writeFile(join(dir, 'pack.yaml'), 'id: acme\ntitle: Acme\ndescription: Ours.\nversion: 1.0.0\n');
      await writeFile(join(dir, 'acme-privileged.yaml'), rule('acme-privileged', 'privilegd', true));
      const typo = await cli(['test-pack', '.'], dir);
      expect(typo.code).toBe(2);
      expect(typo.stdout).toMatch(/^error {2}\S*\/acme-privileged\.yaml:7:5 {2}"privilegd" is not a property of the container subject/m);
      await writeFile(join(dir, 'acme-privileged.yaml'), rule('acme-privileged', 'privileged', false));
      const thin = await cli(['test-pack', '.'], dir);
      expect(thin.code).toBe(1);
      expect(thin.stdout).toMatch(/^FAIL {3}acme-privileged \(.*acme-privileged\.yaml\): no passing example/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('containment rules, --help, --version', () => {
  it('lists the rules in a table', async () => {
    const run = await cli(['rules'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ID +SEVERITY +SUBJECT +TITLE +PACK$/m);
    expect(run.stdout).toMatch(/^container-privileged +critical +container +.+ +docker$/m);
  });

  it('prints help and the version', async () => {
    for (const args of [['--help'], ['help'], []]) {
      const run = await cli(args, work);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('containment scan [path]');
      expect(run.stdout).toContain("'containment help COMMAND'");
    }
    const version = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-V', '-v']) expect((await cli([flag], work)).stdout).toBe(`${version}\n`);
  });

  it("prints one command's flags with 'help COMMAND' and 'COMMAND --help'", async () => {
    const viaHelp = await cli(['help', 'rules'], work);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: containment rules \[options\]$/m);
    expect(viaHelp.stdout).toMatch(/^ {2}-f, --format text\|markdown\|equivalents\n +\S/m);
    expect(viaHelp.stdout).toMatch(/^ {6}--framework cis-docker\|owasp-docker\n +list the controls/m);
    expect(viaHelp.stdout).not.toContain('--fail-on');
    expect((await cli(['rules', '--help'], work)).stdout).toBe(viaHelp.stdout);
    expect((await cli(['scan', '-h'], work)).stdout).toMatch(/^ {6}--fail-on critical\|high\|medium\|low\|info\|none\n +exit 1 when/m);
  });
});
