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
