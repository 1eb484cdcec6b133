import type { SourceDocument } from '../core/source-document.js';
import { parseImageRef } from '../subjects/image-ref.js';
import type { WorkflowValue } from '../subjects/workflow-value.js';
import type { HostLinks } from './compose-document.js';
import { type WorkflowEmitter, workflowEmitter } from './workflow-emitter.js';
import { emitJobs, runDefaults } from './workflow-jobs.js';
import { emitSteps } from './workflow-steps.js';
import { isYamlMap, scalarText, stringMap, type YamlMap } from './workflow-values.js';
import { laterDocumentProblems, readYaml } from './yaml-source.js';

/**
 * Parses a GitHub workflow (`kind: 'workflow'`) or an action's `action.yml` (`kind: 'action'`)
 * into its subjects. Pointers are JSON Pointers into the YAML (`/jobs/build/steps/2`); names are
 * logical (`build`, `build/checkout`, `build/step 2`, `build/services/redis`). A file that is
 * not valid YAML has problems and no subjects: nothing in it can be trusted.
 */
export function parseWorkflow(path: string, text: string, kind: 'workflow' | 'action', hostLink?: HostLinks): SourceDocument {
  const yaml = readYaml(text);
  const document: SourceDocument = {
    kind,
    path,
    text,
    subjects: [],
    problems: [...yaml.problems, ...laterDocumentProblems(yaml)],
    locate: (pointer, lineOffset) => yaml.locate(pointer, lineOffset),
    syntax: yaml.tree,
  };
  if (yaml.broken || !isYamlMap(yaml.value)) return document;
  const out = workflowEmitter(document, yaml.locateText, hostLink);
  if (kind === 'workflow') emitWorkflow(out, yaml.value);
  else emitAction(out, yaml.value);
  return document;
}

function emitWorkflow(out: WorkflowEmitter, root: YamlMap): void {
  const on = root['on'];
  const value: WorkflowValue = {
    on: { events: triggerEvents(on), ...(on !== undefined ? { config: on } : {}) },
    env: stringMap(root['env']),
    inheritingJobs: inheritingJobs(root['jobs']),
  };
  const name = scalarText(root['name']);
  if (name !== undefined) value.name = name;
  if (root['permissions'] !== undefined) value.permissions = root['permissions'];
  out.emit('workflow', out.document.path, '', value);
  emitJobs(out, root['jobs'], { triggers: value.on.events, defaults: runDefaults(root), env: isYamlMap(root['env']) ? root['env'] : {} });
}

/** Jobs without a `permissions:` key take the workflow's (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#permissions). */
function inheritingJobs(jobs: unknown): string[] {
  if (!isYamlMap(jobs)) return [];
  return Object.entries(jobs).flatMap(([id, job]) => (isYamlMap(job) && job['permissions'] === undefined ? [id] : []));
}

/** `on: push`, `on: [push, pull_request]` and `on: { push: {…} }` all name their events. */
function triggerEvents(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.flatMap((event) => scalarText(event) ?? []);
  return isYamlMap(on) ? Object.keys(on) : [];
}

/**
 * An action's `runs:` (https://docs.github.com/actions/reference/workflows-and-actions/metadata-syntax):
 * a composite action's steps, or a Docker action's image. `image: docker://…` pulls an image;
 * `image: Dockerfile` builds one from this repository, which is no image reference.
 */
function emitAction(out: WorkflowEmitter, root: YamlMap): void {
  const runs = root['runs'];
  if (!isYamlMap(runs)) return;
  // A composite action's `run:` steps must name their shell; its callers' triggers are unknown.
  emitSteps(out, '', runs['steps'], '/runs/steps', { origin: 'action', triggers: [], windows: false, env: [] });
  const image = scalarText(runs['image']);
  if (image?.startsWith('docker://')) {
    out.emit('image', 'runs', '/runs/image', parseImageRef(image.slice('docker://'.length), 'action-runs'));
  }
}
