import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { RuleInfo } from '../../src/policy/rule.js';
import { formatSarif } from '../../src/report/sarif.js';
import type { SuppressedFinding } from '../../src/select/suppress.js';
import { finding, RULES, scanResult } from './scan-result-fixture.js';

interface SarifRun {
  results: Array<{ level: string; baselineState?: string; suppressions?: unknown[]; partialFingerprints: Record<string, string>; relatedLocations?: unknown[] }>;
  invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
  tool: { driver: { rules: Array<{ properties: { tags: string[] } }> } };
}
const run = (text: string) => (JSON.parse(text) as { runs: SarifRun[] }).runs[0]!;
const notes = (sarif: SarifRun) => sarif.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
const quiet = { onCut: () => {} };

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const many = (count: number, overrides: (i: number) => Partial<Finding> = () => ({})) =>
  Array.from({ length: count }, (_, i) => finding({ path: `svc/${i}/compose.yaml`, fingerprint: `f${i}`, severity: SEVERITIES[i % 5], ...overrides(i) }));
const suppressed = (count: number): SuppressedFinding[] =>
  many(count, (i) => ({ fingerprint: `s${i}`, severity: 'critical' })).map((f) => ({ ...f, suppression: { kind: 'inline' as const, justification: 'accepted', line: 1 } }));

afterEach(() => vi.restoreAllMocks());

describe('SARIF within GitHub code scanning limits', () => {
  it(`keeps at most ${'25,000'} results, the most severe, and says what it left out`, () => {
    const findings = many(25_000 + 3000);
    const cut: string[] = [];
    const sarif = run(formatSarif(scanResult(findings, { suppressed: suppressed(500) }), { onCut: (line) => cut.push(line) }));
    expect(sarif.results).toHaveLength(25_000);
    // The suppressed ones go first, then the least severe: every error-level result stays.
    expect(sarif.results.filter((r) => r.suppressions)).toHaveLength(0);
    expect(sarif.results.filter((r) => r.level === 'error')).toHaveLength(findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length);
    expect(sarif.results.filter((r) => r.partialFingerprints['containment/v1']?.startsWith('f') && r.level === 'note').length).toBeLessThan(findings.filter((f) => f.severity === 'low' || f.severity === 'info').length);
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatch(/^3500 results \(500 critical, 3000 info; 500 of them suppressed\) are left out of this SARIF log: GitHub code scanning refuses a run of more than 25,000 results\./);
    expect(notes(sarif)).toContain(cut[0]);
    // Kept results stay in the scan's order (path, line), not the order they were chosen in.
    const kept = sarif.results.map((r) => Number(r.partialFingerprints['containment/v1']!.slice(1)));
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });

  it('keeps every new finding of a pull request before existing ones, whatever their severity', () => {
    const findings = many(40, (i) => ({ novelty: i < 10 ? 'new' : 'existing', severity: i < 10 ? 'info' : 'critical' }));
    const sarif = run(formatSarif(scanResult(findings), { maxResults: 25, ...quiet }));
    expect(sarif.results).toHaveLength(25);
    expect(sarif.results.filter((r) => r.baselineState === 'new')).toHaveLength(10);
    expect(notes(sarif).at(-1)).toMatch(/^15 results \(15 critical\) are left out/);
  });

  it('keeps a log within the limits as it was, with no notification', () => {
    const cut: string[] = [];
    const sarif = run(formatSarif(scanResult(many(100), { suppressed: suppressed(10) }), { onCut: (line) => cut.push(line) }));
    expect(sarif.results).toHaveLength(110);
    expect(cut).toEqual([]);
    expect(notes(sarif)).toEqual([]);
  });

  it('lists at most 999 related locations beside the result\'s own, and says so', () => {
    const related = (count: number) => Array.from({ length: count }, (_, i) => ({ path: `r/${i}.yaml`, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, message: `mounted here ${i}` }));
    const sarif = run(formatSarif(scanResult([finding({ related: related(1500) }), finding({ fingerprint: 'b', related: related(999) })]), quiet));
    expect(sarif.results[0]!.relatedLocations).toHaveLength(999);
    expect(sarif.results[1]!.relatedLocations).toHaveLength(999);
    expect(notes(sarif)).toEqual(['1 result has more related locations than GitHub code scanning takes (1,000 locations per result): only the first 999 are listed.']);
  });

  it('gives a rule at most 20 tags', () => {
    const rule: RuleInfo = { ...RULES[0]!, references: Array.from({ length: 30 }, (_, i) => ({ framework: 'cis-docker', id: `1.6.0:5.${i}` })) };
    const sarif = run(formatSarif(scanResult([], { rules: [rule] }), quiet));
    expect(sarif.tool.driver.rules[0]!.properties.tags).toHaveLength(20);
  });

  it('says what it cut on standard error when no one else is told (the command line)', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    formatSarif(scanResult(many(30)), { maxResults: 20 });
    expect(write).toHaveBeenCalledWith(expect.stringMatching(/^containment: 10 results \(.*\) are left out of this SARIF log: .*\n$/));
  });
});

