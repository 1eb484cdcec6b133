import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Framework } from '../core/frameworks.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { COMMANDS, type CommandLine, CommandLineError, type CommandName, parseCommandLine } from './cli-flags.js';
import { type FixCommand, fixSettings } from './fix-settings.js';

/**
 * The one place that reads inputs, flags and the environment. Everything else receives these
 * typed, validated objects.
 */

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

const FAIL_ON_VALUES = [...SEVERITIES, 'none'] as const;
export type FailOn = Severity | 'none';

/** Settings that cannot be used as given; the message says what to write instead. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ScanCommand {
  command: 'scan';
  /** The folder to scan, absolute. */
  root: string;
  format: Format;
  /** Absolute; undefined lets the scan find `.github/containment.yml`. */
  config?: string;
  /** Undefined lets the config file (or the default, high) decide. */
  failOn?: FailOn;
  /** What is listed; lower findings are counted. Undefined lets the config file (or `low`) decide. */
  minSeverity?: Severity;
  /** Absolute; undefined writes to stdout. */
  output?: string;
  /** Custom pack folders (`--pack DIR`, repeatable), absolute. */
  packs: string[];
  /** Absolute: a baseline file whose findings are reported as suppressed. */
  baseline?: string;
  /** `--changed`: judge what the working tree changed since `base` (default: the merge base with origin/HEAD, else HEAD). */
  changed?: { base?: string };
  /** With --changed: fail on new findings only (default), or on all. */
  failOnScope?: 'new' | 'all';
  /** With --changed: list existing findings too (`--all`). */
  listAll?: boolean;
}

/** `baseline [path]`: record today's findings so that only later ones are reported. */
export interface BaselineCommand {
  command: 'baseline';
  root: string;
  config?: string;
  packs: string[];
  output?: string;
}

/**
 * `rules`: the rules as a padded table, as the markdown table the README holds, or (with a
 * framework) as the controls each rule checks.
 */
export interface RulesCommand {
  command: 'rules';
  format: 'text' | 'markdown' | 'equivalents';
  framework?: Framework;
  packs: string[];
}

/** `explain <rule-id>`: one rule's documentation page. `docs`: every page, written to a folder. */
export type DocsCommand =
  | { command: 'explain'; ruleId: string; packs: string[] }
  | { command: 'docs'; out: string; packs: string[] };

/** `test-pack DIR`: run a custom pack's embedded examples. */
export interface TestPackCommand {
  command: 'test-pack';
  dir: string;
  shown: string;
}

/** `inventory [path]`: every image and container the folder describes. */
export interface InventoryCommand {
  command: 'inventory';
  /** The folder to scan, absolute. */
  root: string;
  format: 'text' | 'json' | 'markdown';
  config?: string;
  packs: string[];
}

/** `subjects`: the subject types' value shapes, as docs/subjects.md or as their JSON Schemas. */
export interface SubjectsCommand {
  command: 'subjects';
  format: 'markdown' | 'json';
}

export type CliSettings =
  | ScanCommand
  | FixCommand
  | BaselineCommand
  | SubjectsCommand
  | RulesCommand
  | DocsCommand
  | TestPackCommand
  | InventoryCommand
  | HelpCommand
  | { command: 'version' };

/** `help [command]`, `--help`, `COMMAND --help`: all commands, or one command's flags. */
export interface HelpCommand {
  command: 'help';
  topic?: Exclude<CommandName, 'help'>;
}

/**
 * What the CLI should do, from its arguments (without `node` and the script); relative paths are
 * resolved against `cwd`, and `env` is the environment `fix --resolve` reads its token and API from.
 */
export function cliSettings(argv: readonly string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): CliSettings | UsageError {
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof CommandLineError) return new UsageError(error.message);
    throw error;
  }
  if (line.version) return { command: 'version' };
  if (line.help) return line.command === 'help' ? COMMAND_SETTINGS.help(line, cwd, env) : { command: 'help', topic: line.command };
  return COMMAND_SETTINGS[line.command](line, cwd, env);
}

/** Reads a string flag (the table has already checked its value against the accepted ones). */
function text(line: CommandLine, name: string): string | undefined {
  const value = line.flags[name];
  return typeof value === 'string' ? value : undefined;
}

function absolute(line: CommandLine, name: string, cwd: string): string | undefined {
  const value = text(line, name);
  return value === undefined ? undefined : resolve(cwd, value);
}

