import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/core/severity.js';
import { type AnnotationProperties, type AnnotationSink, emitAnnotations } from '../../../src/report/github/annotations.js';
import { finding } from '../scan-result-fixture.js';

type Call = [level: string, message: string, properties?: AnnotationProperties];

function recorder(): { sink: AnnotationSink; calls: Call[] } {
  const calls: Call[] = [];
  const sink: AnnotationSink = {
    error: (message, properties) => calls.push(['error', message, properties]),
    warning: (message, properties) => calls.push(['warning', message, properties]),
    notice: (message, properties) => calls.push(['notice', message, properties]),
  };
  return { sink, calls };
}

const many = (severity: Severity, count: number, path = `${severity}/compose.yaml`) =>
  Array.from({ length: count }, (_, index) =>
    finding({ severity, path, message: `${severity} ${index}`, range: { start: { line: index + 1, column: 1 }, end: { line: index + 1, column: 2 } } }),
  );

describe('emitAnnotations', () => {
  it('maps severities to levels, most severe first, with file, lines and title', () => {
    const { sink, calls } = recorder();
    const tally = emitAnnotations(
      [
        finding({ severity: 'low', message: 'low', path: 'a.yaml' }),
        finding({ severity: 'medium', message: 'medium', path: 'b.yaml' }),
        finding({ severity: 'high', message: 'high', path: 'c.yaml' }),
        finding({ message: 'critical' }),
        finding({ severity: 'info', message: 'info', path: 'd.yaml' }),
      ],
      sink,
    );
    expect(calls.map(([level, message]) => `${level}:${message}`)).toEqual(['error:critical', 'error:high', 'warning:medium', 'notice:low', 'notice:info']);
    expect(calls[0]?.[2]).toEqual({
      title: 'Container runs privileged (critical, container-privileged)',
      file: 'compose.yaml',
      startLine: 4,
      endLine: 4,
      startColumn: 5,
      endColumn: 21,
    });
    expect(tally).toEqual({ emitted: 5, omitted: 0 });
  });

  it('makes one annotation of the findings on one line, at the most severe level, listing each', () => {
    const { sink, calls } = recorder();
    const line = (column: number) => ({ start: { line: 2, column }, end: { line: 2, column: column + 3 } });
    const tally = emitAnnotations(
      [
        finding({ severity: 'low', ruleId: 'container-user-not-set', message: 'web sets no user', range: line(3) }),
        finding({ severity: 'high', ruleId: 'container-x', message: 'web does x', range: line(3) }),
        finding({ severity: 'info', ruleId: 'container-no-pids-limit', message: 'web has no pids limit', range: line(3) }),
        finding({ severity: 'low', message: 'elsewhere', range: { start: { line: 9, column: 1 }, end: { line: 9, column: 2 } } }),
      ],
      sink,
    );
    expect(tally).toEqual({ emitted: 2, omitted: 0 });
    expect(calls[0]).toEqual([
      'error',
      'high: web does x\nlow: web sets no user\ninfo: web has no pids limit',
      { title: '3 findings: container-x, container-user-not-set, container-no-pids-limit (high)', file: 'compose.yaml', startLine: 2, endLine: 2, startColumn: 3, endColumn: 6 },
    ]);
    expect(calls[1]?.[1]).toBe('elsewhere');
  });

  it('sends columns only for a range on one line', () => {
    const { sink, calls } = recorder();
    emitAnnotations([finding({ range: { start: { line: 3, column: 5 }, end: { line: 6, column: 1 } } })], sink);
    expect(calls[0]?.[2]).toEqual({ title: expect.any(String), file: 'compose.yaml', startLine: 3, endLine: 6 });
  });

  it('orders by severity, then path and line, before capping', () => {
    const { sink, calls } = recorder();
    emitAnnotations([...many('high', 2, 'b.yaml'), ...many('critical', 1, 'z.yaml'), ...many('high', 1, 'a.yaml')], sink);
    expect(calls.map(([, , properties]) => `${properties?.file}:${properties?.startLine}`)).toEqual(['z.yaml:1', 'a.yaml:1', 'b.yaml:1', 'b.yaml:2']);
  });

  it('caps each level at 10 and says how many were left out, in a notice that fits under the cap', () => {
    const { sink, calls } = recorder();
    const tally = emitAnnotations([...many('low', 12), ...many('critical', 8), ...many('high', 5), ...many('medium', 3)], sink);
    const perLevel = (level: string) => calls.filter(([called]) => called === level).length;
    expect(perLevel('error')).toBe(10);
    expect(perLevel('warning')).toBe(3);
    expect(perLevel('notice')).toBe(10);
    // the 8 critical findings all survive; 2 of the 5 high do not
    expect(calls.filter(([level, message]) => level === 'error' && message.startsWith('critical'))).toHaveLength(8);
    expect(tally).toEqual({ emitted: 22, omitted: 6 });
    const last = calls.at(-1);
    expect(last?.[0]).toBe('notice');
    expect(last?.[2]).toBeUndefined();
    expect(last?.[1]).toMatch(/28 findings.*6 lines are not annotated.*job summary and the SARIF report/);
  });

  it('keeps slots free for annotations the caller adds, such as the failure', () => {
    const { sink, calls } = recorder();
    const tally = emitAnnotations(many('critical', 10), sink, { reserved: { error: 1 } });
    expect(calls.filter(([level]) => level === 'error')).toHaveLength(9);
    expect(tally).toEqual({ emitted: 9, omitted: 1 });
    expect(calls.at(-1)?.[1]).toMatch(/1 line is not annotated/);
  });

  it('adds no notice when everything fits', () => {
    const { sink, calls } = recorder();
    emitAnnotations(many('low', 10), sink);
    expect(calls).toHaveLength(10);
  });
});

describe('a new Compose service with no hardening', () => {
  it('is at most 2 annotations (issue 12)', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { scan } = await import('../../../src/pipeline/scan.js');
    const { listedFindings } = await import('../../../src/select/reporting-threshold.js');
    const root = mkdtempSync(join(tmpdir(), 'containment-ann-'));
    try {
      writeFileSync(join(root, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    environment:\n      LOG_LEVEL: info\n');
      const result = await scan({ root });
      expect(result.findings.length).toBeGreaterThan(5);
      const { sink, calls } = recorder();
      emitAnnotations(listedFindings(result.findings, result.minSeverity), sink);
      expect(calls.length).toBeLessThanOrEqual(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
