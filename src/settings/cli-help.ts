import { COMMANDS, type CommandName, type CommandSpec, GLOBAL_FLAGS } from './cli-flags.js';

/** `--help` text, made from the command table so that help and parser cannot disagree. */

/** `containment --help`: every command in one line each. */
export function formatHelp(tool: { name: string; version: string; informationUri: string }): string {
  const width = Math.max(...Object.entries(COMMANDS).map(([name, spec]) => `${name} ${spec.args}`.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, spec]) => wrap(`  containment ${`${name} ${spec.args}`.padEnd(width)}`, spec.summary));
  return [
    `${tool.name} ${tool.version}: judges Compose files, Dockerfiles and GitHub workflows against Docker's security guidance.`,
    '',
    'Usage:',
    ...lines,
    '  containment --help | --version',
    '',
    "Each command accepts only its own flags; 'containment help COMMAND' (or 'containment COMMAND --help') lists them.",
    '',
    'Exit status: 0 nothing reaches --fail-on, 1 something does, 2 a usage or configuration error.',
    `More: ${tool.informationUri}`,
    '',
  ].join('\n');
}

/** `containment scan --help`: the command's usage and every flag it accepts. */
export function formatCommandHelp(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const rows = Object.entries({ ...spec.flags, help: GLOBAL_FLAGS['help']! }).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : '    ';
    const value = flag.type === 'boolean' ? '' : ` ${flag.values ? flag.values.join('|') : (flag.placeholder ?? 'VALUE')}`;
    return [`  ${short}--${name}${value}`, flag.help] as const;
  });
  const width = Math.min(Math.max(...rows.map(([left]) => left.length)) + 2, 34);
  return [
    `Usage: containment ${command}${spec.args ? ` ${spec.args}` : ''}${Object.keys(spec.flags).length ? ' [options]' : ''}`,
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    '',
    'Options:',
    ...rows.map(([left, help]) => (left.length + 2 > width ? `${left}\n${wrap(' '.repeat(width), help)}` : wrap(left.padEnd(width), help))),
    '',
  ].join('\n');
}

/** `left` then `text` wrapped at 100 columns, continuation lines indented under the text. */
function wrap(left: string, text: string, columns = 100): string {
  const lines: string[] = [];
  let line = left;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > columns && line.trim() !== '' && line.length > left.length) {
      lines.push(line);
      line = ' '.repeat(left.length);
    }
    line += line.length > left.length ? ` ${word}` : word;
  }
  return [...lines, line].join('\n');
}
