import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { NO_RELATED } from '../../src/core/finding.js';
import { compareWithBase } from '../../src/select/compare.js';

const finding = (fingerprint: string, message: string, line = 1): Finding => ({
  ruleId: 'container-sensitive-host-mount',
  severity: 'high',
  title: 'Sensitive host path mounted',
  message,
  path: 'compose.yaml',
  pointer: '/services/web/volumes/0',
  range: { start: { line, column: 1 }, end: { line, column: 5 } },
  fingerprint,
  related: NO_RELATED,
});

describe('compareWithBase', () => {
  it('matches by fingerprint and message, whatever the line', () => {
    const { findings, fixed } = compareWithBase([finding('a', 'web mounts /etc/ssl/certs', 9)], [finding('a', 'web mounts /etc/ssl/certs', 3)]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing']);
    expect(fixed).toEqual([]);
  });

  it('calls a finding whose value changed at the same place new, and the base one fixed', () => {
    const { findings, fixed } = compareWithBase([finding('a', 'web mounts /')], [finding('a', 'web mounts /etc/ssl/certs')]);
    expect(findings.map((f) => [f.message, f.novelty])).toEqual([['web mounts /', 'new']]);
    expect(fixed.map((f) => f.message)).toEqual(['web mounts /etc/ssl/certs']);
  });

  it('counts repeats: one base finding matches one head finding', () => {
    const { findings, fixed } = compareWithBase([finding('a', 'm'), finding('a', 'm'), finding('b', 'm')], [finding('a', 'm')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing', 'new', 'new']);
    expect(fixed).toEqual([]);
  });
});
