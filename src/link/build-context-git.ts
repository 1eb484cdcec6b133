import ignore from 'ignore';
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
        // A Dockerfile-specific ignore file replaces the root one for that build.
        const texts = (step.value.builds?.length ? specific : []).map((path) => ignoreFiles.get(path) ?? ignoreFiles.get(root));
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
 * True when an ignore file surely keeps `.git/config` out of the context. Read as hostile (on a
 * pull request it comes from the pull request): Docker lets `!` re-include a file under an
 * excluded folder, which gitignore rules do not, so any `!` pattern that could reach `.git`
 * means "not excluded" rather than trusting the matcher's answer.
 */
export function excludesGitConfig(text: string | undefined): boolean {
  if (text === undefined) return false;
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const patterns = lines.map((line) => line.replace(/^(!?)\/+/, '$1'));
  if (!ignore().add(patterns).ignores('.git/config')) return false;
  return !patterns.some((line) => line.startsWith('!') && reaches(line.slice(1)));
}

function reaches(pattern: string): boolean {
  const matcher = ignore().add(pattern);
  return ['.git', '.git/config', '.git/x'].some((path) => matcher.ignores(path)) || pattern.includes('.git');
}
