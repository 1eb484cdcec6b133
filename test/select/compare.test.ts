import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { NO_RELATED } from '../../src/core/finding.js';
import { compareWithBase } from '../../src/select/compare.js';

const finding = (fingerprint: string, valueKey: string | undefined, line = 1, message = 'web mounts a host path'): Finding => ({
  ruleId: 'container-sensitive-host-mount',
  severity: 'high',
  title: 'Sensitive host path mounted',
  message,
  path: 'compose.yaml',
  pointer: '/services/web/volumes/0',
  range: { start: { line, column: 1 }, end: { line, column: 5 } },
  fingerprint,
  related: NO_RELATED,
  ...(valueKey !== undefined ? { valueKey } : {}),
});

describe('compareWithBase', () => {
  it('matches by fingerprint and value key, whatever the line and the message', () => {
    const { findings, fixed } = compareWithBase([finding('a', 'k1', 9, 'jobs build, lint inherit it')], [finding('a', 'k1', 3, 'job build inherits it')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing']);
    expect(fixed).toEqual([]);
  });

  it('calls a finding whose value changed at the same place new, and the base one fixed', () => {
    const { findings, fixed } = compareWithBase([finding('a', 'root')], [finding('a', 'certs')]);
    expect(findings.map((f) => [f.valueKey, f.novelty])).toEqual([['root', 'new']]);
    expect(fixed.map((f) => f.valueKey)).toEqual(['certs']);
  });

  it('compares a finding without a value key (a problem) by fingerprint alone', () => {
    const { findings } = compareWithBase([finding('p', undefined, 6, 'first on line 6')], [finding('p', undefined, 5, 'first on line 5')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing']);
  });

  it('counts repeats: one base finding matches one head finding', () => {
    const { findings, fixed } = compareWithBase([finding('a', 'k'), finding('a', 'k'), finding('b', 'k')], [finding('a', 'k')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing', 'new', 'new']);
    expect(fixed).toEqual([]);
  });
});