describe('SARIF within code scanning\'s 10 MB compressed (helper-42)', () => {
  // Text that does not compress: what a pull request's random service names make.
  const noise = (seed: number, length: number) => {
    let x = seed + 1;
    let text = '';
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      text += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[x % 62];
    }
    return text;
  };

  it('keeps results, the most severe first, while they fit compressed, and says why it cut the rest', async () => {
    const { gzipSync } = await import('node:zlib');
    const findings = many(400, (i) => ({ message: `${noise(i, 1500)} is privileged`, related: [{ path: 'x.yaml', range: finding().range, message: noise(i + 7, 3000) }] }));
    const cut: string[] = [];
    const text = formatSarif(scanResult(findings), { onCut: (line) => cut.push(line), maxGzipBytes: 100_000 });
    const sarif = run(text);
    expect(sarif.results.length).toBeGreaterThan(20);
    expect(sarif.results.length).toBeLessThan(400);
    // The budget is of the results compressed in batches; the file around them (rules, indentation) adds a little.
    expect(gzipSync(JSON.stringify(sarif.results)).length).toBeLessThanOrEqual(110_000);
    expect(gzipSync(text).length).toBeLessThanOrEqual(120_000);
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatch(/ are left out of this SARIF log: GitHub code scanning refuses a SARIF file of more than 10 MB compressed/);
    // The most severe stay: every critical finding kept before any info one is dropped.
    const kept = new Set(sarif.results.map((r) => r.partialFingerprints['containment/v1']));
    const criticals = findings.filter((f) => f.severity === 'critical').map((f) => f.fingerprint);
    expect(criticals.filter((f) => kept.has(f)).length).toBe(Math.min(criticals.length, kept.size));
  });

  it('cuts a long message or related message instead of copying it whole, and leaves small logs alone', () => {
    const long = many(3, (i) => ({ message: `x${noise(i, 9000)}`, related: [{ path: 'x.yaml', range: finding().range, message: noise(i, 9000) }] }));
    const cut: string[] = [];
    const sarif = JSON.parse(formatSarif(scanResult(long), { onCut: (line) => cut.push(line) })) as { runs: Array<{ results: Array<{ message: { text: string }; relatedLocations: Array<{ message: { text: string } }> }> }> };
    for (const result of sarif.runs[0]!.results) {
      expect(result.message.text.length).toBeLessThanOrEqual(2_000);
      expect(result.message.text.endsWith('…')).toBe(true);
      expect(result.relatedLocations[0]!.message.text.length).toBeLessThanOrEqual(500);
    }
    expect(cut).toEqual([]);
  });
});

describe('SARIF notifications', () => {
  it('carries at most 1,000 notices, and counts the rest', () => {
    const notices = Array.from({ length: 1_500 }, (_, i) => ({ level: 'warning' as const, path: `d${i}/compose.yaml`, message: `d${i}/compose.yaml is a symlink that leads nowhere` }));
    const sarif = run(formatSarif(scanResult([], { notices }), quiet));
    const texts = notes(sarif);
    expect(texts).toHaveLength(1_001);
    expect(texts.at(-1)).toBe('500 more notices are left out of this SARIF log; the JSON report lists every one.');
  });

  it('cuts a long notice (helper-46)', () => {
    const sarif = run(formatSarif(scanResult([], { notices: [{ level: 'warning' as const, message: `${'x'.repeat(4000)} is a symlink that leads nowhere` }] }), quiet));
    expect(notes(sarif)[0]!.length).toBeLessThanOrEqual(500);
  });
});
