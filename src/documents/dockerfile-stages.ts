import { joinPointer } from '../core/json-pointer.js';
import type { SubjectAnchor } from '../core/subject.js';
import { expandArgs, type GlobalArgs } from '../subjects/dockerfile-args.js';
import type { DockerfileInstruction, DockerfileStage, DockerfileVariable } from '../subjects/dockerfile-stage.js';
import type { DockerfileModel, InstructionNode } from './dockerfile-model.js';

/** One build stage: its FROM and the instructions that follow it up to the next FROM. */
export interface StageNode {
  index: number;
  /** The `AS` name as written; Docker compares stage names case-insensitively. */
  name?: string;
  /** Logical name for messages and fingerprints: the `AS` name, else `stage N`. */
  label: string;
  from: InstructionNode;
  /** The FROM image after global ARG expansion. */
  image: string;
  fromStage?: number;
  platform?: string;
  instructions: InstructionNode[];
  /** The ARGs declared before the first FROM, which a stage's own `ARG NAME` takes its default from. */
  globalArgs: GlobalArgs;
}

/** A stage's value for policies, with anchors from its value back to where each part is written. */
export interface StageFacts {
  value: DockerfileStage;
  anchors: SubjectAnchor[];
}

/**
 * Groups instructions into stages. A FROM names an earlier stage only by its `AS` name, after ARG
 * expansion (BuildKit looks stages up by name for FROM; indexes are for `COPY --from`).
 */
export function readStages(model: DockerfileModel, args: GlobalArgs): StageNode[] {
  const stages: StageNode[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'FROM') {
      stages[stages.length - 1]?.instructions.push(instruction);
      continue;
    }
    const [image, as, name] = instruction.args;
    const expanded = expandArgs(image?.value ?? '', args);
    const named = as?.value.toLowerCase() === 'as' && name ? name.value : undefined;
    const fromStage = stages.findIndex((stage) => stage.name?.toLowerCase() === expanded.toLowerCase());
    const platform = instruction.flags.find((flag) => flag.name === 'platform');
    const index = stages.length;
    stages.push({
      index,
      ...(named !== undefined ? { name: named } : {}),
      label: named ?? `stage ${index}`,
      from: instruction,
      image: expanded,
      ...(fromStage >= 0 ? { fromStage } : {}),
      ...(platform ? { platform: expandArgs(platform.value, args) } : {}),
      instructions: [],
      globalArgs: args,
    });
  }
  return stages;
}

type Inherited<T> = { value: T; at: InstructionNode } | undefined;

/**
 * Each stage's value. USER and HEALTHCHECK carry over from the stage a FROM names, because that
 * stage's image config is the base (https://docs.docker.com/build/building/multi-stage/); an
 * anchor points at the instruction that set them, even in another stage.
 */
export function stageFacts(stages: readonly StageNode[]): StageFacts[] {
  const users: Array<Inherited<string>> = [];
  const healthchecks: Array<Inherited<DockerfileStage['healthcheck'] & object>> = [];
  const envs: Array<ReadonlyMap<string, string | null>> = [];
  return stages.map((stage) => {
    const own = (keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword).pop();
    const userAt = own('USER');
    const healthAt = own('HEALTHCHECK');
    const base = stage.fromStage;
    const scope = stageScope(stage, stage.globalArgs, base !== undefined ? envs[base] : undefined, userAt?.index);
    envs.push(scope.env);
    // A Compose service's `build.args` are not applied here: the default build's user is judged.
    const user: Inherited<string> = userAt
      ? { value: expandArgs(userAt.args.map((arg) => arg.value).join(' '), scope.at), at: userAt }
      : base !== undefined
        ? users[base]
        : undefined;
    const healthcheck = healthAt ? { value: readHealthcheck(healthAt), at: healthAt } : base !== undefined ? healthchecks[base] : undefined;
    users.push(user);
    healthchecks.push(healthcheck);

    const expose = stage.instructions.filter((instruction) => instruction.keyword === 'EXPOSE');
    const variables = stageVariables(stage);
    const value: DockerfileStage = {
      index: stage.index,
      ...(stage.name !== undefined ? { name: stage.name } : {}),
      from: stage.image,
      ...(stage.fromStage !== undefined ? { fromStage: stage.fromStage } : {}),
      ...(stage.platform !== undefined ? { platform: stage.platform } : {}),
      ...(user ? { user: user.value } : {}),
      isFinal: stage.index === stages.length - 1,
      instructions: stage.instructions.map(instructionValue),
      variables: variables.map(({ value }) => value),
      ...(healthcheck ? { healthcheck: healthcheck.value } : {}),
      expose: expose.flatMap((instruction) => instruction.args.map((arg) => arg.value)),
    };
    const anchors = stageAnchors(stage, expose, user?.at, healthcheck?.at);
    variables.forEach(({ pointer }, i) => {
      anchors.push({ path: `/variables/${i}`, pointer });
    });
    return { value, anchors };
  });
}

