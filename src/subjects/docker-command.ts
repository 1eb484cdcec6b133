import { BUILD, COMPOSE, COMPOSE_COMMANDS, EXEC, GLOBAL, LOGIN, NERDCTL_GLOBAL, PODMAN_GLOBAL, readFlags, UNKNOWN } from '../languages/docker-cli-grammar.js';
import type { DockerCommand } from './command.js';
import { parseDockerRun } from './docker-flags.js';

/** Commands that start containers or read Compose files, and the management one before them (`container run`). */
const RUNS_CONTAINERS = new Set(['run', 'create', 'compose', 'container']);

/** Management commands whose sub-commands are the classic top-level ones (`docker container run`). */
const MANAGEMENT = new Set(['container', 'image', 'buildx', 'builder']);

/**
 * Programs that take the docker CLI's commands and flags for what is judged here (`run`, `create`,
 * `build`, `compose`): Podman (https://docs.podman.io/en/latest/markdown/podman-run.1.html) and
 * nerdctl (containerd's docker-compatible CLI) run `--privileged` or a mounted socket just as
 * Docker does, so a workflow that swaps `docker` for them must not pass (helper-41).
 */
const DOCKER_LIKE = new Set(['docker', 'podman', 'nerdctl']);
/** Standalone Compose programs: docker-compose v1 and podman-compose read the same files and flags. */
const COMPOSE_LIKE = new Set(['docker-compose', 'podman-compose']);

/**
 * Reads a `docker …` or `docker-compose …` command (program name and arguments, as the shell
 * splitter gives them) with the docker CLI's grammar, and the same commands of `podman`,
 * `nerdctl` and `podman-compose`. Returns undefined for any other program.
 */
export function readDockerCommand(program: string, args: readonly string[]): DockerCommand | undefined {
  const base = program.slice(program.lastIndexOf('/') + 1);
  if (COMPOSE_LIKE.has(base)) return compose(args, {});
  if (!DOCKER_LIKE.has(base)) return undefined;
  const { globalFlags, subcommand, argv } = dockerSubcommand(args, globalGrammarOf(program));
  if (subcommand === undefined) return { subcommand: '', globalFlags, flags: {} };
  const flags: Record<string, string[]> = {};
  switch (subcommand) {
    case 'run':
    case 'create': {
      const run = parseDockerRun(argv, 'docker-cli');
      // Appended in place: copying the list for every flag made a long `docker run -v … -v …` quadratic.
      for (const flag of run.flags) {
        const values = flags[flag.name] ?? [];
        values.push(flag.value);
        flags[flag.name] = values;
      }
      return { subcommand, globalFlags, flags, ...(run.image !== undefined ? { image: run.image } : {}) };
    }
    case 'exec': {
      const [container] = readFlags(argv, EXEC, flags);
      return { subcommand, globalFlags, flags, ...(container !== undefined ? { container } : {}) };
    }
    case 'login': {
      const [registry] = readFlags(argv, LOGIN, flags);
      return { subcommand, globalFlags, flags, ...(registry !== undefined ? { registry } : {}) };
    }
    case 'build': {
      const [context] = readFlags(argv, BUILD, flags);
      return { subcommand, globalFlags, flags, ...(context !== undefined ? { context } : {}) };
    }
    case 'compose':
      return compose(argv, globalFlags);
    default:
      return { subcommand, globalFlags, flags };
  }
}

/** The global options of a docker-compatible program (`podman --root DIR`, `nerdctl -n NS`), by its path or name. */
export function globalGrammarOf(program: string): typeof GLOBAL {
  const base = program.slice(program.lastIndexOf('/') + 1);
  return base === 'podman' ? PODMAN_GLOBAL : base === 'nerdctl' ? NERDCTL_GLOBAL : GLOBAL;
}

/**
 * Splits `docker`'s arguments into its global options, its command (management prefix such as
 * `container` dropped) and the command's own words.
 */
export function dockerSubcommand(args: readonly string[], global = GLOBAL): { globalFlags: Record<string, string[]>; subcommand?: string; argv: string[] } {
  const globalFlags: Record<string, string[]> = {};
  let rest = readFlags(args, global, globalFlags);
  // An option this grammar does not know may take a value that then reads as the command
  // (`nerdctl --some-new-option x run --privileged …`, helper-46): right after such an option
  // (long, without `=`), a command that runs containers within the next two words is taken
  // instead. Only there: `podman network create x` or `podman pod create --network host` are
  // commands of their own, not `create` (helper-47).
  const before = args[args.length - rest.length - 1];
  const unknownOption = before !== undefined && /^--[^=]+$/.test(before) && !global.valued.has(before.slice(2)) && !global.booleans.has(before.slice(2));
  if (global !== GLOBAL && unknownOption) {
    const next = rest.slice(1, 3).findIndex((word) => RUNS_CONTAINERS.has(word));
    if (next >= 0) rest = rest.slice(next + 1);
  }
  if (rest[0] !== undefined && MANAGEMENT.has(rest[0]) && rest[1] !== undefined) rest = rest.slice(1);
  const [subcommand, ...argv] = rest;
  return { globalFlags, ...(subcommand !== undefined ? { subcommand } : {}), argv };
}

/**
 * The words after `run` of a `docker compose run …` or `docker-compose run …` (the service, then
 * its command), whose flags are `docker run`'s own (`--cap-add`, `-v`, `-u`, `-p`, `-e`), or
 * undefined for any other command. Their count tells where they start among the command's words.
 */
export function composeRunArgv(program: string, args: readonly string[]): string[] | undefined {
  const base = program.slice(program.lastIndexOf('/') + 1);
  let argv: readonly string[];
  if (COMPOSE_LIKE.has(base)) argv = args;
  else if (DOCKER_LIKE.has(base)) {
    const split = dockerSubcommand(args, globalGrammarOf(program));
    if (split.subcommand !== 'compose') return undefined;
    argv = split.argv;
  } else return undefined;
  const [command, ...rest] = readFlags(argv, COMPOSE, {});
  return command === 'run' ? rest : undefined;
}

function compose(argv: readonly string[], globalFlags: Record<string, string[]>): DockerCommand {
  const flags: Record<string, string[]> = {};
  const [command, ...rest] = readFlags(argv, COMPOSE, flags);
  if (command === undefined) return { subcommand: 'compose', globalFlags, flags };
  readFlags(rest, Object.hasOwn(COMPOSE_COMMANDS, command) ? COMPOSE_COMMANDS[command]! : UNKNOWN, flags);
  return { subcommand: 'compose', globalFlags, flags, composeCommand: command };
}
