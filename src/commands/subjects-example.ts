import type { SourceDocument } from '../core/source-document.js';
import { memoryTree } from '../discover/memory-tree.js';
import { parseProject } from '../pipeline/parse-project.js';
import { EXAMPLE_FILES } from '../report/docs/subjects-doc.js';

/**
 * The subjects page's example repository, read, parsed and linked by the same `parseProject` as a
 * scan, so each example on the page is what the parsers really produce.
 */
export async function exampleDocuments(): Promise<SourceDocument[]> {
  return (await parseProject(memoryTree(EXAMPLE_FILES), [])).linked;
}
