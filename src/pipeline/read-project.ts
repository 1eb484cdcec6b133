import { type ComposeFileReference, composeModel } from '../core/compose-model.js';
import type { Finding } from '../core/finding.js';
import { joinPointer } from '../core/json-pointer.js';
import type { Notice } from '../core/notice.js';
import type { SourceDocument } from '../core/source-document.js';
import type { SourceTree } from '../discover/source-tree.js';
import { readComposeEnv } from '../documents/compose-env-read.js';
import { besideCompose } from '../documents/compose-paths.js';
import { parseDocument } from '../documents/parse-document.js';
import { parseTimed } from './profile.js';
import { type ScanBudget, scanBudget } from './scan-budget.js';

/**
 * Files read at once: enough to keep the disk and the parser busy, few enough that a repository of
 * tens of thousands of files never runs out of file descriptors (EMFILE), and that a pull request's
 * base read through GitHub's API never has more than this many requests in flight.
 */
const READ_CONCURRENCY = 16;

/**
 * Compose files reached only through `include:` or `extends.file` that one scan follows. Each is a
 * file the repository holds (the tree refuses anything else), so this only bounds a repository
 * generated to make the scan chase references.
 */
export const MAX_REFERENCED_FILES = 1000;

/**
 * Reads and parses every file a scan judges, through one tree (the working tree, or a pull
 * request's base revision): the discovered files, the `.env` beside each Compose file, and every
 * Compose file that an `include:` or `extends.file` names, whatever its name — Compose reads
 * those, so a service a pull request hides in `common.yml` is judged like any other.
 *
 * A reference Containment cannot follow (outside the scanned folder, a URL, a missing or refused
 * file, a value left unknown by interpolation) is a located `compose-reference-unresolved`
 * problem on the line that writes it: what it brings in is unknown, and an unknown is never
 * treated as safe. Refusals and budget overruns are also `notices`. The scan's budget
 * (`src/pipeline/scan-budget.ts`) decides which discovered files are read; what it leaves out is one
 * located `scan-incomplete` finding, which fails closed. Never throws for a working
 * tree; a base-revision tree throws when its source fails (see `SourceTree.read`).
 */
export async function readProject(tree: SourceTree, notices: Notice[], budget?: Partial<ScanBudget>): Promise<ReadProject> {
  const { files: discovered, notices: found } = await tree.files();
  notices.push(...found);
  const allowance = scanBudget(discovered, budget);
  const read = await mapLimited(allowance.files, READ_CONCURRENCY, async (file) => {
    if (allowance.expired()) return void allowance.skip(file);
    return readOne(tree, file.path, file.kind, notices);
  });
  const documents = read.filter((document) => document !== undefined);
  const known = new Set(documents.map((document) => document.path));
  let followed = 0;
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index]!;
    if (document.kind !== 'compose') continue;
    for (const reference of references(document)) {
      const target = besideCompose(document.path, reference.written);
      if (target === undefined || target === '') {
        unresolved(document, reference, 'Containment cannot read it: it is not a path inside the scanned folder (absolute, a URL, outside the folder, or unknown after interpolation)');
        continue;
      }
      if (known.has(target)) continue;
      if (followed >= MAX_REFERENCED_FILES) {
        unresolved(document, reference, `the scan already followed ${MAX_REFERENCED_FILES} referenced files, its limit`);
        continue;
      }
      const got = await tree.read(target);
      if ('missing' in got) {
        unresolved(document, reference, 'it does not exist, so Compose refuses this file');
        continue;
      }
      if ('refused' in got) {
        notices.push(got.refused);
        unresolved(document, reference, 'it is not a file Containment may read (a link into .git/ or out of the folder, or not a regular file)');
        continue;
      }
      followed++;
      known.add(target);
      const env = await readComposeEnv(tree, target, notices);
      documents.push(parseTimed('compose', () => parseDocument('compose', target, got.text, env)));
    }
  }
  return { documents: documents.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), incomplete: allowance.findings() };
}

/** The parsed documents, and a located `scan-incomplete` finding when the scan's budget left files unread. */
export interface ReadProject {
  documents: SourceDocument[];
  incomplete: Finding[];
}

async function readOne(tree: SourceTree, path: string, kind: SourceDocument['kind'], notices: Notice[]): Promise<SourceDocument | undefined> {
  const got = await tree.read(path);
  if (!('text' in got)) {
    if ('refused' in got) notices.push(got.refused);
    return undefined;
  }
  const env = kind === 'compose' ? await readComposeEnv(tree, path, notices) : undefined;
  return parseTimed(kind, () => parseDocument(kind, path, got.text, env));
}

/** Every other Compose file this one names: `include:` entries, then each service's `extends.file`. */
function references(document: SourceDocument): ComposeFileReference[] {
  const model = composeModel(document);
  if (!model) return [];
  const out = [...model.includes];
  for (const service of model.services.values()) {
    const file = service.extends?.file;
    if (file !== undefined) out.push({ written: file, pointer: joinPointer(joinPointer(service.pointer, 'extends'), 'file') });
  }
  return out;
}

function unresolved(document: SourceDocument, reference: ComposeFileReference, why: string): void {
  const what = reference.pointer.startsWith('/include') ? 'the services it includes' : 'the settings this service inherits from it';
  document.problems.push({
    ruleId: 'compose-reference-unresolved',
    message: `${reference.written ? `\`${reference.written}\`` : 'This reference'} was not read: ${why}. ${capitalize(what)} were not checked; name a Compose file inside the repository.`,
    range: document.locate(reference.pointer),
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
