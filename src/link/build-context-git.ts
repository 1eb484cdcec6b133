import { posix } from 'node:path';
import type { Subject } from '../core/subject.js';
import { checkoutPersistsInWorkspace } from '../documents/workflow-checkouts.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import type { Linker } from './link.js';

/**
 * The ignore files that decide whether a build context at the repository root sends `.git`:
 * `.dockerignore` there, and `<Dockerfile>.dockerignore` beside each Dockerfile the step builds,
 * which takes precedence (https://docs.docker.com/build/concepts/context/#dockerignore-files).
 */
export function buildIgnorePaths(step: WorkflowStep): string[] {
  if (!step.credentialPersisted || !step.buildContexts?.includes('')) return [];
  return ['.dockerignore', ...(step.builds ?? []).map((dockerfile) => `${dockerfile}.dockerignore`)];
}

/**
 * Marks a step `gitInBuildContext` when it builds the repository root after a checkout that
 * kept its token in `.git/config`, and no ignore file excludes that file; and marks each such
 * checkout of the job `tokenReachesBuild`, with the build as evidence, so the finding lands on the
 * checkout, where its fix (`persist-credentials: false`) is written. `ignoreFiles` holds the
 * texts the pipeline read (a path left out was missing or refused: nothing excludes `.git`).
 */
export function linkBuildContextGit(ignoreFiles: ReadonlyMap<string, string>): Linker {
  return (state) => {
    for (const document of state.documents) {
      if (document.kind !== 'workflow' && document.kind !== 'action') continue;
      const steps = state.subjectsOf(document).filter((subject): subject is Subject<WorkflowStep> => subject.type === 'workflow.step');
      for (const step of steps) {
        const [root, ...specific] = buildIgnorePaths(step.value);
        if (root === undefined) continue;
        // A Dockerfile-specific ignore file replaces the root one for that build. A Dockerfile
        // path Containment cannot resolve (`$PWD/docker/Dockerfile`, outside the repository) may
        // have an ignore file of its own that was never read, so nothing excludes `.git` for it.
        const texts = (step.value.builds?.length ? specific : []).map((path) => (isRepositoryPath(path) ? (ignoreFiles.get(path) ?? ignoreFiles.get(root)) : undefined));
        const decisive = texts.length ? texts : [ignoreFiles.get(root)];
        if (!decisive.some((text) => !excludesGitConfig(text))) continue;
        state.update(step, { value: { ...step.value, gitInBuildContext: true } });
        const build = { document, pointer: step.pointer, message: 'this step sends the repository root, `.git` included, to the build' };
        for (const checkout of steps) {
          const value = state.latest(checkout).value;
          if (value.job !== step.value.job || value.index >= step.value.index || !persistsToken(value)) continue;
          if (value.tokenReachesBuild) continue;
          state.update(checkout, { value: { ...value, tokenReachesBuild: true }, evidence: [...(state.latest(checkout).evidence ?? []), build] });
        }
      }
    }
  };
}

/** A checkout step that itself leaves its token in the workspace's `.git/config`. */
function persistsToken(step: WorkflowStep): boolean {
  return step.uses !== undefined && checkoutPersistsInWorkspace(step.uses, step.with);
}

/**
 * The text recorded for an ignore file that exists but was not read (refused, or past the count
 * read): it excludes nothing, and, unlike a missing Dockerfile-specific file, it does not hand
 * the decision to the root `.dockerignore`.
 */
export const UNREADABLE_IGNORE_FILE = '\u0000unreadable';

/** A repository-relative path with nothing unknown in it: no variable, not absolute, not above the root. */
function isRepositoryPath(path: string): boolean {
  return !path.includes('$') && !path.startsWith('/') && !/^\.\.(\/|$)/.test(path);
}

/**
 * Normalised `.dockerignore` lines that surely exclude `.git/config` as Docker matches them: the
 * `.git` folder itself (a folder's files go with it), everything in it, or everything. Matching is
 * case-sensitive and anchored at the context root, so `.GIT`, `config` or `x/.git` do not count.
 */
const EXCLUDES_GIT = new Set(['.git', '.git*', '.git/*', '.git/**', '.git/config', '**/.git', '**/.git/**', '*', '**']);

/**
 * True when an ignore file surely keeps `.git/config` out of the context. Read as hostile (on a
 * pull request it comes from the pull request), so it fails closed: each line is normalised as
 * Docker reads it (moby/patternmatcher `ignorefile.ReadAll`: a BOM is dropped, a line starting
 * with `#` in its first column is a comment, the line is trimmed, a leading `!` is removed and the
 * rest trimmed again and cleaned like Go's `filepath.Clean`, a leading `/` dropped), and the file
 * counts only when some line is one of {@link EXCLUDES_GIT} and no line is a `!` exception at
 * all: an exception can re-include a file under an excluded folder (`!./.gi?`, `! .git/config`,
 * `!x/../.git`), and telling which cannot is not worth the risk.
 */
export function excludesGitConfig(text: string | undefined): boolean {
  if (text === undefined || text === UNREADABLE_IGNORE_FILE) return false;
  let excluded = false;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (line.startsWith('#')) continue;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('!')) return false;
    if (EXCLUDES_GIT.has(cleanPattern(trimmed))) excluded = true;
  }
  return excluded;
}

/** Go's `filepath.Clean` on a pattern, then a leading `/` dropped, as Docker normalises it. */
function cleanPattern(pattern: string): string {
  const cleaned = posix.normalize(pattern).replace(/\/+$/, '') || '/';
  return cleaned.length > 1 && cleaned.startsWith('/') ? cleaned.replace(/^\/+/, '') : cleaned;
}
