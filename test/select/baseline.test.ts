import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { type Finding, joinMessage } from '../../src/core/finding.js';
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

/** A finding whose message quotes one value from the files. */
const valued = (fingerprint: string, value: string, line = 1): Finding => ({ ...f(fingerprint, line), ...joinMessage([{ text: 'mounts ' }, { value }, { text: ' here' }]) });

describe('baseline', () => {
  it('round-trips, hides known findings by fingerprint and lists fixed ones', () => {
    const baseline = parseBaseline(JSON.stringify(makeBaseline([f('a'), f('b'), f('a', 9)])), 'b.json');
    expect(baseline.findings.map((e) => e.fingerprint)).toEqual(['a', 'b']);
    const result = applyBaseline([f('a', 30), f('c')], baseline);
    expect(result.kept.map((x) => x.fingerprint)).toEqual(['c']);
    expect(result.suppressed.map((x) => [x.fingerprint, x.suppression.kind])).toEqual([['a', 'baseline']]);
    expect(result.fixed.map((x) => x.fingerprint)).toEqual(['b']);
  });

  it('records the values a finding quotes, and an entry hides that finding with those values only', () => {
    const baseline = parseBaseline(JSON.stringify(makeBaseline([valued('m', '/etc/ssl/certs'), valued('j', '["build","lint"]'), f('p')])), 'b.json');
    expect(baseline.findings.map((e) => e.values)).toEqual([['/etc/ssl/certs'], ['["build","lint"]'], undefined]);
    const result = applyBaseline([valued('m', '/', 4), valued('j', '["build"]'), f('p', 7)], baseline);
    expect(result.kept.map((x) => x.message)).toEqual(['mounts / here']);
    expect(result.suppressed.map((x) => x.fingerprint)).toEqual(['j', 'p']);
    expect(result.fixed.map((x) => x.fingerprint)).toEqual(['m']);
  });

  it('matches an entry of an older baseline, without values, by fingerprint alone', () => {
    const old = parseBaseline(JSON.stringify({ version: 1, findings: [{ fingerprint: 'm', ruleId: 'r', path: 'compose.yaml' }] }), 'b.json');
    expect(applyBaseline([valued('m', '/')], old).suppressed).toHaveLength(1);
  });

  it('on a pull request, hides no finding the base revision lacks, and says which entry matched it', () => {
    const baseline = parseBaseline(JSON.stringify(makeBaseline([f('gone'), f('there')])), 'b.json');
    const result = applyBaseline([f('gone', 3), f('there', 5)], baseline, { isNew: (finding) => finding.fingerprint === 'gone' });
    expect(result.kept.map((x) => x.fingerprint)).toEqual(['gone']);
    expect(result.suppressed.map((x) => x.fingerprint)).toEqual(['there']);
    expect(result.stale.map(({ finding, entry }) => [finding.range.start.line, entry.fingerprint])).toEqual([[3, 'gone']]);
    expect(result.fixed).toEqual([]);
  });

  it('rejects a file that is not a baseline with a message saying how to fix it', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(ConfigError);
    expect(() => parseBaseline('{"version":2,"findings":[]}', 'b.json')).toThrow(/regenerate it with 'containment baseline'/);
    expect(() => parseBaseline('{"version":1,"findings":[{"fingerprint":"a","values":"/"}]}', 'b.json')).toThrow(ConfigError);
  });
});
