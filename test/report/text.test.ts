import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { finding, scanResult } from './scan-result-fixture.js';

describe('formatText', () => {
  const result = scanResult(
    [
      finding(),
      finding({ severity: 'medium', ruleId: 'image-latest', message: 'web uses nginx:latest', range: { start: { line: 3, column: 12 }, end: { line: 3, column: 24 } } }),
      finding({ path: 'Dockerfile', severity: 'high', ruleId: 'stage-root', message: 'final stage runs as root', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 12 } } }),
    ],
    { notices: [{ level: 'warning', path: 'big/compose.yaml', message: 'big/compose.yaml was not scanned: it is 2.0 MiB.' }] },
  );

  it('groups findings under their path, one line per finding, then notices and a summary', () => {
    expect(formatText(result, { color: false })).toBe(
      [
        'compose.yaml',
        'compose.yaml:4:5  critical  container-privileged  web runs privileged: it holds every capability and every host device',
        'compose.yaml:3:12  medium  image-latest  web uses nginx:latest',
        '',
        'Dockerfile',
        'Dockerfile:1:1  high  stage-root  final stage runs as root',
        '',
        'warning  big/compose.yaml was not scanned: it is 2.0 MiB.',
        '',
        '3 findings (1 critical, 1 high, 1 medium) in 2 of 2 files scanned; failing: 2 findings reach --fail-on high (1 critical, 1 high)',
        '',
      ].join('\n'),
    );
  });

  it('uses ANSI colour only when asked', () => {
    expect(formatText(result, { color: false })).not.toContain('\u001b[');
    const coloured = formatText(result, { color: true });
    expect(coloured).toContain('\u001b[1;35mcritical\u001b[0m');
  });

  it('says when nothing reaches the threshold, and when nothing was found', () => {
    const medium = scanResult([finding({ severity: 'medium' })]);
    expect(formatText(medium, { color: false })).toContain('passing: nothing reaches --fail-on high');
    expect(formatText(scanResult([]), { color: false })).toBe('No findings in 2 files scanned.\n');
    expect(formatText(scanResult([finding()], { failOn: 'none' }), { color: false })).toContain('not failing (--fail-on none)');
  });

  it('counts suppressed findings, and those the change suppresses by severity', () => {
    const suppressed = (addedByChange: boolean | undefined, severity: 'critical' | 'low') => ({
      ...finding({ severity }),
      suppression: { kind: 'inline' as const, justification: 'r', line: 3, ...(addedByChange === undefined ? {} : { addedByChange }) },
    });
    const plain = scanResult([], { suppressed: [suppressed(undefined, 'critical'), suppressed(undefined, 'low')] });
    expect(formatText(plain, { color: false })).toBe('No findings in 2 files scanned; 2 suppressed.\n');
    const change = scanResult([finding()], { suppressed: [suppressed(true, 'critical'), suppressed(false, 'low'), suppressed(true, 'low')] });
    expect(formatText(change, { color: false })).toContain('in 1 of 2 files scanned; 3 suppressed (2 by this change: 1 critical, 1 low); failing');
  });

  it('shows control characters from scanned files instead of sending them to the terminal', () => {
    const hostile = scanResult([finding({ message: 'evil\u001b[2J\nfake.yaml:1:1  critical  x  forged' })]);
    const text = formatText(hostile, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\u001b[2J\\u000afake.yaml');
  });
});

describe('formatText on a comparison (scan --changed)', () => {
  const fresh = { ...finding({ fingerprint: 'n', path: 'new.yaml', message: 'the new one' }), novelty: 'new' as const };
  const old = { ...finding({ fingerprint: 'o', path: 'old.yaml', message: 'the old one' }), novelty: 'existing' as const };
  const pullRequest = { source: 'git', changedFiles: 1, newCount: 1, fixed: [], configChanged: [], failOnScope: 'new' as const, changedPaths: ['new.yaml'] };

  it('lists the new findings, marked, and counts the rest', () => {
    const text = formatText(scanResult([old, fresh], { pullRequest }), { color: false });
    expect(text).toMatch(/new\.yaml:4:5 {2}new {2}critical/);
    expect(text).not.toContain('the old one');
    expect(text).toContain('1 finding that was already there is not listed; --all lists it.');
  });

  it('lists everything with --all, each marked new or old', () => {
    const text = formatText(scanResult([old, fresh], { pullRequest }), { color: false, all: true });
    expect(text).toMatch(/old\.yaml:4:5 {2}old {2}critical/);
    expect(text).toMatch(/new\.yaml:4:5 {2}new {2}critical/);
  });

  it('marks nothing outside a comparison', () => {
    expect(formatText(scanResult([finding()]), { color: false })).not.toMatch(/ {2}(new|old) {2}/);
  });
});