function packsOf(line: CommandLine, cwd: string): string[] {
  const value = line.flags['pack'];
  return (Array.isArray(value) ? value : []).map((dir) => resolve(cwd, dir));
}

/** `scan [path]`-style commands take at most one folder. */
function oneFolder(line: CommandLine, cwd: string): string | UsageError {
  const rest = line.positionals;
  if (rest.length > 1) return new UsageError(`'${line.command}' takes one folder, got ${rest.length}: ${rest.map((path) => `'${path}'`).join(' ')}.`);
  return resolve(cwd, rest[0] ?? '.');
}

function noArguments(line: CommandLine, hint = ''): UsageError | undefined {
  return line.positionals.length > 0 ? new UsageError(`'${line.command}' takes no arguments${hint}, got '${line.positionals.join(' ')}'.`) : undefined;
}

/** Builds each command's typed settings from its checked command line. */
const COMMAND_SETTINGS: { [C in CommandName]: (line: CommandLine, cwd: string, env: NodeJS.ProcessEnv) => CliSettings | UsageError } = {
  help: (line) => {
    const [topic, ...extra] = line.positionals;
    if (extra.length > 0 || (topic !== undefined && !(topic in COMMANDS))) {
      return new UsageError(`'help' takes one command name (${Object.keys(COMMANDS).join(', ')}); got '${line.positionals.join(' ')}'.`);
    }
    return topic === undefined || topic === 'help' ? { command: 'help' } : { command: 'help', topic: topic as HelpCommand['topic'] & string };
  },
  rules: (line, cwd) => {
    const extra = noArguments(line);
    if (extra) return extra;
    const framework = text(line, 'framework') as Framework | undefined;
    return { command: 'rules', format: (text(line, 'format') ?? 'text') as RulesCommand['format'], packs: packsOf(line, cwd), ...(framework ? { framework } : {}) };
  },
  explain: (line, cwd) => {
    if (line.positionals.length !== 1) return new UsageError("'explain' takes one rule id, e.g. 'containment explain container-privileged'.");
    return { command: 'explain', ruleId: line.positionals[0]!, packs: packsOf(line, cwd) };
  },
  docs: (line, cwd) => {
    const extra = noArguments(line, ' (use --out DIR)');
    if (extra) return extra;
    // No default folder: run in some other repository, a default would write dozens of pages into it.
    const out = text(line, 'out');
    if (out === undefined) return new UsageError("'docs' needs --out DIR, the folder to write one page per rule into (it is created); see 'containment docs --help'.");
    return { command: 'docs', out: resolve(cwd, out), packs: packsOf(line, cwd) };
  },
  'test-pack': (line, cwd) => {
    if (line.positionals.length !== 1) return new UsageError("'test-pack' takes one pack folder, e.g. 'containment test-pack policies/my-pack'.");
    return { command: 'test-pack', dir: resolve(cwd, line.positionals[0]!), shown: line.positionals[0]! };
  },
  subjects: (line) => noArguments(line) ?? { command: 'subjects', format: (text(line, 'format') ?? 'markdown') as SubjectsCommand['format'] },
  inventory: (line, cwd) => {
    const root = oneFolder(line, cwd);
    if (root instanceof UsageError) return root;
    const config = absolute(line, 'config', cwd);
    return {
      command: 'inventory',
      root,
      format: (text(line, 'format') ?? 'text') as InventoryCommand['format'],
      ...(config === undefined ? {} : { config }),
      packs: packsOf(line, cwd),
    };
  },
  fix: (line, cwd, env) => {
    const settings = fixSettings(line, cwd, env);
    return typeof settings === 'string' ? new UsageError(settings) : settings;
  },
  baseline: (line, cwd) => {
    const root = oneFolder(line, cwd);
    if (root instanceof UsageError) return root;
    const config = absolute(line, 'config', cwd);
    const output = absolute(line, 'output', cwd);
    return { command: 'baseline', root, packs: packsOf(line, cwd), ...(config === undefined ? {} : { config }), ...(output === undefined ? {} : { output }) };
  },
  scan: (line, cwd) => {
    const root = oneFolder(line, cwd);
    if (root instanceof UsageError) return root;
    const config = absolute(line, 'config', cwd);
    const output = absolute(line, 'output', cwd);
    const baseline = absolute(line, 'baseline', cwd);
    const failOn = text(line, 'fail-on') as FailOn | undefined;
    const minSeverity = text(line, 'min-severity') as Severity | undefined;
    const base = text(line, 'base');
    const scope = text(line, 'fail-on-scope') as ScanCommand['failOnScope'];
    if (scope !== undefined && !line.flags['changed'] && base === undefined) {
      return new UsageError("--fail-on-scope applies only with --changed (or --base); add --changed, or leave --fail-on-scope out.");
    }
    if (line.flags['all'] && !line.flags['changed'] && base === undefined) {
      return new UsageError('--all applies only with --changed (or --base): without a comparison every finding is listed anyway.');
    }
    return {
      command: 'scan',
      root,
      format: (text(line, 'format') ?? 'text') as Format,
      ...(config === undefined ? {} : { config }),
      ...(failOn === undefined ? {} : { failOn }),
      ...(minSeverity === undefined ? {} : { minSeverity }),
      ...(output === undefined ? {} : { output }),
      packs: packsOf(line, cwd),
      ...(baseline === undefined ? {} : { baseline }),
      ...(line.flags['changed'] || base !== undefined ? { changed: base === undefined ? {} : { base } } : {}),
      ...(scope === undefined ? {} : { failOnScope: scope }),
      ...(line.flags['all'] ? { listAll: true } : {}),
    };
  },
};

