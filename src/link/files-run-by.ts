import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import type { ContainerSpec } from '../subjects/container.js';
import type { WorkflowJob } from '../subjects/workflow-job.js';
import { knownRepositoryPath } from '../subjects/workflow-paths.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { calledPath, isLocalCall } from './link-reach.js';

/**
 * The other files of the repository that a linked document makes run, repository-relative: the
 * Compose files it `include`s or its `.env`'s `COMPOSE_FILE` names, the Dockerfiles its services
 * build (`build.resolved`), and, for a workflow or action, the Compose files its steps load
 * (`-f`, `COMPOSE_FILE`), the Dockerfiles they build, the local actions its steps use
 * (`uses: ./dir`) and the reusable workflows its jobs call.
 * A config's `exclude` must not hide what a judged file runs (src/select/select.ts): excluding
 * `test/fixtures/` is meant for fixtures that nothing runs, not for a fixture a judged
 * `compose.yaml` includes. `extends.file` is not here: a finding inherited that way is already
 * moved to the service that inherits it. Paths holding a variable or leaving the repository are
 * left out (other rules report them as unresolved).
 */
export function filesRunBy(document: SourceDocument): string[] {
  const paths = new Set<string>();
  const add = (path: string | undefined): void => {
    if (path !== undefined && path !== document.path && knownRepositoryPath(path)) paths.add(path);
  };
  const model = composeModel(document);
  if (model) {
    const folder = posix.dirname(document.path);
    for (const include of model.includes) if (!posix.isAbsolute(include.written)) add(posix.normalize(posix.join(folder, include.written)));
    for (const path of model.composeFile ?? []) add(path);
  }
  for (const subject of document.subjects) {
    if (subject.type === 'container') add((subject as Subject<ContainerSpec>).value.build?.resolved);
    else if (subject.type === 'workflow.step') {
      const step = subject.value as WorkflowStep;
      for (const path of [...(step.builds ?? []), ...(step.composeFiles ?? []), ...(step.composeFileEnv ?? [])]) add(path);
      // A local action (`uses: ./ci/act`) runs that folder's action.yml (or action.yaml).
      const local = step.uses?.trim().match(/^\.\/([^@]*?)\/?$/)?.[1];
      if (local !== undefined) {
        const folder = posix.normalize(local);
        for (const name of ['action.yml', 'action.yaml']) add(folder === '.' ? name : `${folder}/${name}`);
      }
    } else if (subject.type === 'workflow.job') {
      const job = subject.value as WorkflowJob;
      for (const path of [...job.builds, ...job.composeFiles]) add(path);
      if (isLocalCall(job.uses)) add(calledPath(job.uses!));
    }
  }
  return [...paths];
}
