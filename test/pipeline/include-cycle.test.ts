import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import type { SourceTree } from '../../src/discover/source-tree.js';
import { readProject } from '../../src/pipeline/read-project.js';

/** The tree, counting how often each path is read. */
function counting(files: Record<string, string>): { tree: SourceTree; reads: Map<string, number> } {
  const inner = memoryTree(files);
  const reads = new Map<string, number>();
  return {
    reads,
    tree: {
      ...inner,
      read: (path: string) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return inner.read(path);
      },
    },
  };
}

const cycleProblems = (documents: Awaited<ReturnType<typeof readProject>>['documents']) =>
  documents.flatMap((d) => d.problems.filter((p) => /include cycle/.test(p.message)).map((p) => `${d.path}:${p.range.start.line}`));

describe('include cycles, which Compose refuses', () => {
  it('stops at a file that includes itself with an env_file, instead of reading it a thousand times', async () => {
    const { tree, reads } = counting({
      'compose.yaml': 'include:\n  - path: compose.yaml\n    env_file: vars.env\nservices:\n  web:\n    image: nginx:1.27\n',
      'vars.env': 'A=1\n',
    });
    const { documents } = await readProject(tree, []);
    expect(reads.get('compose.yaml')).toBe(1);
    expect(cycleProblems(documents)).toEqual(['compose.yaml:2']);
    expect(documents.map((d) => d.path)).toEqual(['compose.yaml']);
  });

  it('reports the include that closes a cycle through another file, where it is written', async () => {
    const { tree, reads } = counting({
      'a/compose.yaml': 'include:\n  - path: ../b/compose.yaml\n    env_file: ../vars.env\nservices:\n  a:\n    image: nginx:1.27\n',
      'b/compose.yaml': 'include:\n  - path: ../a/compose.yaml\n    env_file: ../vars.env\nservices:\n  b:\n    image: nginx:1.27\n',
      'vars.env': 'A=1\n',
    });
    const { documents } = await readProject(tree, []);
    // Each file on its own, and each once through the other's include: no further.
    expect(Math.max(...reads.values())).toBeLessThanOrEqual(3);
    expect(cycleProblems(documents).sort()).toEqual(['a/compose.yaml:2', 'b/compose.yaml:2']);
  });

  it('follows a file included twice by different routes (a diamond), which is no cycle', async () => {
    const { tree } = counting({
      'compose.yaml': 'include:\n  - b/compose.yaml\n  - c/compose.yaml\n',
      'b/compose.yaml': 'include:\n  - ../d/compose.yaml\nservices:\n  b:\n    image: nginx:1.27\n',
      'c/compose.yaml': 'include:\n  - ../d/compose.yaml\nservices:\n  c:\n    image: nginx:1.27\n',
      'd/compose.yaml': 'services:\n  d:\n    image: nginx:1.27\n    privileged: true\n',
    });
    const { documents } = await readProject(tree, []);
    expect(cycleProblems(documents)).toEqual([]);
    expect(documents.some((d) => d.path === 'd/compose.yaml')).toBe(true);
  });
});
