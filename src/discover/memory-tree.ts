import { classify } from './classify.js';
import type { DiscoveredFile } from './discover.js';
import type { FileRead, SourceTree } from './source-tree.js';

/**
 * A tree held in memory: a rule's example files (`test-pack`, the rule suite), read by the same
 * `readProject` as a scan, so an example is parsed, `.env`-interpolated and followed through
 * `include:` exactly as a repository would be. `files` maps repository-relative paths to text;
 * the ones Containment judges are listed, the others (`.env`, included files) are only read.
 */
export function memoryTree(files: Readonly<Record<string, string>>): SourceTree {
  const listed: DiscoveredFile[] = Object.entries(files)
    .flatMap(([path, text]) => {
      const kind = classify(path);
      return kind ? [{ path, kind, size: text.length }] : [];
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    describe: 'the example files',
    files: async () => ({ files: listed, notices: [] }),
    read: async (path): Promise<FileRead> => {
      const text = files[path];
      return text === undefined ? { missing: true } : { text };
    },
  };
}
