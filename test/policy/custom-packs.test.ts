import { afterEach, describe, expect, it } from 'vitest';
import { formatPackTestReport, packTestExitCode, testPack } from '../../src/commands/test-pack.js';
import { ConfigError } from '../../src/core/config-error.js';
import { scan } from '../../src/pipeline/scan.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { withCustomPacks } from '../../src/policy/custom-packs.js';
import { removeTempDirs, tempDir } from '../support/rule-files.js';

const PACK = 'id: acme\ntitle: Acme rules\ndescription: Our own rules.\nversion: 1.0.0\n';
const RULE = `id: acme-no-redis
title: Redis is not allowed here
severity: high
subject: image
schema:
  properties:
    repository: { not: { const: library/redis } }
message: "{{name}} uses redis, which our platform does not support; use the managed cache."
rationale: Platform policy.
remediation: Use the managed cache.
references:
  - url: https://example.com/policy
tests:
  - file: compose.yaml
    content: |
      services:
        cache:
          image: redis:7
    expect: [{ line: 3, column: 5 }]
  - file: compose.yaml
    content: |
      services:
        cache:
          image: valkey/valkey:8
    expect: []
`;

const packDir = (files: Record<string, string>) => tempDir(files);
afterEach(removeTempDirs);

describe('custom packs', () => {
  it('loads a pack folder beside the built-in packs', () => {
    const dir = packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE });
    const packs = withCustomPacks(loadBuiltinPacks(), [dir]);
    expect(packs.at(-1)).toMatchObject({ id: 'acme', rules: [expect.objectContaining({ id: 'acme-no-redis' })] });
  });

  it('loads a folder of packs', () => {
    const dir = packDir({ 'acme/pack.yaml': PACK, 'acme/acme-no-redis.yaml': RULE });
    expect(withCustomPacks([], [dir]).map((p) => p.id)).toEqual(['acme']);
  });

  it('is a configuration error naming the file, line and field when a rule is broken', () => {
    const dir = packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE.replace('severity: high', 'severity: severe') });
    expect(() => withCustomPacks([], [dir], () => 'my-pack')).toThrow(ConfigError);
    expect(() => withCustomPacks([], [dir], () => 'my-pack')).toThrow(/acme-no-redis\.yaml:3:1: "severity" must be one of/);
  });

  it('refuses a rule id that a built-in rule already has', () => {
    const dir = packDir({ 'pack.yaml': PACK, 'container-privileged.yaml': RULE.replace('acme-no-redis', 'container-privileged') });
    expect(() => withCustomPacks(loadBuiltinPacks(), [dir])).toThrow(/already used by policies\/docker\/container-privileged\.yaml/);
  });

  it('judges a scanned repository with the custom rule', async () => {
    const pack = packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE });
    const repo = packDir({ 'compose.yaml': 'services:\n  cache:\n    image: redis:7.4\n' });
    const result = await scan({ root: repo, packs: [pack] });
    expect(result.findings.filter((f) => f.ruleId === 'acme-no-redis').map((f) => f.range.start)).toEqual([{ line: 3, column: 5 }]);
    expect(result.rules.some((r) => r.id === 'acme-no-redis')).toBe(true);
  });
});

describe('testPack', () => {
  it('passes a pack whose examples hold', async () => {
    const report = await testPack(packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE }));
    expect(report.errors).toEqual([]);
    expect(report.outcomes.map((o) => o.passed)).toEqual([true, true]);
  });

  it('reports an example whose expected position is wrong, with what was found', async () => {
    const report = await testPack(packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE.replace('line: 3, column: 5', 'line: 2, column: 3') }));
    expect(report.outcomes[0]!.failures).toEqual(['expected a finding at 2:3, found 3:5-3:19', expect.stringContaining('unexpected finding at 3:5-3:19')]);
  });

  // Issue 13: a rule with only failing examples may fire on everything; with only passing ones it
  // may never fire. Either passed its own examples.
  it.each([
    ['passing', RULE.replace('image: valkey/valkey:8\n    expect: []', 'image: redis:6\n    expect: [{ line: 3, column: 5 }]')],
    ['failing', RULE.replace(/ {2}- file: compose\.yaml\n {4}content: \|\n {6}services:\n {8}cache:\n {10}image: redis:7\n {4}expect: \[\{ line: 3, column: 5 \}\]\n/, `  - file: compose.yaml\n    content: "services: {a: {image: nginx:1}}"\n    expect: []\n`)],
  ])('fails a rule that has no %s example, naming the rule', async (kind, rule) => {
    const report = await testPack(packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': rule }));
    expect(report.errors).toEqual([]);
    expect(report.outcomes.every((o) => o.passed)).toBe(true);
    expect(report.incomplete).toEqual([{ rule: 'acme-no-redis', source: expect.stringMatching(/acme-no-redis\.yaml$/), lacks: kind }]);
    expect(packTestExitCode(report)).toBe(1);
    const text = formatPackTestReport(report);
    expect(text).toMatch(new RegExp(`^FAIL {3}acme-no-redis \\(.*\\): no ${kind} example`, 'm'));
    expect(text).toMatch(/^2 passed, 0 failed, 1 rule lacks a failing or passing example$/m);
  });

  it('exits 0 only when every example passes and every rule has both kinds', async () => {
    const report = await testPack(packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE }));
    expect(report.incomplete).toEqual([]);
    expect(packTestExitCode(report)).toBe(0);
  });
});
