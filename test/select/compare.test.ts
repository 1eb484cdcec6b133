import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { joinMessage, NO_RELATED } from '../../src/core/finding.js';
import { compareWithBase, newAgainst } from '../../src/select/compare.js';

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

/** A finding whose message holds file values, as a rule's template makes it. */
const valued = (fingerprint: string, values: string[], line = 1): Finding => {
  const parts = values.flatMap((value, index) => [{ text: index === 0 ? '' : ' then ' }, { value }]);
  return { ...finding(fingerprint, line), ...joinMessage([...parts, { text: ' is mounted.' }]) };
};

describe('compareWithBase', () => {
  it('matches by fingerprint, whatever the line and the message, when the message marks no values (a problem)', () => {
    const { findings, fixed } = compareWithBase([finding('a', 9, 'jobs build, lint inherit it')], [finding('a', 3, 'job build inherits it')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing']);
    expect(fixed).toEqual([]);
  });

  it('counts repeats: one base finding matches one head finding; a base finding the head lacks is fixed', () => {
    const { findings, fixed } = compareWithBase([finding('a'), finding('a'), finding('b')], [finding('a'), finding('c')]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing', 'new', 'new']);
    expect(fixed.map((f) => f.fingerprint)).toEqual(['c']);
  });

  it('calls a finding new when the value it found changed at the same place, and the base one fixed', () => {
    const { findings, fixed } = compareWithBase([valued('a', ['web', '/'])], [valued('a', ['web', '/etc/ssl/certs'])]);
    expect(findings.map((f) => f.novelty)).toEqual(['new']);
    expect(fixed.map((f) => f.message)).toEqual(['web then /etc/ssl/certs is mounted.']);
    // A capability swapped on the same line, an image swapped under the same tag.
    expect(compareWithBase([valued('c', ['web', 'SYS_ADMIN'])], [valued('c', ['web', 'NET_ADMIN'])]).findings[0]!.novelty).toBe('new');
    expect(compareWithBase([valued('i', ['web', 'evil/miner:latest'])], [valued('i', ['web', 'nginx:latest'])]).findings[0]!.novelty).toBe('new');
  });

  it('keeps a finding existing when only its line moved, and when the values are the same', () => {
    const { findings, fixed } = compareWithBase([valued('a', ['web', '/etc'], 40), valued('b', ['db', 'NET_ADMIN'], 2)], [valued('b', ['db', 'NET_ADMIN'], 9), valued('a', ['web', '/etc'], 4)]);
    expect(findings.map((f) => f.novelty)).toEqual(['existing', 'existing']);
    expect(fixed).toEqual([]);
  });

  it('a listed piece (the jobs a permission reaches) is the same when narrowed, new when it lists more or other items', () => {
    const base = [valued('w', ['contents', '["build","lint"]'])];
    expect(compareWithBase([valued('w', ['contents', '["build"]'])], base).findings[0]!.novelty).toBe('existing');
    expect(compareWithBase([valued('w', ['contents', '["lint","build"]'])], base).findings[0]!.novelty).toBe('existing');
    expect(compareWithBase([valued('w', ['contents', '["build","lint","deploy"]'])], base).findings[0]!.novelty).toBe('new');
    expect(compareWithBase([valued('w', ['contents', '["build","release"]'])], base).findings[0]!.novelty).toBe('new');
    // Not a list (cut short, or plain text): equal or new.
    expect(compareWithBase([valued('w', ['contents', '["build","li...'])], base).findings[0]!.novelty).toBe('new');
    expect(compareWithBase([valued('w', ['packages', '["build"]'])], base).findings[0]!.novelty).toBe('new');
  });

  it('gives an unchanged finding its exact base match before a narrowed one takes it', () => {
    const base = [valued('w', ['["a","b"]']), valued('w', ['["a"]'])];
    const { findings, fixed } = compareWithBase([valued('w', ['["a"]']), valued('w', ['["a","b"]'])], base);
    expect(findings.map((f) => f.novelty)).toEqual(['existing', 'existing']);
    expect(fixed).toEqual([]);
  });

  it('newAgainst answers as compareWithBase does, one finding at a time', () => {
    const isNew = newAgainst([valued('a', ['web', '/etc/ssl/certs']), finding('p', 3, 'parse error at line 3')]);
    expect(isNew(valued('a', ['web', '/etc/ssl/certs'], 12))).toBe(false);
    expect(isNew(valued('a', ['web', '/']))).toBe(true);
    expect(isNew(valued('b', ['web', '/etc/ssl/certs']))).toBe(true);
    expect(isNew(finding('p', 4, 'parse error at line 4'))).toBe(false);
  });
});
