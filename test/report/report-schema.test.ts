import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { JSON_REPORT_VERSION } from '../../src/report/json.js';
import { gitRepo } from '../support/git-repo.js';
import { REPO, runCli } from '../support/run-cli.js';

/**
 * docs/report.schema.json is the published shape of the JSON report. Real reports from the bundled
 * CLI validate against it, and against a strict copy in which every object allows only the keys the
 * schema documents, so a field the report gains without being documented fails here.
 */
const schema = JSON.parse(readFileSync(join(REPO, 'docs/report.schema.json'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'properties' || key === '$defs' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)])) : strict(value)]));
  return 'properties' in copy ? { ...copy, additionalProperties: false } : copy;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);
const validateStrict = ajv.compile({ ...(strict(schema) as object), $id: `${String(schema.$id)}?strict` });
const work = mkdtempSync(join(tmpdir(), 'containment-report-schema-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function check(report: unknown): void {
  for (const v of [validate, validateStrict]) {
    const ok = v(report);
    expect(ok ? [] : v.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
  }
}

describe('docs/report.schema.json', () => {
  it('is versioned: its $id names the release, and version is the report shape version', () => {
    expect(schema.$id).toBe(`https://github.com/containment-dev/containment/raw/v${pkg.version}/docs/report.schema.json`);
    expect((schema.properties as { version: { const: number } }).version.const).toBe(JSON_REPORT_VERSION);
  });

  it.each(['insecure', 'typical', 'hardened'])('holds the report of test/fixtures/%s', async (fixture) => {
    const run = await runCli(['scan', join(REPO, 'test/fixtures', fixture), '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(run.stdout) as { findings: unknown[] };
    if (fixture === 'insecure') expect(report.findings.length).toBeGreaterThan(10);
    check(report);
  });

  it('holds a report with suppressions, refused suppressions, a baseline and a comparison', async () => {
    const folder = mkdtempSync(join(work, 'repo-'));
    const repo = gitRepo(folder);
    repo.commit('base', {
      'compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n    # containment: ignore[container-no-memory-limit] set by the orchestrator\n    privileged: true\n',
      'Dockerfile': 'FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add curl\n',
    });
    const baseline = join(folder, 'baseline.json');
    writeFileSync(baseline, (await runCli(['baseline', folder])).stdout);
    writeFileSync(join(folder, 'compose.yaml'), 'services:\n  app:\n    image: nginx:1.27\n    privileged: true # containment: ignore[container-privileged] needed for the test\n  web:\n    image: nginx:1.27\n    user: root\n');
    const run = await runCli(['scan', folder, '--format', 'json', '--changed', '--baseline', baseline, '--fail-on', 'none']);
    const report = JSON.parse(run.stdout) as { pullRequest?: unknown; suppressionsNotApplied: unknown[]; suppressed: unknown[] };
    expect(report.pullRequest).toBeDefined();
    expect(report.suppressed.length).toBeGreaterThan(0);
    check(report);
  });
});
