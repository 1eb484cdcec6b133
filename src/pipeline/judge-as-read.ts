import type { Finding } from '../core/finding.js';
import type { Notice } from '../core/notice.js';
import type { SourceDocument } from '../core/source-document.js';
import type { SourceTree } from '../discover/source-tree.js';
import { parseDocument } from '../documents/parse-document.js';
import { type CompiledRule, orderFindings } from '../evaluate/evaluate.js';
import { type Inventory, InventoryCollector, type InventoryOptions } from '../evaluate/inventory.js';
import { filesRunBy } from '../link/files-run-by.js';
import { link } from '../link/link.js';
import { LinkReach, unreadCalls } from '../link/link-reach.js';
import { mayHoldSuppressions } from '../select/suppression-comments.js';
import { GroupsAwaitingDockerfiles } from './groups-awaiting-dockerfiles.js';
import { evaluateTimed, parseTimed } from './profile.js';
import { readBuildIgnores } from './read-build-ignores.js';
import { readProject } from './read-project.js';
import type { ScanBudget } from './scan-budget.js';

/** What the scan keeps of a project judged file by file: findings and small facts, no document. */
export interface JudgedProject {
  /** Every document's findings (its problems included), in `evaluate`'s order. */
  findings: Finding[];
  /** Located `scan-incomplete` findings for what was left unread. */
  incomplete: Finding[];
  /** One entry per document read (a Compose file read with two sets of variables twice), sorted by path. */
  files: Array<{ path: string; kind: SourceDocument['kind'] }>;
  /** The text of each file that may hold suppressions (`mayHoldSuppressions`); no other file's. */
  texts: Map<string, string>;
  inventory: Inventory;
  /**
   * For each file another judged file makes run (`filesRunBy`: an `include:`, a `build:`, a
   * workflow's `-f`), the paths of the files that do, so `exclude` does not hide it.
   */
  runBy: Map<string, Set<string>>;
}

/**
 * Reads, parses, links and judges a project while reading it (issue #17: memory that does not
 * grow with the repository). A workflow, action or Compose file the link stage cannot reach
 * (`LinkReach`) is judged the moment it is parsed and dropped. The others (workflows that build,
 * run or call files of the repository, Compose projects of several files, services that build)
 * are split into link groups once every one of them is read (`GroupsAwaitingDockerfiles`): a group
 * that reads no Dockerfile is linked and judged then, and every other one as soon as the last
 * Dockerfile it reads is parsed. Dockerfiles come last; one that no group reads is judged alone.
 * The findings are those of `evaluate(link(parseProject(tree)))`, which
 * test/pipeline/judge-as-read.test.ts and judge-as-read-properties.test.ts check on every rule
 * example and fixture and on generated repositories.
 */
