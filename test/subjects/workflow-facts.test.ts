// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import { matrixCombinations, matrixCombinationsFor, substituteMatrix } from '../../src/subjects/workflow-matrix.js';
import { workspacePath } from '../../src/subjects/workflow-paths.js';

describe('matrixCombinations', () => {
  it('builds the product, removes excludes, extends or appends includes as GitHub does', () => {
    const strategy = {
      matrix: {
        os: ['a', 'b'],
        v: [1, 2],
        exclude: [{ os: 'b', v: 2 }],
        include: [{ v: 1, extra: 'x' }, { os: 'c', v: 3 }],
      },
    };
    expect(matrixCombinations(strategy)).toEqual([
      { os: 'a', v: 1, extra: 'x' },
      { os: 'a', v: 2 },
      { os: 'b', v: 1, extra: 'x' },
      { os: 'c', v: 3 },
    ]);
  });

  it('gives up on computed, malformed or oversized matrices', () => {
    expect(matrixCombinations({ matrix: '${{ fromJSON(needs.a.outputs.m) }}' })).toBeUndefined();
    expect(matrixCombinations({ matrix: { a: '${{ fromJSON(x) }}' } })).toBeUndefined();
    expect(matrixCombinations({ matrix: { a: [1, 2, 3, 4, 5, 6, 7, 8, 9], b: [1, 2, 3, 4, 5, 6, 7, 8] } })).toBeUndefined();
    expect(matrixCombinations({ matrix: { include: [{ a: 1 }] } })).toEqual([{ a: 1 }]);
    expect(matrixCombinations(undefined)).toBeUndefined();
  });

  it('substitutes ${{ matrix.x }} deeply; missing keys are empty, objects and other expressions stay', () => {
    const raw = { image: 'node:${{ matrix.node }}', options: '${{matrix.opts}} ${{ matrix.os.name }} ${{ matrix.obj }} ${{ matrix.opts || 1 }}' };
    expect(substituteMatrix(raw, { node: 20, os: { name: 'linux' }, obj: { a: 1 } })).toEqual({
      value: { image: 'node:20', options: ' linux ${{ matrix.obj }} ${{ matrix.opts || 1 }}' },
      used: ['node', 'opts', 'os', 'obj'],
    });
  });
});

describe('matrixCombinationsFor', () => {
  it('expands only the keys the value uses, with their include entries, and excludes that name nothing else', () => {
    const strategy = {
      matrix: {
        shard: Array.from({ length: 100 }, (_, i) => i),
        opts: ['--a', '--b'],
        include: [{ shard: 1, opts: '--c' }, { shard: 2, extra: 'x' }],
        exclude: [{ opts: '--a' }, { shard: 5, opts: '--b' }],
      },
    };
    // The whole matrix (200 jobs) is too large; its `opts` are not.
    expect(matrixCombinations(strategy)).toBeUndefined();
    expect(matrixCombinationsFor(strategy, { options: '${{ matrix.opts }}' })).toEqual([{ opts: '--b' }, { opts: '--c' }]);
    // Nothing used: no axis, so the value is judged as written.
    expect(matrixCombinationsFor(strategy, { options: '--x' })).toBeUndefined();
    expect(matrixCombinationsFor({ matrix: '${{ fromJSON(x) }}' }, '${{ matrix.opts }}')).toBeUndefined();
  });
});

describe('workspacePath', () => {
  it.each([
    ['', './app/../Dockerfile', 'Dockerfile'],
    ['services', 'api', 'services/api'],
    ['services', '.', 'services'],
    ['a/b', '${{ github.workspace }}/x/y', 'x/y'],
    ['a', '$GITHUB_WORKSPACE', ''],
    ['a', '${{ GITHUB.WORKSPACE }}', ''],
    ['a', '${{ env.GITHUB_WORKSPACE }}/x', 'x'],
    ['a', '${{ Github.Workspace }}/api', 'api'],
    ['a', '$github_workspace', 'a/$github_workspace'],
    ['', '/etc/docker', '/etc/docker'],
    ['', '../outside', '../outside'],
    ['$UNKNOWN_DIRECTORY', 'Dockerfile', '$UNKNOWN_DIRECTORY/Dockerfile'],
  ])('%s + %s → %s', (cwd, path, expected) => {
    expect(workspacePath(cwd, path)).toBe(expected);
  });
});
