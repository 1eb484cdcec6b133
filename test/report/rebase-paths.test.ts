import { describe, expect, it } from 'vitest';
import { rebasePaths } from '../../src/report/rebase-paths.js';
import { finding, scanResult } from './scan-result-fixture.js';

describe('rebasePaths', () => {
  const result = scanResult(
    [finding({ related: [{ path: 'Dockerfile', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, message: 'm' }] })],
    { root: '/ws/services/api', notices: [{ level: 'warning', path: 'big.yaml', message: 'm' }, { level: 'notice', message: 'n' }] },
  );

  it('prefixes every path with the scanned folder', () => {
    const moved = rebasePaths(result, '/ws', 'services/api');
    expect(moved.root).toBe('/ws');
    expect(moved.findings[0]?.path).toBe('services/api/compose.yaml');
    expect(moved.findings[0]?.related[0]?.path).toBe('services/api/Dockerfile');
    expect(moved.files.map((file) => file.path)).toEqual(['services/api/Dockerfile', 'services/api/compose.yaml']);
    expect(moved.notices).toEqual([{ level: 'warning', path: 'services/api/big.yaml', message: 'm' }, { level: 'notice', message: 'n' }]);
  });

  it('leaves paths alone when the scanned folder is the base', () => {
    expect(rebasePaths(result, '/ws', '').findings).toBe(result.findings);
  });
});

describe('rebasePaths on every field that carries a path', () => {
  it('leaves no path relative to the scanned folder: findings, suppressed, refused, fixed, baseline, changed files', () => {
    const base = finding({ related: [{ path: 'Dockerfile', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, message: 'm' }] });
    const suppression = { kind: 'inline' as const, justification: 'why', line: 3 };
    const result = scanResult([base], {
      suppressed: [{ ...base, suppression }],
      refusedSuppressions: [{ ...base, suppression, refused: 'expired' }],
      baselineFixed: [{ ruleId: 'r', path: 'old.yaml', fingerprint: 'f' }],
      pullRequest: { source: 'git', changedFiles: 1, newCount: 0, fixed: [base], configChanged: ['.github/containment.yml'], failOnScope: 'new', changedPaths: ['compose.yaml'] },
      notices: [{ level: 'warning', path: 'big.yaml', message: 'm' }],
    } as never);
    const moved = rebasePaths(result, '/ws', 'services/api');
    const paths: string[] = [];
    const walk = (value: unknown, key = ''): void => {
      if (typeof value === 'string' && (key === 'path' || key === 'changedPaths' || key === 'configChanged')) paths.push(value);
      else if (Array.isArray(value)) for (const item of value) walk(item, key);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'root') walk(v, k);
    };
    walk(moved);
    expect(paths.length).toBeGreaterThanOrEqual(12);
    expect(paths.filter((path) => !path.startsWith('services/api/'))).toEqual([]);
  });
});
