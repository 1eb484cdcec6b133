import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { formatSarif } from '../../src/report/sarif.js';

describe('SARIF for suppressed and pull-request findings', () => {
  it('keeps an inline-suppressed finding, marked with its justification', async () => {
    const result = await scan({ root: new URL('../fixtures/insecure', import.meta.url).pathname });
    const sarif = JSON.parse(formatSarif(result));
    const suppressed = sarif.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'container-port-all-interfaces',
        suppressions: [{ kind: 'inSource', justification: 'published for local development only' }],
      }),
    ]);
    expect(result.findings.some((f) => f.ruleId === 'container-port-all-interfaces')).toBe(false);
  });

  it('marks pull-request findings new or unchanged (baselineState)', () => {
    const base = { ruleId: 'r', severity: 'high' as const, title: 't', message: 'm', path: 'a.yml', pointer: '', fingerprint: 'f', related: [], range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } };
    const sarif = JSON.parse(
      formatSarif({
        root: '/repo',
        files: [],
        findings: [{ ...base, novelty: 'new' }, { ...base, fingerprint: 'g', novelty: 'existing' }],
        rules: [],
        notices: [],
        counts: { critical: 0, high: 2, medium: 0, low: 0, info: 0 },
        failOn: 'high',
        failed: true,
      }),
    );
    expect(sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState)).toEqual(['new', 'unchanged']);
  });
});