/** ANSI colour when writing to a terminal, unless NO_COLOR is set to anything (https://no-color.org). */
export function useColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return isTTY === true && (env.NO_COLOR ?? '') === '';
}

/** The Action's inputs, validated once. */
export interface ActionSettings {
  /** Custom pack folders from the `policies` input, absolute, inside the workspace. */
  packs: string[];
  token: string;
  /** `GITHUB_WORKSPACE` (or the working directory outside a runner), absolute. */
  workspace: string;
  /** The folder to scan, absolute, inside the workspace. */
  root: string;
  config?: string;
  failOn?: FailOn;
  comment: boolean;
  /** Tells two Containment steps' comments apart: the hidden marker holds it. */
  commentKey: string;
  annotations: AnnotationMode;
  /** Which findings become annotations on a pull request (reviewdog's modes): added lines, changed files, all. */
  filterMode: FilterMode;
  /** Fail on new findings only, or on all; undefined: `new` on pull requests, `all` elsewhere. */
  failOnScope?: 'new' | 'all';
  /** What the comment lists and what is annotated; lower findings are counted. */
  minSeverity?: Severity;
  /** Keep the compliance view and the inventory in the pull request's comment too. */
  commentDetails: boolean;
  /** Post the fixes of new findings on added lines as one pull-request review with suggestion blocks. */
  suggestions: boolean;
  /** At most this many suggestions per run, the most severe first (`suggestions-max`). */
  suggestionsMax: number;
  /** Read the config and custom packs from the pull request instead of its base. */
  trustPrConfig: boolean;
  /** Absolute: the baseline file, when one is given. */
  baseline?: string;
  /** Absolute; undefined when no SARIF file is wanted. */
  sarifFile?: string;
  /** Absolute: where the JSON report goes (`json-file`, else under `RUNNER_TEMP`). */
  jsonFile: string;
  /** The folders report files may be written under: the workspace and, on a runner, `RUNNER_TEMP`. */
  outputRoots: string[];
  github: GitHubRun;
}

/**
 * How findings reach the lines of the diff: workflow-command annotations within GitHub's caps and
 * a check run for the rest (`auto`), only commands, only a check run, or none.
 */
export const ANNOTATION_MODES = ['auto', 'commands', 'check-run', 'off'] as const;

/** reviewdog's filter modes: findings on added lines, in changed files, or all of them. */
export const FILTER_MODES = ['added', 'file', 'all'] as const;
export type FilterMode = (typeof FILTER_MODES)[number];
export type AnnotationMode = (typeof ANNOTATION_MODES)[number];

/** The run, as the runner's default environment variables describe it. */
export interface GitHubRun {
  /** `GITHUB_API_URL`: api.github.com, or a GitHub Enterprise Server's `/api/v3`. */
  apiUrl: string;
  serverUrl: string;
  /** `OWNER/REPO`. */
  repository?: string;
  runId?: string;
  eventName?: string;
  /** The webhook payload's file. */
  eventPath?: string;
  sha?: string;
  /**
   * `CONTAINMENT_RETRY_BASE_MS`: milliseconds per second of GitHub's `retry-after`. Only the
   * end-to-end tests set it, so that retries against their local server take no time.
   */
  retryUnitMs?: number;
}