export async function judgeAsRead(
  tree: SourceTree,
  notices: Notice[],
  rules: CompiledRule[],
  options: {
    budget?: Partial<ScanBudget>;
    onProgress?: (read: number, total: number) => void;
    inventory?: InventoryOptions;
    timed?: <T>(stage: string, run: () => T) => T;
  } = {},
): Promise<JudgedProject> {
  const timed = options.timed ?? (<T>(_stage: string, run: () => T) => run());
  const findings: Finding[] = [];
  const runBy: JudgedProject['runBy'] = new Map();
  // Not `push(...)`: a group's findings as arguments could overflow the stack.
  const judge = (linked: SourceDocument[]): Finding[] => {
    const judged = evaluateTimed(linked, rules);
    for (const finding of judged) findings.push(finding);
    for (const document of linked) {
      for (const path of filesRunBy(document)) {
        const by = runBy.get(path);
        if (by) by.add(document.path);
        else runBy.set(path, new Set([document.path]));
      }
    }
    return judged;
  };
  const files: JudgedProject['files'] = [];
  const texts = new Map<string, string>();
  const inventory = new InventoryCollector(options.inventory);
  const record = (document: SourceDocument): void => {
    files.push({ path: document.path, kind: document.kind });
    if (mayHoldSuppressions(document.text)) texts.set(document.path, document.text);
    inventory.add(document);
  };
  let reach: LinkReach | undefined;
  let groups: GroupsAwaitingDockerfiles | undefined;
  /** The Dockerfiles the read will parse. */
  const dockerfiles = new Set<string>();
  /** Workflows judged and dropped while reading: a kept workflow may call one (`unreadCalls`). */
  const releasedWorkflows = new Set<string>();
  /** What each Compose file taken as read was judged to alone: dropped if the read retracts it. */
  const alone = new Map<string, Finding[]>();
  // Reading, parsing and judging are one stage now: each file is judged as soon as nothing else can change it.
  const read = await timed('read+parse+judge', () =>
    readProject(tree, notices, options.budget, options.onProgress, {
      begin: (discovered) => {
        reach = new LinkReach(discovered);
        for (const file of discovered) if (file.kind === 'dockerfile') dockerfiles.add(file.path);
      },
      take: (document) => {
        if (document.kind === 'dockerfile') {
          record(document);
          // Alone, as linking everything would leave it, unless a group reads it.
          if (!groups?.add(document)) judge(link([document]));
          return true;
        }
        if (reach?.keeps(document) !== false) return false;
        // Alone, as linking everything would leave it: nothing links to it or from it.
        const judged = judge(link([document]));
        if (document.kind === 'compose') alone.set(document.path, judged);
        record(document);
        if (document.kind === 'workflow') releasedWorkflows.add(document.path);
        return true;
      },
      settle: async ({ documents, rereads, retracted }) => {
        for (const document of documents) if (!rereads.has(document)) record(document);
        // Compose files judged alone whose folder a file reached only by reference joined (an
        // override pair): they are among the documents linked below, and judged there.
        const dropped = new Set([...retracted].flatMap((path) => alone.get(path) ?? []));
        alone.clear();
        if (dropped.size) {
          // In place, without spreading: a scan may hold 200,000 findings.
          let kept = 0;
          for (const finding of findings) if (!dropped.has(finding)) findings[kept++] = finding;
          findings.length = kept;
        }
        // Workflows a kept workflow calls were judged and dropped before it was known that another
        // file reads them: read again, and linked with their callers. Only workflows: the link stage
        // reads no other kind a `uses:` names, and a Compose file read again here would lack its
        // `.env` and add findings of its own (a job whose `uses:` names `./compose.yaml`).
        const again = await readWorkflowsAgain(
          tree,
          unreadCalls(documents).filter((path) => releasedWorkflows.has(path)),
        );
        releasedWorkflows.clear();
        const ignoreFiles = await readBuildIgnores(tree, [...documents, ...again]);
        groups = new GroupsAwaitingDockerfiles(
          documents,
          again,
          dockerfiles,
          (group) => timed('link', () => link(group, ignoreFiles)),
          (linked) => timed('judge linked', () => judge(linked)),
        );
        return groups.unnamed();
      },
    }),
  );
  // Groups that waited for a Dockerfile the read did not parse (refused, unreadable, past the time budget).
  groups?.finish();
  // Every document read was taken (Dockerfiles) or settled: `read.documents` is empty.
  // As the read orders them: by path, and of one path the discovered file first. A Dockerfile, read
  // last, shares a path only with a Compose file an `include:` reads there, which comes after it.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : Number(b.kind === 'dockerfile') - Number(a.kind === 'dockerfile')));
  return { findings: orderFindings(findings), incomplete: read.incomplete, files, texts, inventory: inventory.result(), runBy };
}

/**
 * Workflows read and parsed again for the link stage (they were judged when first read; judged
 * again, they give the same findings, which `orderFindings` keeps once).
 */
async function readWorkflowsAgain(tree: SourceTree, paths: readonly string[]): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for (const path of paths) {
    const got = await tree.read(path);
    // With the tree's links, as when first read (read-project.ts), or its findings would differ.
    const hostLink = tree.hostLink ? (at: string) => tree.hostLink?.(at) : undefined;
    if ('text' in got) documents.push(parseTimed('workflow', () => parseDocument('workflow', path, got.text, undefined, undefined, hostLink)));
  }
  return documents;
}
