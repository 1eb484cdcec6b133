import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import type { SourceDocument } from '../core/source-document.js';
import { mergeContainers } from '../subjects/compose-merge.js';
import { readDockerCommand } from '../subjects/docker-command.js';
import { workspacePath } from '../subjects/workflow-paths.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { host, layerOf } from './compose-services.js';
import type { Linker } from './link.js';
import type { LinkState } from './link-state.js';

// The files `docker compose` reads without `-f`, in its order of preference (compose-go
// `cli.DefaultFileNames` / `DefaultOverrideFileNames`): the first base found in a folder, then
// the first override found beside it.
export const COMPOSE_BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/**
 * Merges each folder's default override file into its base file, as `docker compose` does with
 * no `-f` (https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/).
 *
 * A service defined in both files is judged once, as merged, on the base file's `container`
 * subject; the override's own subject for it is removed so nothing is reported twice. Values
 * written in the override keep anchors into the override file, so a `privileged: true` added
 * by the override is reported there, with the base service as a related location. A service
 * only the override defines has no base to merge into and is judged in the override file.
 * Image subjects follow what runs: an override's `image:` replaces the base's image subject,
 * and an image the merged service builds is no pulled image at all.
 *
 * A base a workflow step loads alone (`loadedWithoutOverride`) is left unmerged here; `link`
 * judges its folder merged as well (`linkComposeOverridesAlways`, `overridesLeftUnmerged`).
 */
export const linkComposeOverrides: Linker = (state) => {
  const alone = loadedWithoutOverride(state);
  for (const { base, override, merges } of overridePairs(state)) if (merges === true && !alone.has(base.path)) mergeOverride(state, base, override);
};

/**
 * `linkComposeOverrides` as plain `docker compose` in each folder runs it, whatever a workflow
 * loads with `-f`: every base merged with its override. For the second link of `link`.
 */
export const linkComposeOverridesAlways: Linker = (state) => {
  for (const { base, override, merges } of overridePairs(state)) if (merges !== false) mergeOverride(state, base, override);
};

/**
 * The base and override files that `linkComposeOverrides` left unmerged only because a workflow
 * step loads the base with `-f` and without the override, or because the `.env`'s `COMPOSE_FILE`
 * names a file Containment cannot resolve (which may be the override). `docker compose` with no `-f` in that
 * folder (another step, a developer, a deploy script) still merges them, so both configurations
 * run and both are judged: an override that gives the base's Docker socket proxy an
 * `entrypoint:` must not pass because one step runs `docker compose -f compose.yaml config`
 * (helper-34).
 */
export function overridesLeftUnmerged(state: LinkState): Set<SourceDocument> {
  const alone = loadedWithoutOverride(state);
  const left = new Set<SourceDocument>();
  for (const { base, override, merges } of overridePairs(state)) {
    if (merges === false || (merges === true && !alone.has(base.path))) continue;
    left.add(base);
    left.add(override);
  }
  return left;
}

/** Each folder's base and default override file, and whether `docker compose` with no `-f` merges them (`mergesOverride`). */
function overridePairs(state: LinkState): Array<{ base: SourceDocument; override: SourceDocument; merges: boolean | 'unknown' }> {
  const folders = new Map<string, Map<string, SourceDocument>>();
  for (const document of state.documents) {
    if (document.kind !== 'compose') continue;
    const folder = posix.dirname(document.path);
    const files = folders.get(folder) ?? new Map<string, SourceDocument>();
    files.set(posix.basename(document.path), document);
    folders.set(folder, files);
  }
  const pairs: Array<{ base: SourceDocument; override: SourceDocument; merges: boolean | 'unknown' }> = [];
  for (const files of folders.values()) {
    const base = COMPOSE_BASE_NAMES.map((name) => files.get(name)).find(Boolean);
    const override = COMPOSE_OVERRIDE_NAMES.map((name) => files.get(name)).find(Boolean);
    if (base && override) pairs.push({ base, override, merges: mergesOverride(base, override) });
  }
  return pairs;
}

