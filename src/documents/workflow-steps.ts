import { joinPointer } from '../core/json-pointer.js';
import type { SubjectAnchor, SubjectEvidence } from '../core/subject.js';
import { commandFromWords } from '../languages/shell-commands.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { parseActionRef } from '../subjects/workflow-action-ref.js';
import { requiresSameRepository } from '../subjects/workflow-expression-flow.js';
import { afterWorkspace, inDirectory, workspacePath } from '../subjects/workflow-paths.js';
import type { ScriptExpansion, WorkflowStep } from '../subjects/workflow-step.js';
import { checkedOutRefs, checkoutPersistsInWorkspace, readScript } from './workflow-checkouts.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { type ExpressionScope, namesAllSecrets, refContexts, scriptExpansions } from './workflow-expansions.js';
import { emitRunScript, type ScriptShell } from './workflow-run-script.js';
import { isYamlMap, scalarText, stringMap, type YamlMap } from './workflow-values.js';

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
  /** The job's and the workflow's `env:` maps as written, innermost first. */
  env: YamlMap[];
  /** The job's `strategy` as written, where `${{ matrix.x }}` values come from. */
  strategy?: unknown;
  /** The job's `if:` as written. */
  jobIf?: string;
}

/** What a job's steps do, summed up for the job. */
export interface StepsFacts {
  builds: string[];
  composeFiles: string[];
  runsDocker: boolean;
}

/**
 * How the script of each `shell:` is read (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell):
 * POSIX shells by the shell splitter, `pwsh`/`powershell` and `cmd` by a word split with their
 * quoting (windows-shell-commands.ts). Any other program (`python`, `node`, …) runs a script
 * that is not shell, and is not read.
 */
const SHELLS = new Map<string, ScriptShell>([
  ...['bash', 'sh', 'dash', 'zsh', 'ksh', 'ash'].map((name) => [name, 'posix'] as const),
  ['pwsh', 'powershell'],
  ['powershell', 'powershell'],
  ['cmd', 'cmd'],
]);

/** Earlier checkouts a step's findings show as related locations, at most. */
const MAX_CHECKOUT_EVIDENCE = 3;

/**
 * Emits a `workflow.step` subject per step of a job (or of a composite action, with job `''`),
 * named by its `id` or its 0-based index, never by its line, plus what each step refers to:
 * its `uses:`, and the commands and containers of its `run:` script. A step that runs code after
 * a checkout that names a ref shows that checkout as evidence, so a finding about running a pull
 * request's code points at both halves.
 */