/**
 * The variables a stage's USER is expanded with (https://docs.docker.com/reference/dockerfile/#environment-replacement):
 * its own ARGs (a default, else the global ARG's, else unknown: `--build-arg` decides) and ENVs
 * before the USER, over the ENVs of the stage its FROM names. `USER $U` after `ARG U=root` runs as
 * root, and was judged as the user `$U` (found by a review helper, issue #17's session). A base
 * image's own ENV is not known here, so a name declared nowhere in the file stays as written.
 * Also returns every ENV of the stage, for the stages built on it.
 */
function stageScope(stage: StageNode, args: GlobalArgs, inherited: ReadonlyMap<string, string | null> | undefined, until: number | undefined): { at: GlobalArgs; env: ReadonlyMap<string, string | null> } {
  const scope = new Map<string, string | null>(inherited ?? []);
  const env = new Map<string, string | null>(inherited ?? []);
  let at: GlobalArgs = scope;
  for (const instruction of stage.instructions) {
    if (instruction.index === until) at = new Map(scope);
    if (instruction.trigger || (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV')) continue;
    for (const { name, value } of instruction.variables ?? []) {
      const resolved = value !== null ? expandArgs(value, scope) : instruction.keyword === 'ARG' ? (args.get(name) ?? null) : null;
      // ENV wins over an ARG of the same name (the Dockerfile reference, "Using ARG variables").
      if (instruction.keyword === 'ARG' && env.has(name)) continue;
      // An ARG without a default is unset in a build without `--build-arg`: `${U:-root}` is root there.
      if (resolved === null && instruction.keyword === 'ARG') scope.delete(name);
      else scope.set(name, resolved);
      if (instruction.keyword === 'ENV') env.set(name, resolved);
    }
  }
  return { at, env };
}

function stageVariables(stage: StageNode): Array<{ value: DockerfileVariable; pointer: string }> {
  return stage.instructions.flatMap((instruction) => {
    const keyword = instruction.trigger?.keyword ?? instruction.keyword;
    if (keyword !== 'ARG' && keyword !== 'ENV') return [];
    return (instruction.variables ?? []).map(({ name, value, arg }) => ({
      value: { keyword, name, ...(value !== null ? { value } : {}), ...(instruction.trigger ? { onbuild: true as const } : {}) },
      pointer: joinPointer('/instructions', instruction.index, 'args', arg),
    }));
  });
}

function instructionValue(instruction: InstructionNode): DockerfileInstruction {
  const flags: Record<string, string[]> = {};
  // Appended in place: copying the list per flag made thousands of `--mount` flags quadratic.
  for (const flag of instruction.flags) {
    const values = flags[flag.name] ?? [];
    values.push(flag.value);
    flags[flag.name] = values;
  }
  return {
    keyword: instruction.trigger?.keyword ?? instruction.keyword,
    args: instruction.args.map((arg) => arg.value),
    flags,
    ...(instruction.form ? { form: instruction.form } : {}),
    ...(instruction.trigger ? { onbuild: true as const } : {}),
  };
}

/** Docker's image config form: `CMD` for exec form, `CMD-SHELL` for shell form, none for `NONE`. */
function readHealthcheck(instruction: InstructionNode): { test: string[]; disable: boolean } {
  const [sub, ...rest] = instruction.args.map((arg) => arg.value);
  if (sub?.toUpperCase() !== 'CMD') return { test: [], disable: true };
  return { test: instruction.form === 'json' ? ['CMD', ...rest] : ['CMD-SHELL', rest.join(' ')], disable: false };
}

function stageAnchors(
  stage: StageNode,
  expose: InstructionNode[],
  userAt: InstructionNode | undefined,
  healthAt: InstructionNode | undefined,
): SubjectAnchor[] {
  const at = (instruction: InstructionNode, ...rest: Array<string | number>) =>
    joinPointer('/instructions', instruction.index, ...rest);
  const anchors: SubjectAnchor[] = [
    { path: '/from', pointer: at(stage.from, 'args', 0) },
    { path: '/name', pointer: at(stage.from, 'args', 2) },
    { path: '/platform', pointer: at(stage.from, 'flags', 'platform') },
  ];
  stage.instructions.forEach((instruction, k) => {
    anchors.push({ path: `/instructions/${k}`, pointer: at(instruction) });
  });
  if (userAt) anchors.push({ path: '/user', pointer: at(userAt) });
  if (healthAt) anchors.push({ path: '/healthcheck', pointer: at(healthAt) });
  const first = expose[0];
  if (first) anchors.push({ path: '/expose', pointer: at(first) });
  let i = 0;
  for (const instruction of expose) {
    instruction.args.forEach((_, k) => {
      anchors.push({ path: `/expose/${i++}`, pointer: at(instruction, 'args', k) });
    });
  }
  return anchors;
}
