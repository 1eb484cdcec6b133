import { joinPointer } from '../core/json-pointer.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { parseActionRef } from '../subjects/workflow-action-ref.js';
import { namesPrHead, untrustedExpressions } from '../subjects/workflow-expressions.js';
import { inDirectory, workspacePath } from '../subjects/workflow-paths.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { emitRunScript } from './workflow-run-script.js';
import { isYamlMap, scalarText, stringMap } from './workflow-values.js';

/** What the steps of one job (or composite action) run in. */
export interface StepsContext {
  origin: 'workflow' | 'action';
  /** The workflow's events; empty for a composite action. */
  triggers: string[];
  /** `defaults.run.shell` of the job, else of the workflow. */
  shell?: string;
  /** `defaults.run.working-directory` of the job, else of the workflow. */
  workingDirectory?: string;
  /** The job runs on Windows, where a `run:` without `shell:` goes to PowerShell. */
  windows: boolean;
}

/** What a job's steps do, summed up for the job. */
export interface StepsFacts {
  builds: string[];
  composeFiles: string[];
  checksOutPrHead: boolean;
  buildsPrHead: boolean;
}

/**
 * Shells whose scripts are POSIX shell (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell);
 * `pwsh`, `powershell`, `cmd` and `python` scripts are not split into commands.
 */
const POSIX_SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh', 'ash']);

/**
 * Emits a `workflow.step` subject per step of a job (or of a composite action, with job `''`),
 * named by its `id` or its 0-based index, never by its line, plus what each step refers to:
 * its `uses:`, and the commands and containers of its `run:` script.
 */
export function emitSteps(out: WorkflowEmitter, job: string, steps: unknown, stepsPointer: string, context: StepsContext): StepsFacts {
  const facts: StepsFacts = { builds: [], composeFiles: [], checksOutPrHead: false, buildsPrHead: false };
  if (!Array.isArray(steps)) return facts;
  const emitted: Array<{ value: WorkflowStep; buildsRoot: boolean }> = [];
  steps.forEach((raw, index) => {
    if (!isYamlMap(raw)) return;
    const pointer = joinPointer(stepsPointer, index);
    const id = scalarText(raw['id']);
    const label = id ?? `step ${index}`;
    const name = job ? `${job}/${label}` : label;
    const value: WorkflowStep = { job, index, with: stringMap(raw['with']), env: stringMap(raw['env']), triggers: context.triggers };
    if (id !== undefined) value.id = id;
    for (const key of ['name', 'uses', 'run', 'shell', 'if'] as const) {
      const text = scalarText(raw[key]);
      if (text !== undefined) value[key] = text;
    }
    const workingDirectory = scalarText(raw['working-directory']) ?? context.workingDirectory;
    if (workingDirectory !== undefined) value.workingDirectory = workingDirectory;
    out.emit('workflow.step', name, pointer, value);
    const step = { value, buildsRoot: false };
    emitted.push(step);
    let builds: string[] = [];
    let composeFiles: string[] = [];
    if (value.uses !== undefined) {
      emitUses(out, name, joinPointer(pointer, 'uses'), value.uses, false);
      if (checksOutPrHead(value.uses, value.with)) value.checksOutPrHead = true;
      builds = buildPushActionFiles(value.uses, value.with);
      step.buildsRoot = buildPushActionBuildsRoot(value.uses, value.with);
    }
    if (value.run !== undefined) {
      const untrusted = untrustedExpressions(value.run);
      if (untrusted.length) value.untrustedExpressions = untrusted;
      if (isPosixShell(value.shell ?? context.shell, context.windows)) {
        const cwd = workingDirectory === undefined ? '' : workspacePath('', workingDirectory);
        const script = emitRunScript(out, name, joinPointer(pointer, 'run'), value.run, { origin: context.origin, cwd });
        if (script.checksOutPrHead) value.checksOutPrHead = true;
        ({ builds, composeFiles } = script);
        if (script.buildsWorkspaceRoot) step.buildsRoot = true;
      }
    }
    if (value.checksOutPrHead) facts.checksOutPrHead = true;
    if (facts.checksOutPrHead) value.prHeadCheckedOut = true;
    if (builds.length) value.builds = builds;
    if (composeFiles.length) value.composeFiles = composeFiles;
    for (const path of builds) if (!facts.builds.includes(path)) facts.builds.push(path);
    for (const path of composeFiles) if (!facts.composeFiles.includes(path)) facts.composeFiles.push(path);
    if (value.prHeadCheckedOut && (builds.length || composeFiles.length)) facts.buildsPrHead = true;
  });
  // Known only once a later step is read: the subjects' values are filled in after emitting.
  const lastBuild = emitted.findLastIndex((step) => step.buildsRoot);
  for (const step of emitted.slice(0, lastBuild + 1)) step.value.feedsBuild = true;
  return facts;
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

function isPosixShell(shell: string | undefined, windows: boolean): boolean {
  // A custom shell is a command template (`bash -e {0}`); an expression is unknown, read as the default.
  if (shell === undefined || shell.includes('${{')) return !windows;
  const program = shell.trim().split(/\s+/)[0] ?? '';
  return POSIX_SHELLS.has(program.slice(program.lastIndexOf('/') + 1));
}

const actionName = (uses: string): string => uses.split('@')[0]!.toLowerCase();

/** `actions/checkout` told to fetch the pull request's head (`ref:` or the fork as `repository:`). */
function checksOutPrHead(uses: string, inputs: Record<string, string>): boolean {
  return actionName(uses) === 'actions/checkout' && [inputs['ref'], inputs['repository']].some((input) => input !== undefined && namesPrHead(input));
}

/**
 * The Dockerfile `docker/build-push-action` builds (https://github.com/docker/build-push-action#inputs):
 * `file`, relative to the workspace, else `Dockerfile` in `context`; without a context the
 * action builds the Git context, the repository at the commit, whose root holds the Dockerfile.
 */
/**
 * `docker/build-push-action` given the workspace itself as `context` (`.`), which holds `.git`; its
 * default, the Git context, is fetched by BuildKit and never holds the checkout's credentials.
 */
function buildPushActionBuildsRoot(uses: string, inputs: Record<string, string>): boolean {
  const context = inputs['context']?.trim();
  return actionName(uses) === 'docker/build-push-action' && context !== undefined && context !== '' && !/^[\w+-]+:\/\/|^git@|\{\{/.test(context) && workspacePath('', context) === '';
}

function buildPushActionFiles(uses: string, inputs: Record<string, string>): string[] {
  if (actionName(uses) !== 'docker/build-push-action') return [];
  const file = inputs['file']?.trim();
  if (file) return [workspacePath('', file)];
  const context = inputs['context']?.trim();
  if (!context) return ['Dockerfile'];
  if (/^[\w+-]+:\/\/|^git@/.test(context)) return [];
  // `{{defaultContext}}:subdir` is a subdirectory of the Git context.
  const subdir = /^\{\{\s*defaultContext\s*\}\}(?::(.*))?$/.exec(context);
  return [inDirectory(workspacePath('', subdir ? (subdir[1] ?? '.') : context), 'Dockerfile')];
}
