import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { isSeverity, SEVERITIES, type Severity } from './engine/severity.js';

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
  /** Absolute; undefined writes to stdout. */
  output?: string;
}

/** `rules`: the built-in rules as a padded table, or as the markdown table the README holds. */
export interface RulesCommand {
  command: 'rules';
  format: 'text' | 'markdown';
}

export type CliSettings = ScanCommand | RulesCommand | { command: 'help' } | { command: 'version' };

/** What the CLI should do, from its arguments (without `node` and the script). */
export function cliSettings(argv: readonly string[], cwd = process.cwd()): CliSettings | UsageError {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs explains unknown options and missing values well; add how to get help.
    return new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command === 'rules') {
    if (rest.length > 0) return new UsageError(`'rules' takes no arguments, got '${rest.join(' ')}'.`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'markdown') return new UsageError(`'rules --format' must be text or markdown; got '${format}'.`);
    return { command: 'rules', format };
  }
  if (command !== 'scan') return new UsageError(`Unknown command '${command}'. Use 'scan' or 'rules'.`);
  if (rest.length > 1) return new UsageError(`'scan' takes one folder, got ${rest.length}: ${rest.map((path) => `'${path}'`).join(' ')}.`);

  const format = values.format ?? 'text';
  if (!isFormat(format)) return new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${format}'.`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !isFailOn(failOn)) {
    return new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}; got '${failOn}'.`);
  }
  return {
    command: 'scan',
    root: resolve(cwd, rest[0] ?? '.'),
    format,
    ...(values.config === undefined ? {} : { config: resolve(cwd, values.config) }),
    ...(failOn === undefined ? {} : { failOn }),
    ...(values.output === undefined ? {} : { output: resolve(cwd, values.output) }),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
      'fail-on': { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

/** ANSI colour when writing to a terminal, unless NO_COLOR is set to anything (https://no-color.org). */
export function useColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return isTTY === true && (env.NO_COLOR ?? '') === '';
}

/** The Action's inputs, validated once. */
export interface ActionSettings {
  token: string;
  /** `GITHUB_WORKSPACE` (or the working directory outside a runner), absolute. */
  workspace: string;
  /** The folder to scan, absolute, inside the workspace. */
  root: string;
  config?: string;
  failOn?: FailOn;
  comment: boolean;
  annotations: boolean;
  /** Absolute; undefined when no SARIF file is wanted. */
  sarifFile?: string;
}

/** Reads an input the way `core.getInput` does: '' when unset. */
export type GetInput = (name: string) => string;

/** The Action's settings from its inputs; throws a UsageError naming the input at fault. */
export function actionSettings(getInput: GetInput, env: NodeJS.ProcessEnv = process.env): ActionSettings {
  const input = (name: string) => getInput(name).trim();
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve(workspace, input('path') || '.');
  const fromWorkspace = relative(workspace, root);
  if (fromWorkspace === '..' || fromWorkspace.startsWith(`..${sep}`) || isAbsolute(fromWorkspace)) {
    throw new UsageError(`Input 'path' must be a folder inside the workspace (${workspace}); got '${input('path')}'.`);
  }
  const failOn = input('fail-on');
  if (failOn !== '' && !isFailOn(failOn)) {
    throw new UsageError(`Input 'fail-on' must be one of ${FAIL_ON_VALUES.join(', ')}; got '${failOn}'.`);
  }
  const config = input('config');
  const sarifFile = input('sarif-file');
  return {
    token: input('token'),
    workspace,
    root,
    ...(config === '' ? {} : { config: resolve(workspace, config) }),
    ...(failOn === '' ? {} : { failOn }),
    comment: booleanInput('comment', input('comment'), true),
    annotations: booleanInput('annotations', input('annotations'), true),
    ...(sarifFile === '' ? {} : { sarifFile: resolve(workspace, sarifFile) }),
  };
}

/** The YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
function booleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UsageError(`Input '${name}' must be 'true' or 'false'; got '${value}'.`);
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function isFailOn(value: string): value is FailOn {
  return value === 'none' || isSeverity(value);
}
