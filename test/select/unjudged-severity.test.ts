import { describe, expect, it } from 'vitest';
import { type Finding, NO_RELATED } from '../../src/core/finding.js';
import type { Severity } from '../../src/core/severity.js';
import { raiseUnjudged } from '../../src/select/unjudged-severity.js';

const finding = (ruleId: string, severity: Severity = 'high'): Finding => ({
  ruleId,
  severity,
  title: 't',
  message: 'It was not judged.',
  path: 'compose.yaml',
  pointer: '',
  range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
  fingerprint: ruleId,
  related: NO_RELATED,
});
const NO_CONFIG = { rules: {} };

describe('raiseUnjudged', () => {
  it('raises what was not read or judged to a stricter fail-on, saying so, and nothing else', () => {
    const raised = raiseUnjudged([finding('parse-error'), finding('scan-incomplete'), finding('build-file-not-judged'), finding('compose-reference-unresolved'), finding('container-host-network')], 'critical', NO_CONFIG);
    expect(raised.map((f) => f.severity)).toEqual(['critical', 'critical', 'critical', 'critical', 'high']);
    expect(raised[0]!.message).toBe('It was not judged. Reported as critical, the fail-on threshold, since what was not judged may be that severe.');
    expect(raised[4]!.message).toBe('It was not judged.');
  });

  it('leaves them as they are at fail-on high or below, at none, and where the config sets their severity', () => {
    for (const failOn of ['high', 'medium', 'info', 'none'] as const) expect(raiseUnjudged([finding('parse-error')], failOn, NO_CONFIG)[0]!.severity).toBe('high');
    expect(raiseUnjudged([finding('parse-error')], 'critical', { rules: { 'parse-error': { enabled: true, severity: 'low' } } })[0]!.severity).toBe('high');
  });
});
