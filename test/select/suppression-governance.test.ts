import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { SEVERITIES, type Severity } from '../../src/core/severity.js';
import { applySuppressions } from '../../src/select/suppress.js';
import { isCalendarDate, readSuppressionComments } from '../../src/select/suppression-comments.js';
import { allowsInPullRequest, SUPPRESSION_LIMITS, type SuppressionLimit } from '../../src/select/suppression-policy.js';

const finding = (ruleId: string, line: number, severity: Severity = 'critical', path = 'compose.yaml'): Finding => ({
  ruleId,
  severity,
  title: ruleId,
  message: 'm',
  path,
  pointer: '',
  range: { start: { line, column: 5 }, end: { line, column: 9 } },
  fingerprint: `${ruleId}:${path}:${line}`,
  related: [],
});
const known = new Set(['container-privileged', 'container-host-network', 'image-latest', 'container-no-healthcheck']);
const file = (...lines: string[]) => new Map([['compose.yaml', `${lines.join('\n')}\n`]]);
/** A pull request that adds exactly these lines of compose.yaml. */
const adds = (...lines: number[]) => (path: string, line: number) => path === 'compose.yaml' && lines.includes(line);

describe('until= on a suppression comment', () => {
  it('is split off the reason wherever it is written', () => {
    const [a, b] = readSuppressionComments('# containment: ignore[x] vendor fix due until=2027-03-31\n# containment: ignore[x] until=2027-03-31 vendor fix due\n');
    expect([a?.reason, a?.until, b?.reason, b?.until]).toEqual(['vendor fix due', '2027-03-31', 'vendor fix due', '2027-03-31']);
  });

  it.each([
    ['until=2027-3-31', '"until=2027-3-31", which is not a date'],
    ['until=2027-02-30', '"until=2027-02-30", which is not a date'],
    ['until=2027-13-01', 'not a date'],
    ['until=tomorrow', '"until=tomorrow", which is not a date'],
    ['until=', 'not a date'],
    ['until=2027-01-01 until=2028-01-01', 'gives 2 expiry dates'],
    ['until=<img/src=x>@everyone', "its `until=`, which is not a date"],
  ])('reports a malformed date (%s) at the comment, and it suppresses nothing', (until, message) => {
    const result = applySuppressions([finding('container-privileged', 3)], file('services:', '  web:', `    privileged: true # containment: ignore[container-privileged] lab only ${until}`), known, { today: '2027-01-01' });
    expect(result.suppressed).toEqual([]);
    expect(result.kept.map((f) => f.ruleId)).toEqual(['container-privileged', 'suppression-invalid']);
    expect(result.problems[0]).toMatchObject({ ruleId: 'suppression-invalid', range: { start: { line: 3, column: 22 } }, message: expect.stringContaining(message) });
    expect(result.problems[0]!.message).not.toContain('<img');
  });

  it('accepts only days that exist', () => {
    expect(['2028-02-29', '2027-12-31', '2027-01-01'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2027-02-29', '2027-04-31', '2027-00-10', '27-01-01', '2027-01-01T00:00'].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });
});

describe('expiry', () => {
  const text = file('services:', '  web:', '    # containment: ignore[container-privileged] docker-in-docker until the runner moves until=2027-03-31', '    privileged: true');

  it('applies through the last day, carrying the date', () => {
    const result = applySuppressions([finding('container-privileged', 4)], text, known, { today: '2027-03-31' });
    expect(result.kept).toEqual([]);
    expect(result.suppressed[0]!.suppression).toEqual({ kind: 'inline', justification: 'docker-in-docker until the runner moves', until: '2027-03-31', line: 3 });
  });

  it('stops applying the day after: the finding counts again and the comment is reported', () => {
    const result = applySuppressions([finding('container-privileged', 4)], text, known, { today: '2027-04-01' });
    expect(result.suppressed).toEqual([]);
    expect(result.kept.map((f) => [f.ruleId, f.range.start.line])).toEqual([
      ['container-privileged', 4],
      ['suppression-expired', 3],
    ]);
    expect(result.refused).toEqual([expect.objectContaining({ ruleId: 'container-privileged', refused: 'expired', suppression: expect.objectContaining({ until: '2027-03-31' }) })]);
    expect(result.problems[0]!.message).toBe(
      'This suppression of container-privileged expired on 2027-03-31, so the finding it covered is reported again. Fix it, or renew the date if the reason still holds.',
    );
  });

  it('reports an expired comment that matches nothing as expired, not unused', () => {
    const result = applySuppressions([], text, known, { today: '2030-01-01' });
    expect(result.problems.map((p) => [p.ruleId, p.message.includes('matches no finding; remove it')])).toEqual([['suppression-expired', true]]);
  });

  it('expires a file-level suppression for every finding it covered', () => {
    const result = applySuppressions(
      [finding('container-no-healthcheck', 2, 'info'), finding('container-no-healthcheck', 5, 'info')],
      file('# containment: ignore-file[container-no-healthcheck] migrating to compose healthchecks until=2026-12-31'),
      known,
      { today: '2027-01-01' },
    );
    expect(result.refused.map((f) => f.range.start.line)).toEqual([2, 5]);
    expect(result.problems[0]!.message).toContain('so the 2 findings it covered are reported again. Fix them');
  });
});

describe('suppressions added by a pull request', () => {
  const text = file(
    'services:',
    '  web:',
    '    # containment: ignore[container-privileged] needs docker-in-docker',
    '    privileged: true',
    '    image: nginx # containment: ignore[image-latest] pinned by the deploy script',
  );
  const both = () => [finding('container-privileged', 4, 'critical'), finding('image-latest', 5, 'medium')];

  it('by default covers medium findings and not critical ones, saying why at the comment', () => {
    const result = applySuppressions(both(), text, known, { today: '2027-01-01', addedLine: adds(3, 4, 5) });
    expect(result.suppressed.map((f) => [f.ruleId, f.suppression.addedByChange])).toEqual([['image-latest', true]]);
    expect(result.kept.map((f) => f.ruleId)).toEqual(['container-privileged', 'suppression-beyond-limit']);
    expect(result.refused).toEqual([expect.objectContaining({ ruleId: 'container-privileged', refused: 'beyond-limit', suppression: expect.objectContaining({ addedByChange: true, line: 3 }) })]);
    const note = result.problems[0]!;
    expect(note.range.start.line).toBe(3);
    expect(note.message).toContain('This pull request adds this suppression for a critical finding, but a suppression added by a pull request may suppress findings up to medium (the default;');
    expect(note.message).toContain('so it does not apply and the finding still counts');
  });

  it('leaves a suppression that was already on the base branch alone, whatever the severity, when the change adds neither it nor its line', () => {
    const result = applySuppressions(both(), text, known, { today: '2027-01-01', addedLine: adds(1, 2) });
    expect(result.suppressed.map((f) => [f.ruleId, f.suppression.addedByChange])).toEqual([
      ['container-privileged', false],
      ['image-latest', false],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('limits an old comment that now covers a line the change adds, as if the change wrote the comment', () => {
    const result = applySuppressions(both(), text, known, { today: '2027-01-01', addedLine: adds(4) });
    expect(result.suppressed.map((f) => [f.ruleId, f.suppression.addedByChange, f.suppression.coversAddedLine])).toEqual([['image-latest', false, undefined]]);
    expect(result.refused.map((f) => [f.ruleId, f.refused, f.suppression.addedByChange, f.suppression.coversAddedLine])).toEqual([['container-privileged', 'beyond-limit', false, true]]);
    expect(result.problems[0]!.message).toContain('This pull request writes, under this existing suppression, a critical finding, but');
  });

  it('limits an old file-level comment for a service the change adds, and lets it cover the old one', () => {
    const compose = file('# containment: ignore-file[container-privileged] CI runners, reviewed', 'services:', '  old:', '    privileged: true', '  new:', '    privileged: true');
    const result = applySuppressions([finding('container-privileged', 4), finding('container-privileged', 6)], compose, known, { today: '2027-01-01', addedLine: adds(5, 6) });
    expect(result.suppressed.map((f) => [f.range.start.line, f.suppression.kind, f.suppression.addedByChange])).toEqual([[4, 'file', false]]);
    expect(result.kept.map((f) => [f.ruleId, f.range.start.line])).toEqual([
      ['container-privileged', 6],
      ['suppression-beyond-limit', 1],
    ]);
  });

  it('names the config that set the limit', () => {
    const policy = { inPullRequest: 'none' as const, source: '.github/containment.yml (base revision)' };
    const result = applySuppressions(both(), text, known, { today: '2027-01-01', addedLine: adds(5), policy });
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['container-privileged']);
    expect(result.problems[0]!.message).toContain(
      'for a medium finding, but a suppression added by a pull request may not suppress any finding (`suppressions.in-pull-request: none` in .github/containment.yml (base revision))',
    );
  });

  it('judges each finding a comment covers: one rule may apply while the other is refused', () => {
    const result = applySuppressions(
      [finding('container-privileged', 2, 'critical'), finding('image-latest', 2, 'low')],
      file('web:', '  x: 1 # containment: ignore[container-privileged, image-latest] lab machine'),
      known,
      { today: '2027-01-01', addedLine: adds(2) },
    );
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['image-latest']);
    expect(result.problems.map((p) => p.ruleId)).toEqual(['suppression-beyond-limit']);
  });

  it('lets an older comment that applies win over a refused one the pull request adds', () => {
    const result = applySuppressions(
      [finding('container-privileged', 4)],
      file('# containment: ignore-file[container-privileged] CI runner images, reviewed 2026', 'services:', '  # containment: ignore[container-privileged] me too', '  privileged: true'),
      known,
      { today: '2027-01-01', addedLine: adds(3) },
    );
    expect(result.suppressed.map((f) => [f.suppression.kind, f.suppression.addedByChange])).toEqual([['file', false]]);
    expect(result.refused).toEqual([]);
  });

  it('applies every limit as documented', () => {
    const expected: Record<SuppressionLimit, Severity[]> = {
      none: [],
      'up-to-info': ['info'],
      'up-to-low': ['low', 'info'],
      'up-to-medium': ['medium', 'low', 'info'],
      'up-to-high': ['high', 'medium', 'low', 'info'],
      all: [...SEVERITIES],
    };
    for (const limit of SUPPRESSION_LIMITS) {
      const findings = SEVERITIES.map((severity, index) => finding('container-privileged', index + 1, severity));
      const text = file(...SEVERITIES.map(() => 'x: 1 # containment: ignore[container-privileged] accepted'));
      const result = applySuppressions(findings, text, known, { today: '2027-01-01', addedLine: () => true, policy: { inPullRequest: limit } });
      expect([limit, result.suppressed.map((f) => f.severity)]).toEqual([limit, expected[limit]]);
      expect(SEVERITIES.filter((s) => allowsInPullRequest(limit, s))).toEqual(expected[limit]);
    }
  });
});
