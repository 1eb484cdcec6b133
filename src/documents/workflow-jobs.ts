import { joinPointer } from '../core/json-pointer.js';
import type { WorkflowJob } from '../subjects/workflow-job.js';
import { containerImage, emitJobContainers } from './workflow-containers.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { emitSteps, emitUses } from './workflow-steps.js';
import { isYamlMap, scalarText, stringList, stringMap, type YamlMap } from './workflow-values.js';

/** What every job of a workflow shares. */
export interface JobsContext {
  triggers: string[];
  /** The workflow's `defaults.run`. */
  defaults: { shell?: string; workingDirectory?: string };
  /** The workflow's `env:` as written. */
  env: YamlMap;
}

/**
 * Emits a `workflow.job` subject per job, named by its id, and everything under it: a reusable
 * workflow's `uses:`, the job container and services (expanded over a literal matrix), and the
 * steps. The job's value sums up its steps (`builds`, `composeFiles`, `runsDocker`).
 */
export function emitJobs(out: WorkflowEmitter, jobs: unknown, context: JobsContext): void {
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
      triggers: context.triggers,
      builds: [],
      composeFiles: [],
    };
    const name = scalarText(raw['name']);
    if (name !== undefined) value.name = name;
    if (raw['runs-on'] !== undefined && raw['runs-on'] !== null) value.runsOn = raw['runs-on'];
    if (raw['permissions'] !== undefined) value.permissions = raw['permissions'];
    const uses = scalarText(raw['uses']);
    if (uses !== undefined) {
      value.uses = uses;
      value.with = stringMap(raw['with']);
      if (isYamlMap(raw['secrets'])) value.secrets = stringMap(raw['secrets']);
    }
    if (raw['secrets'] === 'inherit') value.secretsInherit = true;
    const image = containerImage(raw['container']);
    if (image !== undefined) value.container = image;
    const condition = scalarText(raw['if']);
    if (condition !== undefined) value.if = condition;
    out.emit('workflow.job', id, pointer, value);
    if (uses !== undefined) emitUses(out, id, joinPointer(pointer, 'uses'), uses, true);
    emitJobContainers(out, id, raw, pointer);
    const defaults = runDefaults(raw);
    const shell = defaults.shell ?? context.defaults.shell;
    const workingDirectory = defaults.workingDirectory ?? context.defaults.workingDirectory;
    const facts = emitSteps(out, id, raw['steps'], joinPointer(pointer, 'steps'), {
      origin: 'workflow',
      triggers: context.triggers,
      ...(shell !== undefined ? { shell } : {}),
      ...(workingDirectory !== undefined ? { workingDirectory } : {}),
      windows: runsOnWindows(raw['runs-on']),
      env: [isYamlMap(raw['env']) ? raw['env'] : {}, context.env],
      strategy: raw['strategy'],
      ...(condition !== undefined ? { jobIf: condition } : {}),
    });
    value.builds = facts.builds;
    value.composeFiles = facts.composeFiles;
    if (facts.runsDocker) value.runsDocker = true;
  }
}

/** `defaults.run.shell` and `defaults.run.working-directory` of a workflow or a job. */
export function runDefaults(raw: YamlMap): { shell?: string; workingDirectory?: string } {
  const defaults = raw['defaults'];
  const run = isYamlMap(defaults) ? defaults['run'] : undefined;
  if (!isYamlMap(run)) return {};
  const shell = scalarText(run['shell']);
  const workingDirectory = scalarText(run['working-directory']);
  return { ...(shell !== undefined ? { shell } : {}), ...(workingDirectory !== undefined ? { workingDirectory } : {}) };
}

/** GitHub's Windows runners default `run:` to PowerShell (`windows-latest`, `windows-2022`, self-hosted `Windows`). */
function runsOnWindows(runsOn: unknown): boolean {
  const labels = isYamlMap(runsOn) ? stringList(runsOn['labels']) : stringList(runsOn);
  return labels.some((label) => /windows/i.test(label));
}