export function emitSteps(out: WorkflowEmitter, job: string, steps: unknown, stepsPointer: string, context: StepsContext): StepsFacts {
  const facts: StepsFacts = { builds: [], composeFiles: [], runsDocker: false };
  if (!Array.isArray(steps)) return facts;
  const checkedOut: { ref: string; path: string }[] = [];
  const checkouts: SubjectEvidence[] = [];
  let credentialPersisted = false;
  // What earlier steps wrote to $GITHUB_ENV: the environment of the job's later steps.
  const githubEnv: Array<[string, string]> = [];
  const read = new Map<string, string[]>();
  steps.forEach((raw, index) => {
    if (!isYamlMap(raw)) return;
    const pointer = joinPointer(stepsPointer, index);
    const id = scalarText(raw['id']);
    const label = id ?? `step ${index}`;
    const name = job ? `${job}/${label}` : label;
    const value: WorkflowStep = { job, index, with: stringMap(raw['with']), env: stringMap(raw['env']), triggers: context.triggers };
    if (id !== undefined) value.id = id;
    const inheritedEnv = [...new Set(context.env.flatMap((env) => Object.keys(env)))];
    if (inheritedEnv.length) value.inheritedEnv = inheritedEnv;
    for (const key of ['name', 'uses', 'run', 'shell', 'if'] as const) {
      const text = scalarText(raw[key]);
      if (text !== undefined) value[key] = text;
    }
    const workingDirectory = scalarText(raw['working-directory']) ?? context.workingDirectory;
    if (workingDirectory !== undefined) value.workingDirectory = workingDirectory;
    const cwd = workingDirectory === undefined ? '' : workspacePath('', workingDirectory);
    const shell = scriptShell(value.shell ?? context.shell, context.windows);
    // What a script runs and checks out is read with the POSIX splitter; other shells line by line.
    const reading = value.run === undefined ? undefined : readScript(value.run, shell === 'posix', cwd);
    if (reading) value.commands = reading.commands;
    const scope: ExpressionScope = { env: [isYamlMap(raw['env']) ? raw['env'] : {}, ...context.env], strategy: context.strategy, read };
    const { expansions, anchors } = stepExpansions(out, value, pointer, scope);
    if (expansions.length) value.expansions = expansions;
    if ([context.jobIf, value.if].some((condition) => condition !== undefined && requiresSameRepository(condition))) value.sameRepositoryOnly = true;
    if (namesAllSecrets([raw['run'], raw['with'], raw['env']])) value.allSecrets = true;
    const stepRefs = withCarriedRefs(checkedOutRefs(value.uses, value.with, reading?.commands ?? []), scope);
    if (stepRefs.length) {
      // actions/checkout's `path:` puts the files in a folder of the workspace; a git command checks out where it runs.
      const path = value.uses !== undefined ? workspacePath('', value.with['path']?.trim() || '.') : cwd;
      checkedOut.push(...stepRefs.map((ref) => ({ ref, path })));
      if (checkouts.length < MAX_CHECKOUT_EVIDENCE) checkouts.push({ document: out.document, pointer, message: `the job checks out ${stepRefs.map((ref) => `\`${ref}\``).join(', ')} here` });
    }
    if (checkedOut.length) value.checkouts = checkedOut.map(({ ref, path }) => ({ ref, path, ...(stepRefs.length || reaches(value, cwd, path) ? { reached: true as const } : {}) }));
    if (value.uses !== undefined && checkoutPersistsInWorkspace(value.uses, value.with)) credentialPersisted = true;
    if (credentialPersisted) value.credentialPersisted = true;
    const buildContexts = [...(reading?.buildContexts ?? []), ...(value.uses === undefined ? [] : buildPushActionContexts(value.uses, value.with))];
    if (buildContexts.length) value.buildContexts = buildContexts;
    const evidence = stepRefs.length === 0 && runsSomething(value) ? checkouts : [];
    out.emit('workflow.step', name, pointer, value, anchors, evidence);
    let builds: string[] = [];
    let composeFiles: string[] = [];
    if (value.uses !== undefined) {
      emitUses(out, name, joinPointer(pointer, 'uses'), value.uses, false);
      builds = buildPushActionFiles(value.uses, value.with);
      if (actionName(value.uses).startsWith('docker/')) facts.runsDocker = true;
    }
    if (value.run !== undefined && shell !== undefined) {
      const composeFile = scope.env.map((env) => env['COMPOSE_FILE']).find((entry) => entry !== undefined);
      const composeFileText = scalarText(composeFile);
      const script = emitRunScript(out, name, joinPointer(pointer, 'run'), value.run, {
        origin: context.origin,
        cwd,
        shell,
        ...(reading?.split ? { split: reading.split } : {}),
        ...(composeFileText !== undefined ? { composeFile: composeFileText } : {}),
        variables: plainEnv(scope.env),
        carried: [...githubEnv, ...matrixCandidates(scope.env, context.strategy)],
      });
      githubEnv.push(...script.githubEnv);
      ({ builds, composeFiles } = script);
      if (script.buildsFromStdin) value.buildsFromStdin = true;
      if (script.composeFileEnv.length) value.composeFileEnv = script.composeFileEnv;
      if (script.composeRuns.length) value.composeRuns = script.composeRuns;
    }
    if (reading?.runsDocker) facts.runsDocker = true;
    if (builds.length) value.builds = builds;
    if (composeFiles.length) value.composeFiles = composeFiles;
    for (const path of builds) if (!facts.builds.includes(path)) facts.builds.push(path);
    for (const path of composeFiles) if (!facts.composeFiles.includes(path)) facts.composeFiles.push(path);
  });
  return facts;
}

/**
 * Whether a step can touch what a checkout put at `path`: everything does when it is the
 * workspace root; otherwise the step must run in that folder or name it (a script argument, a
 * local action under it, an action input). Text is compared as written, so any mention counts.
 */
function reaches(step: WorkflowStep, cwd: string, path: string): boolean {
  if (path === '' || cwd === path || cwd.startsWith(`${path}/`)) return true;
  const texts = [step.run ?? '', step.uses ?? '', ...Object.values(step.with)];
  return texts.some((text) => text.includes(path));
}

/**
 * The refs as written, each followed by what it carries through `env:` or a matrix
 * (`ref: ${{ env.REF }}` with `REF: ${{ github.event.pull_request.head.sha }}`, `git checkout
 * "$HEAD"` with `HEAD` in `env:`), written `${{<context>}}`, so a rule's pull-request-head
 * patterns see the context however it reached the checkout.
 */
function withCarriedRefs(refs: string[], scope: ExpressionScope): string[] {
  const all: string[] = [];
  for (const ref of refs) {
    if (!all.includes(ref)) all.push(ref);
    for (const context of refContexts(ref, scope)) {
      const carried = `\${{${context}}}`;
      if (!ref.includes(context) && !all.includes(carried)) all.push(carried);
    }
  }
  return all;
}

/** A step that may execute files of the workspace: a script, a local action, a build. */
function runsSomething(step: WorkflowStep): boolean {
  return step.run !== undefined || (step.uses !== undefined && (step.uses.startsWith('./') || actionName(step.uses) === 'docker/build-push-action'));
}

/** The expansions of a step's `run:` and of every `with:` input of its action, anchored where written. */
function stepExpansions(out: WorkflowEmitter, step: WorkflowStep, pointer: string, scope: ExpressionScope): { expansions: ScriptExpansion[]; anchors: SubjectAnchor[] } {
  const expansions: ScriptExpansion[] = [];
  const anchors: SubjectAnchor[] = [];
  const add = (input: string, text: string, at: string): void => {
    const found = scriptExpansions(out, input, text, at, scope, expansions.length);
    expansions.push(...found.expansions);
    anchors.push(...found.anchors);
  };
  if (step.run !== undefined) add('run', step.run, joinPointer(pointer, 'run'));
  if (step.uses !== undefined) for (const [input, text] of Object.entries(step.with)) add(`${actionName(step.uses)}:${input}`, text, joinPointer(pointer, 'with', input));
  return { expansions, anchors };
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

/** The language a step's script is read in; undefined for a program that is no shell. */
export function scriptShell(shell: string | undefined, windows: boolean): ScriptShell | undefined {
  // A custom shell is a command template (`bash -e {0}`); an expression is unknown, read as the
  // default: PowerShell (`pwsh`) on Windows runners, bash elsewhere.
  if (shell === undefined || shell.includes('${{')) return windows ? 'powershell' : 'posix';
  // Past the wrappers a command line may start with (`sudo bash {0}`, `env bash -e {0}`), as a
  // runner runs the template as a command: before, those scripts were not read at all.
  const words = shell.trim().split(/\s+/);
  const program = (commandFromWords(words, 0)?.name ?? words[0] ?? '').toLowerCase();
  const name = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).replace(/\.exe$/, '');
  return SHELLS.get(name);
}

const actionName = (uses: string): string => uses.split('@')[0]!.toLowerCase();

/**
 * The Dockerfile `docker/build-push-action` builds (https://github.com/docker/build-push-action#inputs):
 * `file`, relative to the workspace, else `Dockerfile` in `context`; without a context the
 * action builds the Git context, the repository at the commit, whose root holds the Dockerfile.
 */
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

/**
 * The context `docker/build-push-action` sends when it is a path (https://github.com/docker/build-push-action#inputs);
 * without one it builds the Git context, a fresh clone without the workspace's `.git`.
 */
function buildPushActionContexts(uses: string, inputs: Record<string, string>): string[] {
  if (actionName(uses) !== 'docker/build-push-action') return [];
  const context = inputs['context']?.trim();
  if (!context || /^[\w+-]+:\/\/|^git@|\{\{\s*defaultContext/.test(context)) return [];
  return [workspacePath('', context)];
}

/**
 * The variables `env:` maps set (`maps` innermost first, as `ExpressionScope.env`), each to its
 * text when written as a plain scalar; one set by a `${{ }}` expression is unknown and left out.
 */
function plainEnv(maps: readonly YamlMap[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const map of [...maps].reverse()) {
    for (const [name, value] of Object.entries(map)) {
      const text = scalarText(value);
      // A path written from the workspace (`${{ github.workspace }}/ci/x.env`) is known: the
      // reader resolves it (COMPOSE_ENV_FILES, helper-47); any other expression is not.
      const rest = text === undefined ? undefined : afterWorkspace(text);
      if (text === undefined || (text.includes('${{') && (rest === undefined || rest.includes('${{')))) delete variables[name];
      else variables[name] = text;
    }
  }
  return variables;
}

/**
 * The values an `env:` entry written `${{ matrix.NAME }}` may take, from the job's matrix as
 * written (its list for NAME and its `include:` entries): each job of the matrix runs with one of
 * them, so each is a value the step may run with (helper-41: `PRIV: ${{ matrix.priv }}` with
 * `matrix: {priv: ['true']}` was left out as unknown). A computed matrix (`fromJSON(…)`) stays
 * unknown. At most 32 values per entry.
 */
function matrixCandidates(maps: readonly YamlMap[], strategy: unknown): Array<[string, string]> {
  const matrix = isYamlMap(strategy) ? strategy['matrix'] : undefined;
  if (!isYamlMap(matrix)) return [];
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const map of [...maps].reverse()) {
    for (const [name, value] of Object.entries(map)) {
      const key = typeof value === 'string' ? /^\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}$/.exec(value.trim())?.[1] : undefined;
      if (key === undefined) continue;
      const listed = matrix[key];
      const included = Array.isArray(matrix['include']) ? matrix['include'].flatMap((entry) => (isYamlMap(entry) && key in entry ? [entry[key]] : [])) : [];
      const values = [...(Array.isArray(listed) ? listed : listed === undefined ? [] : [listed]), ...included];
      for (const candidate of values.slice(0, 32)) {
        const text = scalarText(candidate);
        if (text === undefined || text.includes('${{') || seen.has(`${name}=${text}`)) continue;
        seen.add(`${name}=${text}`);
        pairs.push([name, text]);
      }
    }
  }
  return pairs;
}
