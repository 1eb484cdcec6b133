import { type ShellCommand, splitShellCommands } from '../languages/shell-commands.js';
import { readDockerCommand } from '../subjects/docker-command.js';
import { workspacePath } from '../subjects/workflow-paths.js';

/** Commands a step's facts keep at most, and the length of each: a script is judged, not stored. */
const MAX_COMMANDS = 200;
const MAX_COMMAND_LENGTH = 300;

/** What a step's `run:` script does, as its step's facts record it. */
export interface ScriptReading {
  /** Each simple command as `program arg …` (quotes removed, `${{ }}` kept). */
  commands: string[];
  /** Contexts `docker build` / `podman build` / `buildah bud` send, repository-relative. */
  buildContexts: string[];
  /** A container tool runs (`docker`, `docker-compose`, `podman`, `buildah`). */
  runsDocker: boolean;
  /** A POSIX script's simple commands as split, so the step's command subjects reuse them. */
  split?: readonly ShellCommand[];
}

const CONTAINER_TOOLS = new Set(['docker', 'docker-compose', 'podman', 'buildah', 'nerdctl']);

/**
 * Reads a `run:` script for its step's facts, so that a rule can ask whether a step runs `npm ci`,
 * `make` or `docker build`. A script in a shell that is not POSIX (PowerShell, cmd, python) is
 * not split: each of its lines stands as a command, so a rule's patterns still see `npm test`
 * written there. `cd` moves the contexts of later builds; a `cd` that cannot be followed makes
 * them unknown (`$UNKNOWN_DIRECTORY`), never the root.
 */
export function readScript(script: string, posix: boolean, cwd: string): ScriptReading {
  const reading: ScriptReading = { commands: [], buildContexts: [], runsDocker: false };
  if (!posix) {
    reading.commands = script.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    reading.runsDocker = reading.commands.some((line) => CONTAINER_TOOLS.has(line.split(/\s+/)[0]!.toLowerCase()));
  } else {
    let dir = cwd;
    reading.split = splitShellCommands(script);
    for (const command of reading.split) {
      const program = command.name.slice(command.name.lastIndexOf('/') + 1);
      reading.commands.push([command.name, ...command.args].join(' '));
      if (program === 'cd' || program === 'pushd') dir = changeDirectory(dir, command.args);
      if (!CONTAINER_TOOLS.has(program)) continue;
      reading.runsDocker = true;
      const context = buildContext(program, command.args);
      if (context !== undefined && !/^[\w+-]+:\/\/|^git@/.test(context) && context !== '-') {
        const path = workspacePath(dir, context);
        if (!reading.buildContexts.includes(path)) reading.buildContexts.push(path);
      }
    }
  }
  reading.commands = reading.commands.slice(0, MAX_COMMANDS).map((command) => command.slice(0, MAX_COMMAND_LENGTH));
  return reading;
}

/** The context of `docker [buildx] build`; `podman` and `buildah` take docker's build flags. */
function buildContext(program: string, args: string[]): string | undefined {
  const verb = program === 'buildah' ? args.findIndex((arg) => arg === 'bud' || arg === 'build') : -1;
  const docker = readDockerCommand('docker', program === 'buildah' ? (verb < 0 ? [] : ['build', ...args.slice(verb + 1)]) : args);
  return docker?.subcommand === 'build' ? docker.context : undefined;
}

/** `cd dir` moves later commands; `cd` alone, `cd -` or `cd ~` goes somewhere unknown. */
function changeDirectory(cwd: string, args: string[]): string {
  const target = args.find((arg) => !/^-[LPe@]+$/.test(arg) && arg !== '--');
  if (target === undefined || target === '-' || target.startsWith('~')) return '$UNKNOWN_DIRECTORY';
  return workspacePath(cwd, target);
}

/** The git verbs that fetch or move to another ref. */
const GIT_CHECKOUTS = new Set(['fetch', 'checkout', 'switch', 'pull', 'reset', 'clone', 'worktree']);

/**
 * The refs a step checks out, as written (expressions normalized: `['x']` → `.x`, no spaces), for
 * rules to match against their list of pull-request-head patterns: `actions/checkout`'s `ref`
 * and `repository` inputs; the arguments of `git fetch|checkout|switch|pull|reset|clone`; and
 * `gh pr checkout N`, which always checks out a pull request's head (`refs/pull/N/head`).
 */
export function checkedOutRefs(uses: string | undefined, inputs: Record<string, string>, commands: string[]): string[] {
  const refs: string[] = [];
  if (uses !== undefined && uses.split('@')[0]!.trim().toLowerCase() === 'actions/checkout') {
    for (const input of ['ref', 'repository']) {
      const value = inputs[input]?.trim();
      if (value) refs.push(normalizeExpressions(value));
    }
  }
  for (const command of commands) {
    const [program, ...args] = command.split(' ');
    if (program === 'gh' && args[0] === 'pr' && args[1] === 'checkout') refs.push(normalizeExpressions(`refs/pull/${args.slice(2).filter((arg) => !arg.startsWith('-')).join(' ')}/head`));
    // `git -C dir fetch …`: the verb follows git's own options.
    else if (program === 'git') {
      const verb = args.slice(0, 4).findIndex((arg) => GIT_CHECKOUTS.has(arg));
      if (verb >= 0) refs.push(normalizeExpressions(args.slice(verb + 1).join(' ')));
    }
  }
  return refs;
}

/**
 * `${{ github.event['pull_request'].HEAD.sha }}` → `${{github.event.pull_request.head.sha}}`:
 * lower case, as GitHub reads context and property names case-insensitively.
 */
function normalizeExpressions(text: string): string {
  return text.replace(/\$\{\{[^}]*\}\}/g, (expression) => expression.replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1').replace(/\s+/g, '').toLowerCase());
}

/**
 * Whether an `actions/checkout` step leaves its token in the workspace's `.git/config`: unless
 * `persist-credentials: false`, versions before 6 write it there; v6 and later write it to a file
 * under `$RUNNER_TEMP`, outside the workspace (actions/checkout v6.0.0 release notes). A version
 * that cannot be read from the ref (a commit SHA, a branch) counts as writing it: fail closed.
 */
export function checkoutPersistsInWorkspace(uses: string, inputs: Record<string, string>): boolean {
  const [name, ref = ''] = uses.trim().split('@');
  if (name!.toLowerCase() !== 'actions/checkout') return false;
  if (/^\s*false\s*$/i.test(inputs['persist-credentials'] ?? '')) return false;
  const major = /^v?(\d+)(?:\.|$)/.exec(ref);
  return !(major && Number(major[1]) >= 6);
}
