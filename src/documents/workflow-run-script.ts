import type { Range } from '../core/source-document.js';
import type { SubjectAnchor } from '../core/subject.js';
import { type ShellCommand, splitShellCommands } from '../languages/shell-commands.js';
import { splitWindowsCommands, type WindowsShell } from '../languages/windows-shell-commands.js';
import type { CommandValue, DockerCommand } from '../subjects/command.js';
import { composeRunArgv, dockerSubcommand, globalGrammarOf, readDockerCommand } from '../subjects/docker-command.js';
import { type FlagSource, parseDockerRun } from '../subjects/docker-flags.js';
import { followHostLink } from '../subjects/host-path.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { inDirectory, outsideWorkspace, workspacePath } from '../subjects/workflow-paths.js';
import type { ComposeRun } from '../subjects/workflow-step.js';
import { type StandardInput, standardInput } from './standard-input.js';
import type { WorkflowEmitter } from './workflow-emitter.js';

/** How a script's text is read: a POSIX shell, or one of the Windows shells GitHub runs (`shell:`). */
export type ScriptShell = 'posix' | WindowsShell;

/** Where a `run:` script runs. */
export interface ScriptContext {
  origin: 'workflow' | 'action';
  /** The shell that reads the script (default POSIX). */
  shell?: ScriptShell;
  /** The repository-relative directory the script starts in (`''` for the root). */
  cwd: string;
  /** The script already split by the POSIX splitter (workflow-checkouts.ts reads it first); split here otherwise. */
  split?: readonly ShellCommand[];
  /** `COMPOSE_FILE` as the step's, job's or workflow's `env:` sets it, when written as plain text. */
  composeFile?: string;
  /** The variables GitHub sets for the step: its, its job's and its workflow's `env:` set to plain text (innermost wins). */
  variables?: Readonly<Record<string, string>>;
  /** What earlier steps of the job wrote to `$GITHUB_ENV`, in order: values the step may run with. */
  carried?: ReadonlyArray<readonly [string, string]>;
}

/** What a script does that its step and job are judged by. */
export interface ScriptFacts {
  builds: string[];
  composeFiles: string[];
  /** The files `COMPOSE_FILE` names for compose commands without `-f` (WorkflowStep.composeFileEnv). */
  composeFileEnv: string[];
  /** A `docker build` reads its Dockerfile from standard input (`-f -`, or `-` as the context). */
  buildsFromStdin?: true;
  /** The `docker compose` commands that run with variables of the workflow's (WorkflowStep.composeRuns). */
  composeRuns: ComposeRun[];
  /**
   * What the script writes to `$GITHUB_ENV` as plain text (`echo "NAME=value" >> "$GITHUB_ENV"`),
   * in order: the job's later steps may run with it (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-environment-variable).
   */
  githubEnv: Array<[string, string]>;
}