/** Reads an input the way `core.getInput` does: '' when unset. */
export type GetInput = (name: string) => string;

/** The Action's settings from its inputs; throws a UsageError naming the input at fault. */
export function actionSettings(getInput: GetInput, env: NodeJS.ProcessEnv = process.env): ActionSettings {
  const input = (name: string) => getInput(name).trim();
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const root = insideWorkspace(workspace, input('path') || '.', 'path', 'be a folder');
  const failOn = input('fail-on');
  if (failOn !== '' && !isFailOn(failOn)) {
    throw new UsageError(`Input 'fail-on' must be one of ${FAIL_ON_VALUES.join(', ')}; got '${failOn}'.`);
  }
  const config = input('config');
  const sarifFile = input('sarif-file');
  const jsonFile = input('json-file');
  const commentKey = commentKeyFrom(input('comment-key'), env, input('path') || '.');
  // One folder per line (or comma-separated), as multi-line inputs are written in workflows.
  const packs = input('policies')
    .split(/[\n,]/)
    .map((dir) => dir.trim())
    .filter(Boolean)
    .map((dir) => insideWorkspace(workspace, dir, 'policies', 'name folders'));
  const runnerTemp = env.RUNNER_TEMP ? resolve(env.RUNNER_TEMP) : undefined;
  const outputRoots = runnerTemp === undefined ? [workspace] : [workspace, runnerTemp];
  return {
    packs,
    token: input('token'),
    workspace,
    root,
    ...(config === '' ? {} : { config: insideWorkspace(workspace, config, 'config', 'be a file') }),
    ...(failOn === '' ? {} : { failOn }),
    ...(input('min-severity') === '' ? {} : { minSeverity: oneOf('min-severity', input('min-severity'), SEVERITIES) }),
    comment: booleanInput('comment', input('comment'), true),
    commentDetails: booleanInput('comment-details', input('comment-details'), false),
    commentKey,
    suggestions: booleanInput('suggestions', input('suggestions'), true),
    suggestionsMax: countInput('suggestions-max', input('suggestions-max'), DEFAULT_SUGGESTIONS_MAX),
    annotations: annotationMode(input('annotations')),
    filterMode: oneOf('filter-mode', input('filter-mode') || 'added', FILTER_MODES),
    ...(input('fail-on-scope') === '' ? {} : { failOnScope: oneOf('fail-on-scope', input('fail-on-scope'), ['new', 'all'] as const) }),
    trustPrConfig: booleanInput('trust-pr-config', input('trust-pr-config'), false),
    ...(input('baseline') === '' ? {} : { baseline: resolve(workspace, input('baseline')) }),
    ...(sarifFile === '' ? {} : { sarifFile: outputPath(workspace, sarifFile, 'sarif-file', outputRoots) }),
    jsonFile: outputPath(workspace, jsonFile === '' ? join(runnerTemp ?? workspace, defaultJsonName(commentKey)) : jsonFile, 'json-file', outputRoots),
    outputRoots,
    github: githubRun(env),
  };
}

/**
 * `given`, resolved against the workspace, when it lies inside the workspace both as written and
 * as the file system resolves it: a pull request can turn the folder `path` names into a symbolic
 * link to `/` or `$HOME`, and a lexical check alone would then scan (or load packs from) outside
 * the repository. A path that does not exist yet is judged by its deepest existing folder. The
 * result is the real location, expressed under the workspace, so reports name what was read.
 *
 * @throws UsageError naming the input, when it leads outside.
 */
function insideWorkspace(workspace: string, given: string, input: string, what: string): string {
  const full = resolve(workspace, given);
  const realWorkspace = realPathOfDeepest(workspace);
  const real = realPathOfDeepest(full);
  if (!within(workspace, full) || !within(realWorkspace, real)) {
    const link = real === full ? '' : ` (it resolves to ${real} through a symbolic link)`;
    throw new UsageError(`Input '${input}' must ${what} inside the workspace (${workspace}); got '${given}'${link}.`);
  }
  return resolve(workspace, relative(realWorkspace, real));
}

/**
 * A report path: inside the workspace or `RUNNER_TEMP`, as written and as resolved (the write
 * itself refuses any link below the root, see `writeOutputFile`).
 *
 * @throws UsageError naming the input, when it leads elsewhere.
 */
