import { parseArgs } from 'node:util';
import { closestName } from '../core/closest-name.js';
import { FRAMEWORKS } from '../core/frameworks.js';
import { SEVERITIES } from '../core/severity.js';
import { FIX_COMMAND } from './fix-flags.js';

/**
 * The command line's grammar as data: every command, the flags it accepts and what they mean. The
 * parser, the usage errors and `--help` are all made from this one table, so a flag cannot be
 * accepted without being documented, nor documented for a command that ignores it.
 */

/** One flag. `values`, when given, is the whole set of accepted values (checked, and shown in help). */
export interface FlagSpec {
  short?: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** The value's placeholder in help (`FILE`, `DIR`), when `values` does not list them. */
  placeholder?: string;
  values?: readonly string[];
  help: string;
}

export interface CommandSpec {
  /** The arguments after the command name, as help shows them: `[path]`, `RULE-ID`. */
  args: string;
  summary: string;
  flags: Readonly<Record<string, FlagSpec>>;
}

const pack: FlagSpec = { type: 'string', multiple: true, placeholder: 'DIR', help: 'also use the custom pack in DIR (repeatable)' };
const config: FlagSpec = { short: 'c', type: 'string', placeholder: 'FILE', help: 'config file (default: .github/containment.yml under path, if present)' };

