import { describe, expect, it } from 'vitest';
import type { FileRead, SourceTree } from '../../src/discover/source-tree.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { UNREADABLE_IGNORE_FILE } from '../../src/link/build-context-git.js';
import { readBuildIgnores } from '../../src/pipeline/read-build-ignores.js';

const WORKFLOW = ['on: push', 'jobs:', '  i:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: docker build -f docker/Dockerfile .', ''].join('\n');

function tree(reads: Record<string, FileRead>): SourceTree {
  return { describe: 'test', files: async () => ({ files: [], notices: [] }), read: async (path) => reads[path] ?? { missing: true } };
}

describe('readBuildIgnores', () => {
  const documents = [parseDocument('workflow', '.github/workflows/i.yml', WORKFLOW)];

  it('records a refused Dockerfile-specific ignore file as unreadable, and leaves a missing one out', async () => {
    const refused = { refused: { kind: 'link', message: 'a link', path: 'docker/Dockerfile.dockerignore' } } as unknown as FileRead;
    const texts = await readBuildIgnores(tree({ '.dockerignore': { text: '.git\n' }, 'docker/Dockerfile.dockerignore': refused }), documents);
    expect([...texts]).toEqual([
      ['.dockerignore', '.git\n'],
      ['docker/Dockerfile.dockerignore', UNREADABLE_IGNORE_FILE],
    ]);
    expect([...(await readBuildIgnores(tree({ '.dockerignore': { text: '.git\n' } }), documents))]).toEqual([['.dockerignore', '.git\n']]);
  });
});
