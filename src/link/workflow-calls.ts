import type { Subject } from '../core/subject.js';
import type { WorkflowJob } from '../subjects/workflow-job.js';
import type { Linker } from './link.js';

/**
 * Marks a job that calls a reusable workflow of this repository (`./.github/workflows/x.yml`,
 * `$/.github/workflows/x.yml`) `callsImageBuilder` when a job of that workflow builds, runs or
 * pushes images (a docker command, a `docker/*` action, a Dockerfile built), and gives it the
 * called workflow as evidence. A workflow in another repository is not read: it stays unknown.
 */
export const linkWorkflowCalls: Linker = (state) => {
  const byPath = new Map(state.documents.map((document) => [document.path, document]));
  for (const document of state.documents) {
    if (document.kind !== 'workflow') continue;
    for (const subject of state.subjectsOf(document)) {
      if (subject.type !== 'workflow.job') continue;
      const job = subject as Subject<WorkflowJob>;
      const uses = job.value.uses?.trim();
      if (!uses || !/^(?:\.\/|\$\/)/.test(uses)) continue;
      const called = byPath.get(uses.slice(2).split('@')[0]!);
      if (called?.kind !== 'workflow') continue;
      const builder = state
        .subjectsOf(called)
        .find((s) => s.type === 'workflow.job' && ((s.value as WorkflowJob).runsDocker || (s.value as WorkflowJob).builds.length > 0));
      if (!builder) continue;
      const evidence = [...(job.evidence ?? []), { document: called, pointer: builder.pointer, message: `job ${builder.name} of ${called.path} builds or pushes images` }];
      state.update(job, { value: { ...job.value, callsImageBuilder: true }, evidence });
    }
  }
};
