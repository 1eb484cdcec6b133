import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Finding } from '../../src/core/finding.js';
import { applyBaseline, makeBaseline, parseBaseline } from '../../src/select/baseline.js';

const f = (fingerprint: string, line = 1): Finding => ({
  ruleId: 'r',
  severity: 'high',
  title: 't',
  message: 'm',
  path: 'compose.yaml',
  pointer: '',
  range: { start: { line, column: 1 }, end: { line, column: 2 } },
  fingerprint,
  related: [],
});

describe('baseline', () => {
  it('round-trips, hides known findings by fingerprint and lists fixed ones', () => {
    const baseline = parseBaseline(JSON.stringify(makeBaseline([f('a'), f('b'), f('a', 9)])), 'b.json');
    expect(baseline.findings.map((e) => e.fingerprint)).toEqual(['a', 'b']);
    const result = applyBaseline([f('a', 30), f('c')], baseline);
    expect(result.kept.map((x) => x.fingerprint)).toEqual(['c']);
    expect(result.suppressed.map((x) => [x.fingerprint, x.suppression.kind])).toEqual([['a', 'baseline']]);
    expect(result.fixed.map((x) => x.fingerprint)).toEqual(['b']);
  });

  it('rejects a file that is not a baseline with a message saying how to fix it', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(ConfigError);
    expect(() => parseBaseline('{"version":2,"findings":[]}', 'b.json')).toThrow(/regenerate it with 'containment baseline'/);
  });
});
