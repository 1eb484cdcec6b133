import type { Finding } from '../core/finding.js';
import type { Notice } from '../core/notice.js';
import type { SourceDocument } from '../core/source-document.js';
import type { SourceTree } from '../discover/source-tree.js';
import { link } from '../link/link.js';
import { dockerfilesRead, readsAsDockerfile } from '../link/link-groups.js';
import { readBuildIgnores } from './read-build-ignores.js';
import { readProject } from './read-project.js';
import type { ScanBudget } from './scan-budget.js';

/** A project read, parsed and linked: what the evaluate stage judges. */
export interface ParsedProject {
  /** The documents as parsed, one per file read (and per set of variables it was read with), sorted by path. */
  parsed: SourceDocument[];
  /** The same documents as judged: linked (overrides merged, build contexts followed), none mutated. */
  linked: SourceDocument[];
  /** Located `scan-incomplete` findings for what was left unread. */
  incomplete: Finding[];
}

/**
 * The one way from files to linked documents (DESIGN.md §1, discover → parse → link), shared by
 * the scan, `test-pack` and the rule suite, the subjects page and the tests, so a rule's example
 * is read exactly as a repository is: `.env` interpolation, `include:`/`extends.file`/`COMPOSE_FILE`
 * followed, overrides merged. Notices (files refused, skipped) are appended to `notices`. Never
 * throws for a working or in-memory tree; see `readProject` for a base-revision tree.
 */
export async function parseProject(
  tree: SourceTree,
  notices: Notice[],
  hooks: {
    budget?: Partial<ScanBudget>;
    timed?: <T>(stage: string, run: () => T) => T;
    /** Called after each file is read: files read so far, files to read. */
    onProgress?: (read: number, total: number) => void;
  } = {},
): Promise<ParsedProject> {
  const timed = hooks.timed ?? (<T>(_stage: string, run: () => T) => run());
  // The files services and steps build under names discovery does not list, as the scan reads
  // them (judge-as-read.ts, through `GroupsAwaitingDockerfiles.unnamed`).
  const unnamedBuilds = (documents: readonly SourceDocument[]): string[] => {
    const read = new Set(documents.filter((document) => document.kind === 'dockerfile').map((document) => document.path));
    return [...new Set(dockerfilesRead(link([...documents])).filter((path) => !read.has(path) && readsAsDockerfile(path)))].sort();
  };
  const { documents, incomplete } = await timed('read+parse', () => readProject(tree, notices, hooks.budget, hooks.onProgress, undefined, unnamedBuilds));
  // The `.dockerignore` files that decide whether a workflow's build sends `.git` to Docker, read
  // through the same tree (on a pull request, the head's: the linker judges them as hostile).
  const ignoreFiles = await readBuildIgnores(tree, documents);
  return { parsed: documents, linked: timed('link', () => link(documents, ignoreFiles)), incomplete };
}
