import type { WorkflowJob } from '../subjects/workflow-job.js';
import { joinPointer } from './json-pointer.js';
import { containerImage, emitJobContainers } from './workflow-containers.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { emitSteps, emitUses } from './workflow-steps.js';
import { isYamlMap, scalarText, stringList, stringMap } from './workflow-values.js';

/**
 * Emits a `workflow.job` subject per job, named by its id, and everything under it: a reusable
 * workflow's `uses:`, the job container and services, and the steps.
 */
export function emitJobs(out: WorkflowEmitter, jobs: unknown): void {
  if (!isYamlMap(jobs)) return;
  for (const [id, raw] of Object.entries(jobs)) {
    if (!isYamlMap(raw)) continue;
    const pointer = joinPointer('', 'jobs', id);
    const services = raw['services'];
    const value: WorkflowJob = {
      id,
      needs: stringList(raw['needs']),
      services: isYamlMap(services) ? Object.keys(services) : [],
      env: stringMap(raw['env']),
    };
    const name = scalarText(raw['name']);
    if (name !== undefined) value.name = name;
    if (raw['runs-on'] !== undefined && raw['runs-on'] !== null) value.runsOn = raw['runs-on'];
    if (raw['permissions'] !== undefined) value.permissions = raw['permissions'];
    const uses = scalarText(raw['uses']);
    if (uses !== undefined) value.uses = uses;
    if (raw['secrets'] === 'inherit') value.secretsInherit = true;
    const image = containerImage(raw['container']);
    if (image !== undefined) value.container = image;
    const condition = scalarText(raw['if']);
    if (condition !== undefined) value.if = condition;
    out.emit('workflow.job', id, pointer, value);
    if (uses !== undefined) emitUses(out, id, joinPointer(pointer, 'uses'), uses, true);
    emitJobContainers(out, id, raw, pointer);
    emitSteps(out, id, raw['steps'], joinPointer(pointer, 'steps'));
  }
}
