import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff, unquoteGitPath } from '../../src/discover/unified-diff.js';

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

describe('paths git quotes in a diff', () => {
  it('unquotes C-style escapes and octal UTF-8 bytes', () => {
    expect(unquoteGitPath('"a \\"quoted\\" name/compose.yaml"')).toBe('a "quoted" name/compose.yaml');
    expect(unquoteGitPath('"back\\\\slash/x"')).toBe('back\\slash/x');
    expect(unquoteGitPath('"tab\\there\\nnewline"')).toBe('tab\there\nnewline');
    expect(unquoteGitPath('"caf\\303\\251/compose.yaml"')).toBe('café/compose.yaml');
    expect(unquoteGitPath('plain/compose.yaml')).toBe('plain/compose.yaml');
  });

  it('reads quoted header paths, keeping a renamed file\'s old name', () => {
    const diff = [
      'diff --git "a/old \\"x\\"/compose.yaml" "b/new \\"x\\"/compose.yaml"',
      '--- "a/old \\"x\\"/compose.yaml"',
      '+++ "b/new \\"x\\"/compose.yaml"',
      '@@ -1,0 +2,1 @@',
      '+    privileged: true',
      'diff --git a/with space/c.yml b/with space/c.yml',
      '--- a/with space/c.yml\t',
      '+++ b/with space/c.yml\t',
      '@@ -3 +3 @@',
      '+x',
    ].join('\n');
    const changes = parseUnifiedDiff(diff);
    expect([...changes.lines.entries()].map(([p, l]) => [p, [...l]])).toEqual([
      ['new "x"/compose.yaml', [2]],
      ['with space/c.yml', [3]],
    ]);
    expect(changes.renamed.get('new "x"/compose.yaml')).toBe('old "x"/compose.yaml');
  });
});

describe('parseUnifiedDiff: where lines were removed', () => {
  it('a hunk that only removes (--unified=0, +4,0) removed them after line 4, with their least indentation', () => {
    const diff = ['--- a/compose.yaml', '+++ b/compose.yaml', '@@ -5,2 +4,0 @@', '-        read_only: true', '-      # note', '@@ -9 +8 @@', '-    a: 1', '+    a: 2'].join('\n');
    const changes = parseUnifiedDiff(diff);
    expect([...(changes.removed?.get('compose.yaml') ?? [])]).toEqual([
      [4, 6],
      [7, 4],
    ]);
    expect([...changes.lines.get('compose.yaml')!]).toEqual([8]);
  });

  it('in a patch with context lines (GitHub\'s pull request files), after the last line before them', () => {
    const patch = ['@@ -3,5 +3,4 @@ services:', '     volumes:', '       - type: bind', '-        read_only: true', '     environment: [A=1]'].join('\n');
    const changes = parseUnifiedDiff(patch, 'compose.yaml');
    expect([...(changes.removed?.get('compose.yaml') ?? [])]).toEqual([[4, 8]]);
  });

  it('a removal at the top of the file is after line 0; blank removed lines are not recorded', () => {
    const diff = ['--- a/Dockerfile', '+++ b/Dockerfile', '@@ -1,2 +0,0 @@', '-# syntax=docker/dockerfile:1', '-', '@@ -9 +7,0 @@', '-'].join('\n');
    expect([...(parseUnifiedDiff(diff).removed?.get('Dockerfile') ?? [])]).toEqual([[0, 0]]);
  });
});
