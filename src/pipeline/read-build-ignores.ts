import type { SourceDocument } from '../core/source-document.js';
import type { SourceTree } from '../discover/source-tree.js';
import { buildIgnorePaths, UNREADABLE_IGNORE_FILE } from '../link/build-context-git.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';

/** `.dockerignore` files are short; a longer one is not read and so excludes nothing. */
const MAX_IGNORE_FILES = 64;

/**
 * Reads, through the scan's tree, the `.dockerignore` files that decide whether a workflow's
 * build of the repository root sends `.git` (with the checkout's token) to Docker. On a pull
 * request this is the head's file, judged as hostile by the linker: it clears the finding only
 * when it really excludes `.git/config`, which is then true of the code being merged. A file
 * missing, refused or beyond the count is left out, so nothing excludes `.git`: fail closed.
 */
export async function readBuildIgnores(tree: SourceTree, documents: readonly SourceDocument[]): Promise<Map<string, string>> {
  const paths = new Set<string>();
  for (const document of documents) {
    if (document.kind !== 'workflow' && document.kind !== 'action') continue;
    for (const subject of document.subjects) {
      if (subject.type === 'workflow.step') for (const path of buildIgnorePaths(subject.value as WorkflowStep)) paths.add(path);
    }
  }
  const texts = new Map<string, string>();
  for (const [index, path] of [...paths].entries()) {
    // A Dockerfile-specific ignore file that exists but was not read must not let the root one
    // decide for its build: it is recorded as unreadable, which excludes nothing.
    if (index >= MAX_IGNORE_FILES) {
      texts.set(path, UNREADABLE_IGNORE_FILE);
      continue;
    }
    const read = await tree.read(path);
    if ('text' in read) texts.set(path, read.text);
    else if (!('missing' in read)) texts.set(path, UNREADABLE_IGNORE_FILE);
  }
  return texts;
}