export const COMMANDS = {
  scan: {
    args: '[path]',
    summary: 'scan a folder (default: the current one), or one file in its folder, and judge what it finds',
    flags: {
      format: { short: 'f', type: 'string', values: ['text', 'json', 'sarif'], help: 'output format (default: text)' },
      config,
      'fail-on': {
        type: 'string',
        values: [...SEVERITIES, 'none'],
        help: "exit 1 when a finding is at least this severe (default: the config file's fail-on, else high)",
      },
      'min-severity': {
        type: 'string',
        values: [...SEVERITIES],
        help: "list findings at least this severe; the rest are counted (default: the config file's min-severity, else low; never changes the exit code)",
      },
      output: { short: 'o', type: 'string', placeholder: 'FILE', help: 'write the report to FILE (its folder is created) instead of stdout' },
      baseline: { type: 'string', placeholder: 'FILE', help: "report the findings FILE records as suppressed (see 'baseline')" },
      changed: { type: 'boolean', help: 'judge only what the working tree changed since --base: findings are new or existing, and only new ones fail' },
      base: { type: 'string', placeholder: 'REV', help: 'with --changed: compare with REV (default: the merge base with origin/HEAD, else HEAD)' },
      'fail-on-scope': { type: 'string', values: ['new', 'all'], help: 'with --changed: fail on new findings only (default) or on all' },
      all: { type: 'boolean', help: 'with --changed: list the findings that were already there too (by default only new ones are listed)' },
      pack,
    },
  },
  baseline: {
    args: '[path]',
    summary: "record today's findings, so that later scans report only new ones",
    flags: {
      config,
      output: { short: 'o', type: 'string', placeholder: 'FILE', help: 'write the baseline to FILE (its folder is created) instead of stdout' },
      pack,
    },
  },
  inventory: {
    args: '[path]',
    summary: 'list every image (registry, tag, digest, pinned or not) and container (user, privileged, Docker socket, host namespaces)',
    flags: { format: { short: 'f', type: 'string', values: ['text', 'json', 'markdown'], help: 'output format (default: text)' }, config, pack },
  },
  rules: {
    args: '',
    summary: 'list the rules, or the framework controls they check',
    flags: {
      format: {
        short: 'f',
        type: 'string',
        values: ['text', 'markdown', 'equivalents'],
        help: 'a padded table, the markdown table the README holds, or docs/equivalents.md (hadolint, BuildKit, Checkov, KICS) (default: text)',
      },
      framework: { type: 'string', values: Object.keys(FRAMEWORKS), help: 'list the controls of this framework and the rules that check each' },
      pack,
    },
  },
  explain: { args: 'RULE-ID', summary: "a rule's documentation: why, examples, how to fix", flags: { pack } },
  docs: {
    args: '',
    summary: "write every rule's documentation page into a folder",
    flags: { out: { type: 'string', placeholder: 'DIR', help: 'the folder to write (required; created if missing)' }, pack },
  },
  'test-pack': { args: 'DIR', summary: "run a custom pack's embedded examples; every rule needs a failing and a passing one", flags: {} },
  subjects: {
    args: '',
    summary: "what rules judge: every subject type's value shape",
    flags: { format: { short: 'f', type: 'string', values: ['markdown', 'json'], help: 'docs/subjects.md, or the JSON Schemas (default: markdown)' } },
  },
  fix: FIX_COMMAND,
  help: { args: '[command]', summary: 'this help, or the flags of one command', flags: {} },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Flags every command accepts. */
export const GLOBAL_FLAGS: Readonly<Record<string, FlagSpec>> = {
  help: { short: 'h', type: 'boolean', help: 'show the help of the command (or of all commands)' },
  // -V as commander and most CLIs spell it; -v kept because earlier versions documented it.
  version: { short: 'V', type: 'boolean', help: 'print the version' },
};

/** A flag's value after parsing: a string, `true`, or every value of a repeatable flag. */
export type FlagValue = string | boolean | string[];

/** The command line, split and checked against the command's own flags. */
export interface CommandLine {
  command: CommandName;
  /** Flags by long name, values checked against `values` where the table lists them. */
  flags: Record<string, FlagValue>;
  positionals: string[];
  help: boolean;
  version: boolean;
}

/** A command line that cannot be used: the message says what to write instead. */
export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

/**
 * Splits `argv` (without `node` and the script) into a command, its flags and its arguments.
 * Every flag must belong to the command (`rules --fail-on high` is an error naming the flags
 * `rules` takes), a string flag needs a value, a boolean flag takes none, and a flag with a fixed
 * set of values takes one of them. Throws a CommandLineError.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  // Tokenize with every flag any command knows (each name has one type everywhere), then judge
  // each token against the command's own table: parseArgs's strict mode knows only one table.
  // `-v` (an older spelling of -V) is left out of the table: unknown to parseArgs, it becomes a token named `v`.
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const spec of [GLOBAL_FLAGS, ...Object.values(COMMANDS).map((command) => command.flags as Record<string, FlagSpec>)]) {
    for (const [name, flag] of Object.entries(spec)) {
      options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) };
    }
  }
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const positionals = tokens.flatMap((token) => (token.kind === 'positional' ? [token.value] : []));
  const [first, ...rest] = positionals;
  const help = tokens.some((token) => token.kind === 'option' && token.name === 'help');
  const version = tokens.some((token) => token.kind === 'option' && (token.name === 'version' || token.name === 'v'));
  if (first !== undefined && !(first in COMMANDS)) {
    const near = closestName(first, Object.keys(COMMANDS));
    throw new CommandLineError(`unknown command '${first}'${near ? `; did you mean '${near}'?` : '.'} Commands: ${commandList()} (see 'containment --help').`);
  }
  const command = (first ?? 'help') as CommandName;
  const own: Readonly<Record<string, FlagSpec>> = COMMANDS[command].flags;
  const flags: Record<string, FlagValue> = {};
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name in GLOBAL_FLAGS || token.name === 'v') continue;
    const spec = own[token.name];
    if (!spec) throw new CommandLineError(unknownFlag(command, token.rawName, token.name));
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new CommandLineError(`${token.rawName} takes no value; write ${token.rawName} alone.`);
      flags[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-'))) {
      throw new CommandLineError(`${flagName(token.name)} needs a value${spec.values ? ` (one of ${spec.values.join(', ')})` : ` (${spec.placeholder ?? 'VALUE'})`}; to pass one that starts with '-', write ${flagName(token.name)}=VALUE.`);
    }
    if (spec.values && !spec.values.includes(value)) {
      throw new CommandLineError(`${flagName(token.name)} must be one of ${spec.values.join(', ')}; got '${value}'.`);
    }
    if (spec.multiple) flags[token.name] = [...((flags[token.name] as string[] | undefined) ?? []), value];
    else flags[token.name] = value;
  }
  return { command, flags, positionals: first === undefined ? [] : rest, help, version };
}

/**
 * One line: the flag, then the closest flag the command accepts (`--formt` → `--format`) or, when
 * none is close, the commands it belongs to and the flags this one accepts.
 */
function unknownFlag(command: CommandName, raw: string, name: string): string {
  const own = [...Object.keys(COMMANDS[command].flags), ...Object.keys(GLOBAL_FLAGS)];
  const owners = (Object.keys(COMMANDS) as CommandName[]).filter((other) => name in COMMANDS[other].flags);
  const near = name.length > 1 && owners.length === 0 ? closestName(name, own) : undefined;
  if (near) return `'${command}' does not accept ${raw}; did you mean ${flagName(near)}? See 'containment ${command} --help'.`;
  const elsewhere = owners.length ? ` ${flagName(name)} belongs to ${owners.join(', ')}.` : '';
  return `'${command}' does not accept ${raw}.${elsewhere} '${command}' accepts ${flagList(command)}; see 'containment ${command} --help'.`;
}

/** `--format, --pack, --help`: what a command accepts, for hints. */
function flagList(command: CommandName): string {
  return [...Object.keys(COMMANDS[command].flags), 'help'].map(flagName).join(', ');
}

function flagName(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

function commandList(): string {
  const names = Object.keys(COMMANDS);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
