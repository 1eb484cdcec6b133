import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import { readDockerCommand } from '../subjects/docker-command.js';
import type { WorkflowJob } from '../subjects/workflow-job.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { buildIgnorePaths } from './build-context-git.js';

/**
 * Which documents the link stage may change or read, decided one document at a time as the files
 * are parsed, so that every other document can be judged on its own at once and dropped (memory
 * that does not grow with the repository; src/pipeline/judge-as-read.ts). Each linker's reach:
 *
 * - a workflow or action is kept when it builds or runs files of the repository (`workflow-files`:
 *   its steps' `builds`/`composeFiles`), calls a workflow of the repository (`workflow-calls`),
 *   builds the repository root after a checkout that keeps its token (`build-context-git`, which
 *   reads `.dockerignore` files), or runs `docker compose -f` (`compose-project` reads which files
 *   load without their override). A workflow another one calls is read again after linking
 *   (`unreadCalls`);
 * - a Compose file is kept when a linker can change it or read it for another file: it shares its
 *   folder with another Compose file (override files, `compose-project`), its services `extends`
 *   or `build:` (`compose-extends`, `compose-build`), it `include`s, names `env_file`s or was read
 *   with a `COMPOSE_FILE` (the reader follows those), or a kept workflow names a file in its folder
 *   (`workflow-files`). A file another one `extends` or `include`s is read again by the reader
 *   when that reference is followed (the `rereads` of `ReadRelease.settle`). Folders are shared among the listed
 *   files only: one that a reference brings in from outside the listing (git-ignored, excluded,
 *   past the budget) makes the reader retract the files taken in its folder
 *   (`retracted`, ibid.), which are then judged linked;
 * - a Dockerfile is not decided here: Dockerfiles are read last, once every workflow and Compose
 *   file is read and the kept ones are split into link groups (`linkGroups`); a Dockerfile a
 *   group reads (`dockerfilesRead`, builds from override files and `extends` included) waits for
 *   that group, and every other one is judged alone.
 *
 * Conservative by construction: keeping a document that did not need it costs memory, never a
 * finding. A linker that reaches further must say so here; `test/pipeline/judge-as-read.test.ts`
 * compares this against linking everything at once.
 */
export class LinkReach {
  /** Folders holding more than one file discovered as a Compose file. */
  readonly #sharedFolders = new Set<string>();
  /** Folders of the files kept workflows build or run. */
  readonly #workflowFolders = new Set<string>();

  /** `discovered`: every file the scan will read, with its kind. */
  constructor(discovered: ReadonlyArray<{ path: string; kind: SourceDocument['kind'] }>) {
    const seen = new Set<string>();
    for (const file of discovered) {
      if (file.kind !== 'compose') continue;
      const folder = posix.dirname(file.path);
      if (seen.has(folder)) this.#sharedFolders.add(folder);
      seen.add(folder);
    }
  }

  /**
   * Whether linking may change or read this workflow, action or Compose file. Documents must come
   * workflows and actions first, then Compose files (`ReadRelease`), since a document is kept for
   * what the kept ones before it name. Throws for a Dockerfile, which is not decided here.
   */
  keeps(document: SourceDocument): boolean {
    if (document.kind === 'workflow' || document.kind === 'action') {
      if (!document.subjects.some(workflowLinks)) return false;
      for (const subject of document.subjects) this.#noteWorkflowFiles(subject);
      return true;
    }
    if (document.kind === 'compose') return this.#composeLinks(document);
    throw new Error(`LinkReach does not decide Dockerfiles (${document.path}): ask the link groups`);
  }

  #composeLinks(document: SourceDocument): boolean {
    const folder = posix.dirname(document.path);
    if (this.#sharedFolders.has(folder) || this.#workflowFolders.has(folder)) return true;
    const model = composeModel(document);
    if (!model) return false;
    if (model.includes.length > 0 || model.composeFile !== undefined) return true;
    for (const service of model.services.values()) {
      if (service.extends !== undefined || service.envFiles?.length || service.raw['build'] !== undefined) return true;
    }
    return false;
  }

  #noteWorkflowFiles(subject: Subject): void {
    if (subject.type !== 'workflow.step' && subject.type !== 'workflow.job') return;
    const value = subject.value as WorkflowStep | WorkflowJob;
    for (const path of value.builds ?? []) this.#workflowFolders.add(posix.dirname(path));
    for (const path of value.composeFiles ?? []) this.#workflowFolders.add(posix.dirname(path));
  }
}

/** Whether a workflow subject is one a linker reads or changes (see `LinkReach`). */
function workflowLinks(subject: Subject): boolean {
  if (subject.type === 'workflow.job') {
    const job = subject.value as WorkflowJob;
    return job.builds.length > 0 || job.composeFiles.length > 0 || isLocalCall(job.uses);
  }
  if (subject.type !== 'workflow.step') return false;
  const step = subject.value as WorkflowStep;
  if (step.builds?.length || step.composeFiles?.length || buildIgnorePaths(step).length) return true;
  return (step.commands ?? []).some((command) => {
    const [program = '', ...args] = command.split(' ');
    const docker = readDockerCommand(program, args);
    return docker?.subcommand === 'compose' && docker.flags['file'] !== undefined;
  });
}

/** `uses: ./.github/workflows/x.yml` (or `$/…`): a reusable workflow of this repository, by path. */
export function isLocalCall(uses: string | undefined): boolean {
  return uses !== undefined && /^(?:\.\/|\$\/)/.test(uses.trim());
}

/** The repository path a local `uses:` names (as `workflow-calls.ts` reads it). */
export function calledPath(uses: string): string {
  return uses.trim().slice(2).split('@')[0]!;
}

/**
 * The workflows that kept workflows call and that are not among `documents`: judged and dropped
 * when read, before it was known that a caller reads them. The caller reads them and links again.
 */
export function unreadCalls(documents: readonly SourceDocument[]): string[] {
  const have = new Set(documents.map((d) => d.path));
  const wanted = new Set<string>();
  for (const document of documents) {
    if (document.kind !== 'workflow') continue;
    for (const subject of document.subjects) {
      const uses = subject.type === 'workflow.job' ? (subject.value as WorkflowJob).uses : undefined;
      if (uses !== undefined && isLocalCall(uses) && !have.has(calledPath(uses))) wanted.add(calledPath(uses));
    }
  }
  return [...wanted].sort();
}