/** A `NAME=value` line the shell runs as a command of its own, not before a program (`PRIV=true`). */
const BARE_ASSIGNMENT = /(^|[;&|({]|\bthen|\bdo|\belse)[ \t]*([A-Za-z_][A-Za-z0-9_]*)=("[^"$`\\]*"|'[^']*'|[^\s;&|()$`"'\\]*)[ \t]*(?=$|[;&|)}#])/gm;
/** A redirection into the file GitHub reads environment variables from, and nothing longer (`$GITHUB_ENV_OLD`, `$GITHUB_ENV.bak`). */
const INTO_GITHUB_ENV = />>?[ \t]*(?:"\$\{?GITHUB_ENV\}?"|\$\{GITHUB_ENV\}|\$GITHUB_ENV)(?=$|[\s;&|)])/;



/** Compose commands that build or start the project's containers. */
const COMPOSE_RUNS = new Set(['up', 'run', 'create', 'start', 'restart', 'build', 'exec', 'watch']);

/**
 * Emits a `command` subject per simple command of a `run:` script (the splitter Dockerfile `RUN`
 * uses), plus a `container` and an `image` subject per `docker run` / `docker create`. Each is
 * placed where it is written, whatever the scalar's style (a folded `>` block, a quoted
 * multi-line string): the command on its program's line, each argument, flag and image on its
 * own words. A place that cannot be confirmed in the file falls back to the `run:` key rather
 * than point at the wrong line.
 */
export function emitRunScript(out: WorkflowEmitter, stepName: string, pointer: string, script: string, context: ScriptContext): ScriptFacts {
  const facts: ScriptFacts = { builds: [], composeFiles: [], composeFileEnv: [], composeRuns: [], githubEnv: [] };
  const seen = new Map<string, number>();
  const uniqueName = (base: string): string => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count > 1 ? `${base} (${count})` : base;
  };
  let cwd = context.cwd;
  let composeFile = context.composeFile;
  // What the script does to its variables is read from its text, which a pull request writes: an
  // assignment in a heredoc, a subshell or a comment reads the same as a real one (helper-43). So
  // the step's `env:` (GitHub sets it, whatever the script says) is always one view of a run, and
  // what the script or an earlier step seems to set only adds views (`variableViews`).
  const certain: Readonly<Record<string, string>> = { ...context.variables };
  const derived: Array<readonly [string, string]> = [...(context.carried ?? [])];
  let variables: Record<string, string> = { ...context.variables, ...Object.fromEntries(derived) };
  const shell = context.shell ?? 'posix';
  // Shell variables assigned on lines of their own, by offset: `export NAME` (or `set -a`) later
  // makes one an environment variable (helper-41).
  const assignments = shell === 'posix' ? [...script.matchAll(BARE_ASSIGNMENT)].map((m) => ({ at: m.index + m[0].length, name: m[2]!, value: unquote(m[3]!) })) : [];
  const shellVariables: Record<string, string> = {};
  // `cat >> "$GITHUB_ENV" <<EOF` … `EOF`: each NAME=value line of the heredoc (helper-45).
  if (shell === 'posix') for (const pair of heredocIntoGithubEnv(script)) facts.githubEnv.push(pair);
  let allExported = false;
  let assigned = 0;
  // The commands before this one in its pipeline (`tar -c . | gzip | docker build -`).
  let feeders: ShellCommand[] = [];
  // Functions, aliases, `PATH`, `builtin`/`eval`, `pushd`/`popd` and subshells change what a
  // command name runs or where it runs, which the reading of standard input relies on (helper-36).
  const dynamic = /(^|[\s;&|(])(function\s|alias\s|builtin\s|eval\s|pushd\b|popd\b|export\s+PATH=|PATH=)|\w\s*\(\s*\)\s*\{|\(\s*cd\s/.test(script);
  let previous: ShellCommand | undefined;
  for (const command of shell === 'posix' && context.split ? context.split : splitScript(script, shell)) {
    feeders = previous?.pipedTo !== undefined ? [...feeders, previous] : [];
    previous = command;
    const line = out.locateText(pointer, command.offset, command.offset + 1, true);
    const anchors: SubjectAnchor[] = line ? [{ path: '', pointer, range: line }] : [];
    const docker = readDockerCommand(command.name, command.args);
    const value = commandValue(command, context.origin, docker);
    out.emit('command', uniqueName(`${stepName}/${command.name}`), pointer, value, anchors);
    if (command.name === 'cd' || command.name === 'pushd') cwd = changeDirectory(cwd, command.args);
    for (; assigned < assignments.length && assignments[assigned]!.at <= command.offset; assigned++) {
      const { name, value } = assignments[assigned]!;
      shellVariables[name] = value;
      if (allExported || name in variables) {
        variables = { ...variables, [name]: value };
        derived.push([name, value]);
      }
    }
    if (command.name === 'set' && command.args.some((arg) => /^-[a-z]*a/.test(arg))) allExported = true;
    if (command.name === 'set' && command.args.some((arg) => /^\+[a-z]*a/.test(arg))) allExported = false;
    const exporting = command.name === 'export' || ((command.name === 'declare' || command.name === 'typeset') && command.args.some((arg) => /^-[a-zA-Z]*x/.test(arg)));
    if (exporting) {
      if (command.name === 'export') composeFile = exported(command.args, composeFile);
      const next = exportedVariables(command.args, variables, shellVariables);
      for (const [name, value] of Object.entries(next)) if (variables[name] !== value) derived.push([name, value]);
      variables = next;
    }
    if (command.name === 'unset' && !command.args.includes('-f')) for (const name of command.args) if (!name.startsWith('-')) delete variables[name];
    // What reaches `$GITHUB_ENV`: an `echo`/`printf` redirected there, or piped into `tee [-a]
    // "$GITHUB_ENV"` (helper-45). Each value only adds a view of later runs (`variableViews`), so
    // reading more than the shell would write is safe, and reading less is not.
    const intoGithubEnv = INTO_GITHUB_ENV.test(script.slice(command.offset, command.end));
    const teed = command.name === 'tee' && command.args.some((arg) => /^\$\{?GITHUB_ENV\}?$/.test(arg));
    for (const writer of intoGithubEnv ? [command] : teed ? feeders : []) {
      for (const [name, value] of githubEnvLines(writer)) facts.githubEnv.push([name, value]);
    }
    if (!docker) continue;
    // A script that redefines commands or moves in ways not followed makes standard input unknown.
    const stdin = dynamic ? {} : standardInput(script.slice(command.offset, command.end), feeders, cwd, (feeder) => script.slice(feeder.offset, feeder.end));
    collectFiles(docker, cwd, facts, command.env?.['COMPOSE_FILE'] ?? composeFile, stdin, { certain: { ...certain, ...command.env }, derived: derived.filter(([name]) => !(name in (command.env ?? {}))) });
    const runs = docker.subcommand === 'run' || docker.subcommand === 'create' || (docker.subcommand === 'compose' && docker.composeCommand === 'run');
    if (runs) emitDockerRun(out, stepName, pointer, command, anchors, wordPlaces(out, pointer, command), uniqueName, cwd, context.cwd);
  }
  return facts;
}

/** The commands of a script in the shell it runs in (workflow-steps.ts decides which shells are read). */
function splitScript(script: string, shell: ScriptShell): readonly ShellCommand[] {
  if (shell === 'posix') return splitShellCommands(script);
  return splitWindowsCommands(script, shell);
}

/** Where each argument of a command is written; undefined for a word that could not be placed. */
function wordPlaces(out: WorkflowEmitter, pointer: string, command: ShellCommand): Array<Range | undefined> {
  return (command.argSpans ?? []).map((span) => out.locateText(pointer, span.start, span.end));
}

function commandValue(command: ShellCommand, origin: CommandValue['origin'], docker: DockerCommand | undefined): CommandValue {
  return {
    name: command.name,
    args: command.args,
    ...(command.pipedTo !== undefined ? { pipedTo: command.pipedTo } : {}),
    ...(command.pipeline !== undefined ? { pipeline: command.pipeline } : {}),
    sudo: command.sudo,
    origin,
    ...(command.env ? { env: command.env } : {}),
    ...(docker ? { docker } : {}),
  };
}

/** `cd dir` moves later commands; `cd` alone or `cd -` goes somewhere unknown. */
function changeDirectory(cwd: string, args: string[]): string {
  const target = args.find((arg) => !/^-[LPe@]+$/.test(arg) && arg !== '--');
  if (target === undefined || target === '-' || target.startsWith('~')) return '$UNKNOWN_DIRECTORY';
  return workspacePath(cwd, target);
}

/** Names of archives, which `docker build -` reads as its context. */
const ARCHIVE = /\.(tar|tgz|tar\.(gz|bz2|xz|zst))$/i;

/**
 * The repository paths a `COMPOSE_FILE` value lists: split on `:` or `;` (`COMPOSE_PATH_SEPARATOR`
 * is `;` on Windows, and a path holds neither in practice), each relative to the working
 * directory, or to the root when written from the workspace (`$GITHUB_WORKSPACE/x`,
 * `${{ github.workspace }}/x`). None when any entry holds another variable (unknown).
 */
function composeFileList(value: string | undefined, cwd: string): string[] {
  if (value === undefined || value.trim() === '') return [];
  const entries = value
    .split(/[:;]/)
    .map((entry) => entry.trim().replace(/^(['"])(.*)\1$/, '$2'))
    .filter((entry) => entry !== '');
  // `workspacePath` reads a workspace prefix from the root; any other variable leaves it unknown.
  const paths = entries.map((entry) => workspacePath(cwd, entry));
  // One that leaves the workspace whatever its variables hold (`/tmp/$X/a.yml`) is kept, to be reported.
  return paths.some((path) => path.includes('$') && !outsideWorkspace(path)) ? [] : paths;
}

/**
 * The variables after `export NAME=value …` or `declare -x NAME=value`; `export NAME` alone
 * exports the shell variable assigned earlier (`shell`), if any.
 */
function exportedVariables(args: readonly string[], current: Record<string, string>, shell: Readonly<Record<string, string>>): Record<string, string> {
  const next = { ...current };
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.slice(0, at))) next[arg.slice(0, at)] = arg.slice(at + 1);
    else if (at < 0 && arg in shell) next[arg] = shell[arg]!;
  }
  return next;
}

/** The NAME=value lines an `echo` or `printf` writes (printf's `%s` filled with its arguments in turn). */
function githubEnvLines(command: ShellCommand): Array<[string, string]> {
  let text: string | undefined;
  if (command.name === 'echo') text = command.args.filter((arg) => !/^-[neE]+$/.test(arg)).join(' ');
  else if (command.name === 'printf' && command.args.length > 0) {
    const [format, ...values] = command.args;
    let next = 0;
    text = format!.replace(/%s/g, () => values[next++] ?? '');
  }
  if (text === undefined) return [];
  const pairs: Array<[string, string]> = [];
  for (const line of text.split(/\\n|\n/)) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(line);
    if (assignment) pairs.push([assignment[1]!, assignment[2]!]);
  }
  return pairs;
}

/** The NAME=value lines of heredocs appended to `$GITHUB_ENV` (`cat >> "$GITHUB_ENV" <<EOF`, `tee -a "$GITHUB_ENV" <<'EOF'`). */
function heredocIntoGithubEnv(script: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const opener = /(?:>>?[ \t]*"?\$\{?GITHUB_ENV\}?"?|tee(?:[ \t]+-a)?[ \t]+"?\$\{?GITHUB_ENV\}?"?)[^\n]*?<<-?[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1[^\n]*\n/g;
  for (const match of script.matchAll(opener)) {
    const body = script.slice(match.index + match[0].length);
    const end = new RegExp(`^[ \\t]*${match[2]}[ \\t]*$`, 'm').exec(body);
    for (const line of (end ? body.slice(0, end.index) : body).split('\n')) {
      const assignment = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (assignment) pairs.push([assignment[1]!, unquote(assignment[2]!.trim())]);
    }
  }
  return pairs;
}

/** A value as the shell reads a plain, single- or double-quoted word without expansions. */
function unquote(word: string): string {
  return /^(["']).*\1$/s.test(word) ? word.slice(1, -1) : word;
}

/** The variables whose values are plain text: one holding `$` or a backquote is the shell's to expand, unknown here. */
function plainVariables(variables: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).filter(([, value]) => plainValue(value)));
}

function plainValue(value: string): boolean {
  return !/[$`]/.test(value);
}

/** `COMPOSE_FILE` after `export COMPOSE_FILE=…` (unchanged by an `export` of other names). */
function exported(args: readonly string[], current: string | undefined): string | undefined {
  let value = current;
  for (const arg of args) if (arg.startsWith('COMPOSE_FILE=')) value = arg.slice('COMPOSE_FILE='.length);
  return value;
}

/**
 * The Dockerfiles and Compose files a docker command names (DESIGN.md E2). Without `-f`, Compose
 * reads the files `COMPOSE_FILE` lists (`composeFileList`,
 * https://docs.docker.com/compose/how-tos/environment-variables/envvars/#compose_file) when it is
 * set, else the directory's default file; a value holding a variable is unknown, and the default
 * is looked for. `stdin` is what the command reads on standard input (`standardInput`).
 */
function collectFiles(
  docker: DockerCommand,
  cwd: string,
  facts: ScriptFacts,
  composeFile: string | undefined,
  stdin: StandardInput,
  variables: { certain: Readonly<Record<string, string>>; derived: ReadonlyArray<readonly [string, string]> },
): void {
  const add = (list: string[], path: string): void => {
    if (!list.includes(path)) list.push(path);
  };
  if (docker.subcommand === 'build') {
    const [file] = docker.flags['file'] ?? [];
    const context = docker.context;
    // `-` is standard input; a URL context is a remote repository.
    if (file === '-' || (file === undefined && context === '-')) {
      // A file of the repository given on standard input (`< Dockerfile`, `cat Dockerfile |`) is
      // the Dockerfile built, judged as such; an archive piped to `docker build -` is the context,
      // whose files are the repository's; anything else is a Dockerfile nothing here reads.
      if (stdin.file !== undefined && !ARCHIVE.test(stdin.file)) add(facts.builds, workspacePath(cwd, stdin.file));
      else if (!(file === undefined && stdin.archive)) facts.buildsFromStdin = true;
    }
    if (file !== undefined && file !== '-') add(facts.builds, workspacePath(cwd, file));
    else if (file === undefined && context !== undefined && context !== '-' && !/^[\w+-]+:\/\/|^git@/.test(context)) {
      add(facts.builds, inDirectory(workspacePath(cwd, context), 'Dockerfile'));
    }
  }
  if (docker.subcommand === 'compose' && COMPOSE_RUNS.has(docker.composeCommand ?? '')) {
    // `-f -` reads the Compose file from standard input: judged when that is a file of the repository.
    const files = (docker.flags['file'] ?? []).flatMap((file) => (file !== '-' ? [file] : stdin.file !== undefined ? [stdin.file] : []));
    const [directory] = docker.flags['project-directory'] ?? [];
    const listed = composeFileList(composeFile, cwd);
    const loaded = files.length ? files.map((file) => workspacePath(cwd, file)) : listed;
    if (files.length) for (const file of loaded) add(facts.composeFiles, file);
    else if (listed.length) {
      for (const file of listed) {
        add(facts.composeFiles, file);
        add(facts.composeFileEnv, file);
      }
    }
    else {
      const fallback = inDirectory(workspacePath(cwd, directory ?? '.'), 'compose.yaml');
      add(facts.composeFiles, fallback);
      // A COMPOSE_FILE the scan cannot read (`${{ vars.STACK }}`, `$DIR/x.yml`) may name the base
      // alone: counted as naming it, so the base is judged unmerged as well as merged with its
      // override (`overridesLeftUnmerged`), either of which may be what runs.
      if (composeFile !== undefined && composeFile.trim() !== '') add(facts.composeFileEnv, fallback);
    }
    // `--env-file`, else COMPOSE_ENV_FILES (Compose 2.24: the same, comma-separated), replaces the `.env`.
    const envFileList = docker.flags['env-file'] ?? variables.certain['COMPOSE_ENV_FILES']?.split(',').map((file) => file.trim()).filter(Boolean) ?? [];
    const envFiles = envFileList.map((file) => workspacePath(cwd, file));
    const plain = plainVariables(variables.certain);
    const derived = variables.derived.filter(([, value]) => plainValue(value)).map(([name, value]): [string, string] => [name, value]);
    const run = (files: string[]): void => {
      facts.composeRuns.push({
        files: loaded,
        ...(loaded.length ? {} : { folder: workspacePath(cwd, directory ?? '.') }),
        variables: plain,
        ...(derived.length ? { derived } : {}),
        envFiles: files,
      });
    };
    if (Object.keys(plain).length > 0 || derived.length > 0 || envFiles.length > 0) run(envFiles);
    // A COMPOSE_ENV_FILES the script or an earlier step seems to set is a run of its own, its env
    // files read instead of the `.env` (helper-46: `export COMPOSE_ENV_FILES=evil.env`).
    // From every value, plain or not: a path the reader cannot resolve (`$PWD/evil.env`) is
    // reported unread there, never skipped (helper-47).
    if (docker.flags['env-file'] === undefined) {
      for (const [name, value] of variables.derived) {
        if (name === 'COMPOSE_ENV_FILES') run(value.split(',').map((file) => file.trim()).filter(Boolean).map((file) => workspacePath(cwd, file)));
      }
    }
  }
}

/**
 * The container a `docker run` / `docker create` starts, and its image. `docker compose run [flags]
 * SERVICE …` is the same with the service's container: its flags are `docker run`'s
 * (https://docs.docker.com/reference/cli/docker/compose/run/), so `--cap-add SYS_ADMIN -v /:/host`
 * there is as dangerous (found by a review helper, issue #17's session). The service's own
 * settings are the Compose file's, judged there, and its first operand names the service, not an
 * image, so no image is judged for it.
 */
function emitDockerRun(
  out: WorkflowEmitter,
  stepName: string,
  pointer: string,
  command: ShellCommand,
  anchors: SubjectAnchor[],
  words: Array<Range | undefined>,
  uniqueName: (base: string) => string,
  cwd: string,
  startCwd: string,
): void {
  const composeArgv = composeRunArgv(command.name, command.args);
  const { subcommand, argv } = composeArgv ? { subcommand: 'compose run', argv: composeArgv } : dockerSubcommand(command.args, globalGrammarOf(command.name));
  // Relative bind sources resolve where the command runs (`working-directory`, `cd`), and through
  // a committed link there (helper-32: `-v ./sock:…` under `working-directory: deploy`).
  // A folder left unknown (`cd "$X"`, `cd -`) resolves as the workspace, as before it was tracked.
  const folder = cwd.includes('$') ? '' : cwd;
  const run = parseDockerRun(argv, 'docker-cli', folder);
  if (out.hostLink) for (const mount of run.spec.volumes) followHostLink(mount, folder, out.hostLink, [startCwd]);
  const { image, ...rest } = run.spec;
  const spec = composeArgv ? rest : run.spec;
  // Named as written (`run.image`, a variable included); for compose run, the service as parsed.
  const named = composeArgv ? image : run.image;
  const name = uniqueName(`${stepName}: docker ${subcommand}${named !== undefined ? ` ${named}` : ''}`);
  const place = argvPlaces(words, command.args.length - argv.length);
  const sources = composeArgv ? run.sources.filter((source) => source.path !== '/image') : run.sources;
  out.emit('container', name, pointer, spec, [...anchors, ...flagAnchors(sources, pointer, place)]);
  if (composeArgv || run.image === undefined || run.imageIndex === undefined) return;
  const imageAt = place(run.imageIndex, run.imageIndex);
  out.emit('image', name, pointer, parseImageRef(run.image, 'docker-cli'), imageAt ? [{ path: '', pointer, range: imageAt }] : anchors);
}

/** Where words `first`..`last` of an argv are written, the command's first `skipped` arguments before it. */
function argvPlaces(words: Array<Range | undefined>, skipped: number): (first: number, last: number) => Range | undefined {
  return (first, last) => {
    const start = words[skipped + first];
    const end = words[skipped + last];
    return start && end ? { start: start.start, end: end.end } : undefined;
  };
}

/**
 * An anchor per field the flags set, on the flag and its value; a list field (`/volumes`) is
 * also anchored on the first flag that adds to it, for a finding about the list as a whole.
 */
export function flagAnchors(sources: readonly FlagSource[], pointer: string, place: (first: number, last: number) => Range | undefined): SubjectAnchor[] {
  const anchors: SubjectAnchor[] = [];
  const paths = new Set<string>();
  for (const source of sources) {
    const range = place(source.first, source.last);
    if (!range) continue;
    const parent = source.path.slice(0, source.path.lastIndexOf('/'));
    for (const path of parent ? [source.path, parent] : [source.path]) {
      if (paths.has(path)) continue;
      paths.add(path);
      anchors.push({ path, pointer, range });
    }
  }
  return anchors;
}
