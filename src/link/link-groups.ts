import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import { classify } from '../discover/classify.js';
import { besideCompose } from '../documents/compose-paths.js';
import type { ContainerSpec } from '../subjects/container.js';
import type { WorkflowJob } from '../subjects/workflow-job.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { composeFilesNamed } from './compose-project.js';
import { calledPath, isLocalCall } from './link-reach.js';

/**
 * Splits workflows, actions and Compose files into groups that the link stage never joins with
 * each other, so that each group can be linked and judged on its own as soon as it is complete
 * (src/pipeline/judge-as-read.ts): `link(a ∪ b)` is `link(a) ∪ link(b)` for two groups. Each
 * linker's reach, over-approximated:
 *
 * - documents of one path are in one group: linkers look documents up by path and take the last
 *   one, so a Compose file that an `include:` reads at the path of a workflow or a Dockerfile hides
 *   that file from them;
 * - Compose files join by folder: override files pair there (`compose-project`), and a step's
 *   default Compose file is looked for there (`workflow-files`);
 * - a Compose file joins the folders of the files it `include`s or `extends` (`compose-extends`)
 *   and, to be safe, of those its `COMPOSE_FILE` lists (`compose-project` reads that list by path
 *   only, to decide whether its override merges);
 * - a workflow or action joins the folders of the Compose files its jobs and steps run
 *   (`workflow-files`) or name with `docker compose -f` (`compose-project`), the paths its steps
 *   build (`workflow-files` looks them up by path, whatever their kind), and the workflows of the
 *   repository its jobs call (`workflow-calls`);
 * - Dockerfiles are not among the documents grouped here: a group reads the ones
 *   `dockerfilesRead` names in its linked documents, and two groups that read one Dockerfile must
 *   be linked together.
 *
 * `.dockerignore` files (`build-context-git`) are read for one workflow alone. A linker that
 * reaches further must say so here: test/pipeline/judge-as-read-properties.test.ts compares
 * judging group by group against linking every document at once.
 *
 * Returns the groups in the order of their first document, each in `documents`' order.
 */
export function linkGroups(documents: readonly SourceDocument[]): SourceDocument[][] {
  const sets = new DisjointSets();
  documents.forEach((document, index) => {
    const own = `file:${document.path}`;
    sets.join(own, `document:${index}`);
    if (document.kind === 'compose') sets.join(own, folderKey(document.path));
    for (const other of reaches(document)) sets.join(own, other);
  });
  const groups = new Map<string, SourceDocument[]>();
  documents.forEach((document, index) => {
    const root = sets.find(`document:${index}`);
    const group = groups.get(root) ?? [];
    group.push(document);
    groups.set(root, group);
  });
  return [...groups.values()];
}

/**
 * The Dockerfiles a linked group reads, repository-relative: those its Compose services build
 * (`build.resolved`, set by `compose-build` after overrides and `extends` merged), and those its
 * workflows' steps and jobs build (`workflow-files`).
 */
export function dockerfilesRead(linked: readonly SourceDocument[]): string[] {
  const paths = new Set<string>();
  for (const document of linked) {
    for (const subject of document.subjects) {
      if (subject.type === 'container') {
        const resolved = (subject as Subject<ContainerSpec>).value.build?.resolved;
        if (resolved) paths.add(resolved);
      } else if (subject.type === 'workflow.step' || subject.type === 'workflow.job') {
        // A `$` in a script's path is a shell variable or an expression, unknown here; in Compose
        // values, interpolated already, it is a literal `$` (written `$$`).
        for (const path of (subject.value as WorkflowStep | WorkflowJob).builds ?? []) if (!path.includes('$')) paths.add(path);
      }
    }
  }
  return [...paths];
}

/**
 * Whether a path that a Compose service or a workflow step builds must be read as a Dockerfile
 * although discovery did not list it: its name is none that discovery reads (`Dockerfile-prod`,
 * `docker/prod.dock`, `build.txt`), and it is relative (a script's path holding a variable never
 * gets here: `dockerfilesRead` leaves it out). Compose and `docker build -f` read any file as a
 * Dockerfile (https://docs.docker.com/reference/compose-file/build/#dockerfile), so the scan must too:
 * otherwise the image such a service runs was never judged. A name that discovery reads as another
 * kind (`dockerfile: compose.yaml`) is left to that kind, and `build-file-not-judged` says so.
 */
export function readsAsDockerfile(path: string): boolean {
  // Absolute (`-f /tmp/df`): outside the repository, never a path into it.
  return classify(path) === undefined && path !== '' && !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path);
}

/** The union-find keys a document's links reach (see `linkGroups`). */
function reaches(document: SourceDocument): string[] {
  const keys: string[] = [];
  if (document.kind === 'compose') {
    const model = composeModel(document);
    if (!model) return keys;
    const written = [...model.includes.map((include) => include.written)];
    for (const service of model.services.values()) if (service.extends?.file !== undefined) written.push(service.extends.file);
    for (const path of written) {
      const target = besideCompose(document.path, path);
      if (target !== undefined) keys.push(folderKey(target));
    }
    for (const path of model.composeFile ?? []) if (path !== undefined) keys.push(folderKey(path));
    return keys;
  }
  for (const subject of document.subjects) {
    if (subject.type === 'workflow.job') {
      const job = subject.value as WorkflowJob;
      if (isLocalCall(job.uses)) keys.push(`file:${calledPath(job.uses!)}`);
      for (const path of job.composeFiles) keys.push(folderKey(path));
    } else if (subject.type === 'workflow.step') {
      const step = subject.value as WorkflowStep;
      for (const path of step.builds ?? []) keys.push(`file:${path}`);
      for (const path of step.composeFiles ?? []) keys.push(folderKey(path));
      for (const named of composeFilesNamed(step)) for (const path of named) keys.push(folderKey(path));
    }
  }
  return keys;
}

function folderKey(path: string): string {
  const folder = posix.dirname(path);
  return `folder:${folder === '.' ? '' : folder}`;
}

/** Union-find over string keys, with path halving. */
class DisjointSets {
  readonly #parent = new Map<string, string>();

  find(key: string): string {
    let at = key;
    for (;;) {
      const parent = this.#parent.get(at);
      if (parent === undefined || parent === at) return at;
      const grand = this.#parent.get(parent) ?? parent;
      this.#parent.set(at, grand);
      at = grand;
    }
  }

  join(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.#parent.set(rootB, rootA);
  }
}
