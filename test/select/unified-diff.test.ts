import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../src/select/unified-diff.js';

describe('parseUnifiedDiff', () => {
  it('collects added lines per new path from git diff output', () => {
    const diff = [
      'diff --git a/compose.yaml b/compose.yaml',
      '--- a/compose.yaml',
      '+++ b/compose.yaml',
      '@@ -3,0 +4,2 @@ services:',
      '+    privileged: true',
      '+    pid: host',
      '@@ -10 +12 @@',
      '-    image: a',
      '+    image: b',
      'diff --git a/old.yml b/renamed.yml',
      'similarity index 100%',
      '--- a/old.yml',
      '+++ b/renamed.yml',
      'diff --git a/gone b/gone',
      '--- a/gone',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
    ].join('\n');
    const { lines, deleted, renamed } = parseUnifiedDiff(diff);
    expect([...lines.get('compose.yaml')!]).toEqual([4, 5, 12]);
    expect(lines.get('renamed.yml')?.size).toBe(0);
    expect(lines.has('gone')).toBe(false);
    expect([...deleted]).toEqual(['gone']);
    expect([...renamed]).toEqual([['renamed.yml', 'old.yml']]);
  });

  it('reads a pull request file patch (no headers) with context lines', () => {
    const { lines } = parseUnifiedDiff('@@ -1,3 +1,4 @@\n services:\n   web:\n+    privileged: true\n     image: x', 'compose.yaml');
    expect([...lines.get('compose.yaml')!]).toEqual([3]);
  });
});