/**
 * The Compose files a workflow step loads with `-f` / `--file` and without the override beside
 * them (`docker compose -f compose.yaml up`), repository-relative. Compose loads no default
 * override when `-f` is given, so such a base also runs alone: an override merged into it could
 * `!reset` away what runs there. Such a base is judged unmerged (its override on its own), and
 * merged as well (`overridesLeftUnmerged`). Paths
 * are resolved against the step's `working-directory`; a `cd` earlier in the script is not
 * followed.
 */
function loadedWithoutOverride(state: LinkState): Set<string> {
  const alone = new Set<string>();
  for (const document of state.documents) {
    if (document.kind !== 'workflow' && document.kind !== 'action') continue;
    for (const subject of state.subjectsOf(document)) {
      if (subject.type !== 'workflow.step') continue;
      for (const named of composeFilesNamed(subject.value as WorkflowStep)) {
        for (const path of named) {
          const folder = posix.dirname(path);
          const overrides = COMPOSE_OVERRIDE_NAMES.map((name) => (folder === '.' ? name : `${folder}/${name}`));
          if (!named.some((other) => overrides.includes(other))) alone.add(path);
        }
      }
    }
  }
  return alone;
}

/**
 * The Compose files each `docker compose` command of a step names with `-f` / `--file`,
 * repository-relative, one list per command: what `linkComposeOverrides` reads of a workflow
 * (also the link groups' reach, `src/link/link-groups.ts`).
 */
export function composeFilesNamed(step: WorkflowStep): string[][] {
  const cwd = step.workingDirectory === undefined ? '' : workspacePath('', step.workingDirectory);
  const lists: string[][] = [];
  for (const command of step.commands ?? []) {
    const [program = '', ...args] = command.split(' ');
    const docker = readDockerCommand(program, args);
    if (docker?.subcommand === 'compose') lists.push((docker.flags['file'] ?? []).map((file) => workspacePath(cwd, file)));
  }
  // COMPOSE_FILE loads exactly the files it names, as `-f` does: no override beside them.
  if (step.composeFileEnv) lists.push(step.composeFileEnv);
  return lists;
}

/**
 * Whether `docker compose` in the base's folder loads the override onto it. When the folder's
 * `.env` sets `COMPOSE_FILE`, Compose loads exactly the files it names and no default override,
 * so an override it does not name is not merged: each file is judged as it is loaded, and an
 * override that `!reset`s `privileged:` cannot hide the base's finding. An entry Containment
 * cannot resolve leaves the loaded files unknown (`'unknown'`): the base is judged both unmerged
 * and merged (`overridesLeftUnmerged`), since either may be what runs, and an override can hide
 * a finding of the base as well as add one (an `entrypoint:` on a socket proxy).
 */
function mergesOverride(base: SourceDocument, override: SourceDocument): boolean | 'unknown' {
  const listed = composeModel(base)?.composeFile;
  if (listed === undefined) return true;
  if (listed.some((path) => path === undefined)) return 'unknown';
  return listed.includes(base.path) && listed.indexOf(base.path) < listed.indexOf(override.path);
}

function mergeOverride(state: LinkState, base: SourceDocument, override: SourceDocument): void {
  const baseModel = composeModel(base);
  for (const [name, service] of composeModel(override)?.services ?? []) {
    const bottom = layerOf(state, base, name);
    const top = layerOf(state, override, name);
    const baseService = baseModel?.services.get(name);
    if (!bottom || !top || !baseService) continue;
    const merged = mergeContainers(bottom, top);
    host(state, bottom.subject, merged, top.subject.evidence);
    state.setRaw(baseService, merged.raw);
    const builds = merged.raw['build'] !== undefined;
    state.remove(override, (s) => s === top.subject || (builds && s.type === 'image' && s.name === name));
    if (state.raw(service)['image'] !== undefined || builds) state.remove(base, (s) => s.type === 'image' && s.name === name);
  }
}
