import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { withCustomPacks } from '../../src/policy/custom-packs.js';
import { testPack } from '../../src/policy/test-pack.js';
import { scan } from '../../src/scan.js';
import { ConfigError } from '../../src/select/config-error.js';

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

let dirs: string[] = [];
function packDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'containment-pack-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

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
  it('passes a pack whose examples hold', () => {
    const report = testPack(packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE }));
    expect(report.errors).toEqual([]);
    expect(report.outcomes.map((o) => o.passed)).toEqual([true, true]);
  });

  it('reports an example whose expected position is wrong, with what was found', () => {
    const report = testPack(packDir({ 'pack.yaml': PACK, 'acme-no-redis.yaml': RULE.replace('line: 3, column: 5', 'line: 2, column: 3') }));
    expect(report.outcomes[0]!.failures).toEqual(['expected a finding at 2:3, found 3:5-3:19', expect.stringContaining('unexpected finding at 3:5-3:19')]);
  });
});