function outputPath(workspace: string, given: string, input: string, roots: readonly string[]): string {
  const full = resolve(workspace, given);
  const root = roots.filter((candidate) => within(candidate, full) && full !== candidate).sort((a, b) => b.length - a.length)[0];
  if (root === undefined || !within(realPathOfDeepest(root), realPathOfDeepest(full))) {
    throw new UsageError(
      `Input '${input}' must name a file inside the workspace (${workspace})${roots.length > 1 ? ` or RUNNER_TEMP (${roots[1]})` : ''}; got '${given}'.`,
    );
  }
  return full;
}

/** True when `path` is `root` or below it (absolute paths, compared lexically). */
function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path`, or of its deepest existing ancestor with the rest appended. A dangling
 * link is followed to where it points (so `reports -> /nowhere/yet` counts as outside); a loop of
 * links gives up after 40 steps, as the kernel does (ELOOP), and yields a path nothing is inside.
 */
function realPathOfDeepest(path: string, depth = 0): string {
  if (depth > 40) return '/\0unresolvable-link-loop';
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    const realParent = realPathOfDeepest(parent, depth + 1);
    const here = join(realParent, basename(path));
    const link = readLinkOrUndefined(here);
    return link === undefined ? here : realPathOfDeepest(resolve(realParent, link), depth + 1);
  }
}

function readLinkOrUndefined(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`Input '${name}' must be one of ${allowed.join(', ')}; got '${value}'.`);
}

/** `auto` by default; `true` and `false` are still accepted (they were the first values). */
function annotationMode(value: string): AnnotationMode {
  if (value === '' || ['true', 'True', 'TRUE'].includes(value)) return 'auto';
  if (['false', 'False', 'FALSE'].includes(value)) return 'off';
  if ((ANNOTATION_MODES as readonly string[]).includes(value)) return value as AnnotationMode;
  throw new UsageError(`Input 'annotations' must be one of ${ANNOTATION_MODES.join(', ')}; got '${value}'.`);
}

/**
 * The comment key: as given, else the workflow, job and scanned path, so two Containment steps
 * (or two jobs) keep separate comments. It goes inside an HTML comment, so only characters that
 * cannot end one are kept.
 */
function commentKeyFrom(given: string, env: NodeJS.ProcessEnv, path: string): string {
  const raw = given !== '' ? given : [env.GITHUB_WORKFLOW, env.GITHUB_JOB, path].filter(Boolean).join('/');
  return raw.toLowerCase().replace(/[^a-z0-9._/]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
}

/** One JSON report per step by default, named after the comment key, so two steps do not collide. */
function defaultJsonName(commentKey: string): string {
  const slug = commentKey.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'containment.json' : `containment-${slug}.json`;
}

function githubRun(env: NodeJS.ProcessEnv): GitHubRun {
  const optional = (name: string) => (env[name] ? env[name] : undefined);
  const run: GitHubRun = {
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
  };
  for (const [key, name] of [
    ['repository', 'GITHUB_REPOSITORY'],
    ['runId', 'GITHUB_RUN_ID'],
    ['eventName', 'GITHUB_EVENT_NAME'],
    ['eventPath', 'GITHUB_EVENT_PATH'],
    ['sha', 'GITHUB_SHA'],
  ] as const) {
    const value = optional(name);
    if (value !== undefined) run[key] = value;
  }
  const unit = Number(env.CONTAINMENT_RETRY_BASE_MS);
  if (env.CONTAINMENT_RETRY_BASE_MS && Number.isFinite(unit) && unit >= 0) run.retryUnitMs = unit;
  return run;
}

/**
 * Suggestions one run posts by default: a review with more is a wall nobody reads, and every
 * finding is in the comment anyway.
 */
export const DEFAULT_SUGGESTIONS_MAX = 20;

/** A whole number from 0 to 100 (GitHub shows a review's comments one under another; more is noise). */
function countInput(name: string, value: string, fallback: number): number {
  if (value.trim() === '') return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) > 100) throw new UsageError(`Input '${name}' must be a whole number from 0 to 100; got '${value}'.`);
  return Number(value);
}

/** The YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
function booleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UsageError(`Input '${name}' must be 'true' or 'false'; got '${value}'.`);
}

function isFailOn(value: string): value is FailOn {
  return value === 'none' || isSeverity(value);
}
