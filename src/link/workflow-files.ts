import type { SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import type { WorkflowJob } from '../subjects/workflow-job.js';
import { outsideWorkspace } from '../subjects/workflow-paths.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { buildFileInstead, buildFileUnread, notJudged, OUTSIDE_INSTEAD, unreadBuildFile } from './compose-build.js';
import { COMPOSE_BASE_NAMES, COMPOSE_OVERRIDE_NAMES, composeFilesNamed } from './compose-project.js';
import type { Linker } from './link.js';
import type { LinkState } from './link-state.js';

/**
 * DESIGN.md E2: ties the Dockerfiles and Compose files a workflow builds or runs (`docker build
 * -f`, `docker compose -f … up`, `docker/build-push-action`) to the workflow. A step's default
 * Compose file becomes the one that exists in its directory (plus its override file), on the
 * step and on its job; the file's `dockerfile` / `compose` subject gets an evidence entry per
 * step ("built by .github/workflows/ci.yml job build (on: pull_request_target)"), and the job
 * gets one per file, so findings on either side show the other.
 */
export const linkWorkflowFiles: Linker = (state) => {
  const byPath = new Map(state.documents.map((document) => [document.path, document]));
  for (const workflow of state.documents) {
    if (workflow.kind !== 'workflow' && workflow.kind !== 'action') continue;
    const jobs = new Map<string, Subject<WorkflowJob>>();
    for (const subject of state.subjectsOf(workflow)) {
      if (subject.type !== 'workflow.job') continue;
      const job = subject as Subject<WorkflowJob>;
      const composeFiles = unique(job.value.composeFiles.flatMap((path) => existingComposeFiles(path, byPath)));
      // A job whose files resolve to themselves stays the parsed subject: no copy of every job.
      const same = composeFiles.length === job.value.composeFiles.length && composeFiles.every((path, i) => path === job.value.composeFiles[i]);
      jobs.set(job.name, same ? job : state.update(job, { value: { ...job.value, composeFiles } }));
    }
    for (const subject of state.subjectsOf(workflow)) {
      if (subject.type !== 'workflow.step') continue;
      let step = subject as Subject<WorkflowStep>;
      if (step.value.composeFiles) {
        const composeFiles = unique(step.value.composeFiles.flatMap((path) => existingComposeFiles(path, byPath)));
        step = state.update(step, { value: { ...step.value, composeFiles } });
      }
      if (step.value.buildsFromStdin) {
        notJudged(state, workflow, step.pointer, 'This step builds an image from a Dockerfile it reads from standard input (`docker build -f -`, `docker build -`), which Containment does not read', STDIN_INSTEAD);
      }
      const job = jobs.get(step.value.job);
      const files = [
        ...(step.value.builds ?? []).map((path) => ({ path, kind: 'dockerfile' as const, verb: 'built' })),
        ...(step.value.composeFiles ?? []).map((path) => ({ path, kind: 'compose' as const, verb: 'run' })),
      ];
      // The files named with `-f` or `COMPOSE_FILE` (a folder's default file is never outside).
      const named = new Set(composeFilesNamed(step.value).flat());
      for (const { path, kind, verb } of files) {
        const target = byPath.get(path);
        // A path with a variable (`-f $DOCKERFILE`, `-f ${{ matrix.df }}`) is unknown here, not
        // misnamed, unless what comes before it already leaves the folder (`/tmp/$X/df`, `$RUNNER_TEMP/df`).
        if (kind === 'dockerfile' && (outsideWorkspace(path) || (!path.includes('$') && target?.kind !== 'dockerfile' && (target !== undefined || buildFileUnread(path))))) {
          const outside = outsideWorkspace(path);
          notJudged(state, workflow, step.pointer, `This step builds an image from ${path}, ${outside ? 'which is outside the scanned folder' : unreadBuildFile(path)}`, outside ? OUTSIDE_INSTEAD : buildFileInstead(path));
          continue;
        }
        if (kind === 'compose' && named.has(path) && outsideWorkspace(path)) {
          composeNotJudged(state, workflow, step.pointer, path);
          continue;
        }
        if (!target || target.kind !== kind) continue;
        const fileSubject = state.subjectsOf(target).find((s) => s.type === kind && s.pointer === '');
        const triggers = step.value.triggers.length ? ` (on: ${step.value.triggers.join(', ')})` : '';
        const where = step.value.job ? `job ${step.value.job}` : 'a step';
        addEvidence(state, fileSubject, { document: workflow, pointer: step.pointer, message: `${verb} by ${workflow.path} ${where}${triggers}` });
        addEvidence(state, job, { document: target, pointer: '', message: `this job's step ${step.name} uses ${path}` });
      }
    }
  }
};

/** A default `compose.yaml` resolved to the file Compose would read, with its override; other paths as given. */
function existingComposeFiles(path: string, byPath: Map<string, SourceDocument>): string[] {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  if (name !== COMPOSE_BASE_NAMES[0] || byPath.get(path)?.kind === 'compose') {
    const override = name === COMPOSE_BASE_NAMES[0] ? COMPOSE_OVERRIDE_NAMES.map((n) => dir + n).find((p) => byPath.get(p)?.kind === 'compose') : undefined;
    return override ? [path, override] : [path];
  }
  const found = COMPOSE_BASE_NAMES.map((n) => dir + n).find((p) => byPath.get(p)?.kind === 'compose');
  if (!found) return [path];
  const base = found.slice(dir.length).replace(/\.ya?ml$/, '');
  const override = COMPOSE_OVERRIDE_NAMES.map((n) => dir + n).find((p) => p.startsWith(`${dir}${base}.override`) && byPath.get(p)?.kind === 'compose');
  return override ? [found, override] : [found];
}

function addEvidence(state: LinkState, subject: Subject | undefined, evidence: NonNullable<Subject['evidence']>[number]): void {
  if (!subject) return;
  const list = state.latest(subject).evidence ?? [];
  if (list.some((e) => e.document === evidence.document && e.pointer === evidence.pointer && e.message === evidence.message)) return;
  state.update(subject, { evidence: [...list, evidence] });
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

const STDIN_INSTEAD = 'Commit the Dockerfile in the repository and build it with `-f path/to/Dockerfile`';



/**
 * A `compose-reference-unresolved` problem at a step that runs a Compose file (`-f`,
 * `COMPOSE_FILE`) outside the scanned folder (`-f /tmp/stack.yml`, `-f ../other/compose.yaml`):
 * the services it starts were never checked, so it must not pass as safe, as a `docker build -f`
 * from outside does not. A named file missing from the checkout is not reported, as a missing
 * Dockerfile is not (`buildFileUnread`): Compose stops there unless a step generates it.
 */
function composeNotJudged(state: LinkState, workflow: SourceDocument, pointer: string, path: string): void {
  state.addProblem(workflow, {
    ruleId: 'compose-reference-unresolved',
    message: `This step runs the Compose file ${path}, which is outside the scanned folder, so the services it starts were not checked. Commit the Compose file inside the scanned folder, as a regular file, and name it by its path there.`,
    range: workflow.locate(pointer),
  });
}
