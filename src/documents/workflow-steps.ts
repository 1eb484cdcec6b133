import { parseDockerRun } from '../subjects/docker-flags.js';
import { parseImageRef } from '../subjects/image-ref.js';
import type { SubjectAnchor } from '../subjects/subject.js';
import { parseActionRef } from '../subjects/workflow-action-ref.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { joinPointer } from './json-pointer.js';
import { findDockerRuns } from './workflow-docker-run.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { isYamlMap, scalarText, stringMap } from './workflow-values.js';

/**
 * Emits a `workflow.step` subject per step of a job (or of a composite action, with job `''`),
 * named by its `id` or its 0-based index, never by its line, plus what each step refers to:
 * its `uses:` and the containers its `run:` script starts.
 */
export function emitSteps(out: WorkflowEmitter, job: string, steps: unknown, stepsPointer: string): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((raw, index) => {
    if (!isYamlMap(raw)) return;
    const pointer = joinPointer(stepsPointer, index);
    const id = scalarText(raw['id']);
    const label = id ?? `step ${index}`;
    const name = job ? `${job}/${label}` : label;
    const value: WorkflowStep = { job, index, with: stringMap(raw['with']), env: stringMap(raw['env']) };
    if (id !== undefined) value.id = id;
    for (const key of ['name', 'uses', 'run', 'shell', 'if'] as const) {
      const text = scalarText(raw[key]);
      if (text !== undefined) value[key] = text;
    }
    out.emit('workflow.step', name, pointer, value);
    if (value.uses !== undefined) emitUses(out, name, joinPointer(pointer, 'uses'), value.uses, false);
    if (value.run !== undefined) emitDockerRuns(out, name, joinPointer(pointer, 'run'), value.run);
  });
}

/**
 * Emits an `action-ref` subject for a step's or a job's `uses:`, and an `image` subject for a
 * `docker://` action, which runs that image directly.
 */
export function emitUses(out: WorkflowEmitter, name: string, pointer: string, uses: string, isWorkflow: boolean): void {
  const ref = parseActionRef(uses, isWorkflow);
  out.emit('action-ref', name, pointer, ref);
  if (ref.isDocker) out.emit('image', name, pointer, parseImageRef(ref.uses.slice('docker://'.length), 'docker-action'));
}

/**
 * Emits a `container` and an `image` subject (origin `docker-cli`) per `docker run` / `docker
 * create` in a script, anchored to the script line where the command starts. When that line
 * cannot be confirmed in the file (a folded `>` block, a quoted multi-line string), the
 * subjects fall back to the `run:` key rather than point at the wrong line.
 */
function emitDockerRuns(out: WorkflowEmitter, stepName: string, pointer: string, script: string): void {
  const invocations = findDockerRuns(script);
  if (!invocations.length) return;
  const lines = out.document.text.split('\n');
  const seen = new Map<string, number>();
  for (const invocation of invocations) {
    const run = parseDockerRun(invocation.argv, 'docker-cli');
    const base = `${stepName}: docker ${invocation.subcommand}${run.image !== undefined ? ` ${run.image}` : ''}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const name = count > 1 ? `${base} (${count})` : base;
    const located = out.document.locate(pointer, invocation.line);
    const onLine = /\bdocker\b/.test(lines[located.start.line - 1] ?? '');
    const anchors: SubjectAnchor[] = onLine ? [{ path: '', pointer, line: invocation.line }] : [];
    out.emit('container', name, pointer, run.spec, anchors);
    if (run.image !== undefined) out.emit('image', name, pointer, parseImageRef(run.image, 'docker-cli'), anchors);
  }
}
