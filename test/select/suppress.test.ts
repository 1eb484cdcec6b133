import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { applySuppressions } from '../../src/select/suppress.js';
import { readSuppressionComments } from '../../src/select/suppression-comments.js';

const finding = (ruleId: string, path: string, line: number): Finding => ({
  ruleId,
  severity: 'high',
  title: ruleId,
  message: 'm',
  path,
  pointer: '',
  range: { start: { line, column: 5 }, end: { line, column: 9 } },
  fingerprint: `${ruleId}:${path}:${line}`,
  related: [],
});
const known = new Set(['container-privileged', 'container-host-network', 'dockerfile-final-stage-root']);
const CONTEXT = { today: '2027-01-15' };

describe('readSuppressionComments', () => {
  it('reads rule ids, the reason, file-level and standalone forms', () => {
    expect(readSuppressionComments('a: 1 # containment: ignore[x, y] lab only\n  # containment: ignore-file[z] generated\n')).toEqual([
      expect.objectContaining({ line: 1, ruleIds: ['x', 'y'], reason: 'lab only', fileLevel: false, standalone: false, range: { start: { line: 1, column: 6 }, end: { line: 1, column: 42 } } }),
      expect.objectContaining({ line: 2, ruleIds: ['z'], reason: 'generated', fileLevel: true, standalone: true }),
    ]);
  });
});

describe('applySuppressions', () => {
  const compose = [
    'services:',
    '  ci-runner:',
    '    # containment: ignore[container-privileged] the runner builds images with docker-in-docker',
    '    privileged: true',
    '    network_mode: host # containment: ignore[container-host-network] needs the host VPN',
    '  web:',
    '    privileged: true',
    '',
  ].join('\n');

  it('suppresses on the same line and from a comment line above, keeping the reason', () => {
    const result = applySuppressions(
      [finding('container-privileged', 'compose.yaml', 4), finding('container-host-network', 'compose.yaml', 5), finding('container-privileged', 'compose.yaml', 7)],
      new Map([['compose.yaml', compose]]),
      known,
      CONTEXT,
    );
    expect(result.kept.map((f) => f.range.start.line)).toEqual([7]);
    expect(result.suppressed.map((f) => [f.range.start.line, f.suppression])).toEqual([
      [4, { kind: 'inline', justification: 'the runner builds images with docker-in-docker', line: 3 }],
      [5, { kind: 'inline', justification: 'needs the host VPN', line: 5 }],
    ]);
  });

  it('applies a file-level suppression to every finding of its rule in the file only', () => {
    const result = applySuppressions(
      [finding('dockerfile-final-stage-root', 'Dockerfile', 9), finding('dockerfile-final-stage-root', 'other/Dockerfile', 9)],
      new Map([['Dockerfile', '# containment: ignore-file[dockerfile-final-stage-root] base image drops privileges at start\nFROM x\n']]),
      known,
      CONTEXT,
    );
    expect(result.suppressed.map((f) => f.path)).toEqual(['Dockerfile']);
    expect(result.kept.map((f) => f.path)).toEqual(['other/Dockerfile']);
  });

  it('reports a suppression without a reason, and it suppresses nothing', () => {
    const result = applySuppressions([finding('container-privileged', 'compose.yaml', 2)], new Map([['compose.yaml', 'x:\n  privileged: true # containment: ignore[container-privileged]\n']]), known, CONTEXT);
    expect(result.suppressed).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ ruleId: 'suppression-invalid', message: expect.stringContaining('gives no reason'), range: expect.objectContaining({ start: { line: 2, column: 20 } }) })]);
    expect(result.kept.map((f) => f.ruleId)).toEqual(['container-privileged', 'suppression-invalid']);
  });

  it('reports an unknown rule id', () => {
    const result = applySuppressions([], new Map([['compose.yaml', '# containment: ignore[container-privilegd] typo\n']]), known, CONTEXT);
    expect(result.problems[0]!.message).toContain('"container-privilegd", which is not a rule');
  });

  it('reports a suppression that matches no finding', () => {
    const result = applySuppressions([], new Map([['compose.yaml', 'a: 1 # containment: ignore[container-privileged] was needed once\n']]), known, CONTEXT);
    expect(result.problems).toEqual([expect.objectContaining({ ruleId: 'suppression-unused', severity: 'info' })]);
  });
});
