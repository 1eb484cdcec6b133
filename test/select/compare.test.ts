import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { NO_RELATED } from '../../src/core/finding.js';
import { compareWithBase } from '../../src/select/compare.js';

const finding = (fingerprint: string, line = 1, message = 'web mounts a host path'): Finding => ({
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
  it('matches by fingerprint, whatever the line and the message', () => {
    const { findings, fixed } = compareWithBase([finding('a', 9, 'jobs build, lint inherit it')], [finding('a', 3, 'job build inherits it')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing']);
    expect(fixed).toEqual([]);
  });

  it('counts repeats: one base finding matches one head finding; a base finding the head lacks is fixed', () => {
    const { findings, fixed } = compareWithBase([finding('a'), finding('a'), finding('b')], [finding('a'), finding('c')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing', 'new', 'new']);
    expect(fixed.map((f) => f.fingerprint)).toEqual(['c']);
  });
});
