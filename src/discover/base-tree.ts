import { classify } from './classify.js';
import type { DiscoveredFile } from './discover.js';
import type { RevisionSource } from './revision-source.js';
import type { FileRead, SourceTree } from './source-tree.js';
import type { Changes } from './unified-diff.js';

/**
 * A pull request's base revision as a tree: the head's files with every path the change touched
 * answered from the base revision instead. Every read the scan makes goes through it — the
 * discovered files, the `.env` beside a Compose file, `extends` and `include` targets — so a pull
 * request that edits only `.env` cannot make its base look like its head. Base versions are
 * fetched lazily, only for files the scan reads, once each; the scan's own read concurrency
 * bounds how many are in flight.
 *
 * Which files are judged at the base: the head's list, less the files the change added (they read
 * as missing), plus the files it deleted and the old names of renamed files. A file read through
 * a link is answered from the base when the file the link leads to is one the change touched.
 */
export function baseTree(head: SourceTree, source: RevisionSource, changes: Changes, options: { linkChanged?: boolean } = {}): SourceTree {
  const touched = new Set<string>([...changes.lines.keys(), ...changes.deleted, ...changes.renamed.values()]);
  const cache = new Map<string, Promise<string | null>>();
  // A link path is touched when the change touches it or a file under it (a folder replaced by a link).
  const touchedOrUnder = (link: string): boolean =>
    touched.has(link) || changes.added?.has(link) === true || changes.renamed.has(link) || [...touched].some((path) => path.startsWith(`${link}/`));
  const atBase = (path: string): Promise<string | null> => {
    let pending = cache.get(path);
    if (!pending) {
      pending = source.fileAt(path);
      cache.set(path, pending);
    }
    return pending;
  };
  return {
    describe: `the base revision (${source.describe})`,
    async files() {
      const found = await head.files();
      const files: DiscoveredFile[] = found.files.filter((file) => !changes.renamed.has(file.path));
      const listed = new Set(files.map((file) => file.path));
      for (const path of [...changes.deleted, ...changes.renamed.values()]) {
        const kind = classify(path);
        if (kind && !listed.has(path)) {
          files.push({ path, kind, size: 0 });
          listed.add(path);
        }
      }
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { files, notices: [], ...(found.envFiles ? { envFiles: found.envFiles } : {}) };
    },
    hostLink(path) {
      // A link the change adds, edits or removes, or one on the way to it, led elsewhere or nowhere
      // at the base: unknown there, so a finding it makes counts as new (fail closed).
      const at = head.hostLink?.(path);
      if (!at || options.linkChanged) return undefined;
      return at.links.some((link) => touchedOrUnder(link)) ? undefined : at;
    },
    async read(path): Promise<FileRead> {
      if (!touched.has(path)) {
        const read = await head.read(path);
        if (!('text' in read) || read.realPath === undefined) return read;
        // Read through a link, when the change retargets a link (`stacks -> v1` made `stacks -> v2`
        // under `compose.yaml -> stacks/web.txt`): where the link led at the base is not known
        // here, so the base has no such file and every finding in it is new (fail closed).
        if (options.linkChanged) return { missing: true };
        // Read through a link the change left alone: the file it leads to may be one the change
        // edits, and then the base has that file's base version.
        if (!touched.has(read.realPath)) return read;
        path = read.realPath;
      }
      if (changes.added?.has(path)) return { missing: true };
      const text = await atBase(path);
      return text === null ? { missing: true } : { text };
    },
  };
}
