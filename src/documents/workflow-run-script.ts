import type { SubjectAnchor } from '../core/subject.js';
import { type ShellCommand, splitShellCommands } from '../languages/shell-commands.js';
import type { CommandValue, DockerCommand } from '../subjects/command.js';
import { dockerSubcommand, readDockerCommand } from '../subjects/docker-command.js';
import { parseDockerRun } from '../subjects/docker-flags.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { namesPrHead } from '../subjects/workflow-expressions.js';
import { inDirectory, workspacePath } from '../subjects/workflow-paths.js';
import type { WorkflowEmitter } from './workflow-emitter.js';

/** Where a `run:` script runs. */
export interface ScriptContext {
  origin: 'workflow' | 'action';
  /** The repository-relative directory the script starts in (`''` for the root). */
  cwd: string;
}

/** What a script does that its step and job are judged by. */
export interface ScriptFacts {
  builds: string[];
  composeFiles: string[];
  checksOutPrHead: boolean;
  /** A `docker build` of the workspace root, whose context holds `.git`. */
  buildsWorkspaceRoot: boolean;
}

/** Compose commands that build or start the project's containers. */
const COMPOSE_RUNS = new Set(['up', 'run', 'create', 'start', 'restart', 'build', 'exec', 'watch']);

/**
 * Emits a `command` subject per simple command of a `run:` script (the splitter Dockerfile `RUN`
 * uses), plus a `container` and an `image` subject per `docker run` / `docker create`, each
 * anchored to the script line where the command's program stands. When that line cannot be
 * confirmed in the file (a folded `>` block, a quoted multi-line string), the subjects fall back
 * to the `run:` key rather than point at the wrong line.
 */
export function emitRunScript(out: WorkflowEmitter, stepName: string, pointer: string, script: string, context: ScriptContext): ScriptFacts {
  const facts: ScriptFacts = { builds: [], composeFiles: [], checksOutPrHead: false, buildsWorkspaceRoot: false };
  const seen = new Map<string, number>();
  const uniqueName = (base: string): string => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count > 1 ? `${base} (${count})` : base;
  };
  let cwd = context.cwd;
  for (const command of splitShellCommands(script)) {
    const line = lineOf(script, command.offset);
    const anchors = confirmed(out, pointer, line, command.name) ? [{ path: '', pointer, line }] : [];
    const docker = readDockerCommand(command.name, command.args);
    const value = commandValue(command, context.origin, docker);
    out.emit('command', uniqueName(`${stepName}/${command.name}`), pointer, value, anchors);
    if (command.name === 'cd' || command.name === 'pushd') cwd = changeDirectory(cwd, command.args);
    if (isPrHeadCheckout(command)) facts.checksOutPrHead = true;
    if (!docker) continue;
    collectFiles(docker, cwd, facts);
    if (docker.subcommand === 'run' || docker.subcommand === 'create') emitDockerRun(out, stepName, pointer, command, anchors, uniqueName);
  }
  return facts;
}

function commandValue(command: ShellCommand, origin: CommandValue['origin'], docker: DockerCommand | undefined): CommandValue {
  return {
    name: command.name,
    args: command.args,
    ...(command.pipedTo !== undefined ? { pipedTo: command.pipedTo } : {}),
    sudo: command.sudo,
    origin,
    ...(command.env ? { env: command.env } : {}),
    ...(docker ? { docker } : {}),
  };
}

function lineOf(script: string, offset: number): number {
  let line = 0;
  for (let i = script.indexOf('\n'); i >= 0 && i < offset; i = script.indexOf('\n', i + 1)) line++;
  return line;
}

/** The script line maps to a file line that holds the program's name. */
function confirmed(out: WorkflowEmitter, pointer: string, line: number, name: string): boolean {
  const located = out.document.locate(pointer, line);
  const program = name.slice(name.lastIndexOf('/') + 1);
  return (out.lines()[located.start.line - 1] ?? '').includes(program);
}

/** `cd dir` moves later commands; `cd` alone or `cd -` goes somewhere unknown. */
function changeDirectory(cwd: string, args: string[]): string {
  const target = args.find((arg) => !/^-[LPe@]+$/.test(arg) && arg !== '--');
  if (target === undefined || target === '-' || target.startsWith('~')) return '$UNKNOWN_DIRECTORY';
  return workspacePath(cwd, target);
}

/** `gh pr checkout N`, `git fetch origin pull/N/head`, `git checkout ${{ github.head_ref }}`. */
function isPrHeadCheckout(command: ShellCommand): boolean {
  const [first, second] = command.args;
  if (command.name === 'gh') return first === 'pr' && second === 'checkout';
  return command.name === 'git' && ['fetch', 'checkout', 'switch', 'pull', 'reset'].includes(first ?? '') && command.args.some(namesPrHead);
}

/** The Dockerfiles and Compose files a docker command names (DESIGN.md E2). */
function collectFiles(docker: DockerCommand, cwd: string, facts: ScriptFacts): void {
  const add = (list: string[], path: string): void => {
    if (!list.includes(path)) list.push(path);
  };
  if (docker.subcommand === 'build') {
    const [file] = docker.flags['file'] ?? [];
    const context = docker.context;
    if (context !== undefined && !/^[\w+-]+:\/\/|^git@|^-$/.test(context) && workspacePath(cwd, context) === '') facts.buildsWorkspaceRoot = true;
    // `-` is standard input; a URL context is a remote repository.
    if (file !== undefined && file !== '-') add(facts.builds, workspacePath(cwd, file));
    else if (file === undefined && context !== undefined && context !== '-' && !/^[\w+-]+:\/\/|^git@/.test(context)) {
      add(facts.builds, inDirectory(workspacePath(cwd, context), 'Dockerfile'));
    }
  }
  if (docker.subcommand === 'compose' && COMPOSE_RUNS.has(docker.composeCommand ?? '')) {
    const files = docker.flags['file'] ?? [];
    const [directory] = docker.flags['project-directory'] ?? [];
    if (files.length) for (const file of files) add(facts.composeFiles, workspacePath(cwd, file));
    else add(facts.composeFiles, inDirectory(workspacePath(cwd, directory ?? '.'), 'compose.yaml'));
  }
}

function emitDockerRun(
  out: WorkflowEmitter,
  stepName: string,
  pointer: string,
  command: ShellCommand,
  anchors: SubjectAnchor[],
  uniqueName: (base: string) => string,
): void {
  const { subcommand, argv } = dockerSubcommand(command.args);
  const run = parseDockerRun(argv, 'docker-cli');
  const name = uniqueName(`${stepName}: docker ${subcommand}${run.image !== undefined ? ` ${run.image}` : ''}`);
  out.emit('container', name, pointer, run.spec, anchors);
  if (run.image !== undefined) out.emit('image', name, pointer, parseImageRef(run.image, 'docker-cli'), anchors);
}
