import { commandFromWords, type ShellCommand, splitShellCommands } from '../languages/shell-commands.js';
import type { DockerfileModel, InstructionNode, Span } from './dockerfile-model.js';

/**
 * A command run by a `RUN` instruction, with the line it starts on inside the instruction;
 * `argSpans` are offsets in the Dockerfile's text.
 */
export interface RunCommand extends Omit<ShellCommand, 'offset'> {
  /** 0-based line offset from the instruction's first line. */
  line: number;
}

/** Shells that run a heredoc fed to their standard input as a script. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/**
 * The commands one `RUN` runs. Exec form is one command. Shell form is the instruction's text with
 * continued lines joined and comment lines inside them dropped, as Docker hands it to the shell.
 * A heredoc's body is a script when it is the whole command (`RUN <<EOF`) or fed to a shell
 * (`RUN bash <<EOF`), unless its `#!` line names another interpreter
 * (https://docs.docker.com/reference/dockerfile/#here-documents); otherwise it is data.
 */
export function runCommands(model: DockerfileModel, instruction: InstructionNode): RunCommand[] {
  const firstLine = model.lines.linePos(instruction.start).line;
  const lineOf = (offset: number): number => model.lines.linePos(offset).line - firstLine;
  const at = (command: ShellCommand, map: (offset: number) => number): RunCommand => {
    const run: RunCommand = { name: command.name, args: command.args, sudo: command.sudo, line: lineOf(map(command.offset)) };
    // A word's last character maps back, not its end: a continued line's join lies in between.
    if (command.argSpans) run.argSpans = command.argSpans.map((span) => ({ start: map(span.start), end: map(span.end - 1) + 1 }));
    if (command.pipedTo !== undefined) run.pipedTo = command.pipedTo;
    if (command.env !== undefined) run.env = command.env;
    return run;
  };
  if (instruction.form === 'json') {
    const command = commandFromWords(
      instruction.args.map((arg) => arg.value),
      0,
    );
    return command ? [at(command, () => instruction.args[0]?.start ?? instruction.start)] : [];
  }
  const start = instruction.args[0]?.start ?? instruction.end;
  const joined = joinContinuedLines(model, { start, end: instruction.end });
  const script = instruction.heredocs.length ? blankHeredocMarkers(joined.text) : joined.text;
  // With "# escape=`", backslashes are Windows paths, not shell escapes.
  const options = { literalBackslash: model.escapeChar !== '\\' };
  const head = splitShellCommands(script, options);
  const commands = head.map((command) => at(command, joined.source));
  if (!readsHeredocAsScript(head)) return commands;
  for (const heredoc of instruction.heredocs) {
    if (!heredoc.content) continue;
    const body = model.text.slice(heredoc.content.start, heredoc.content.end);
    if (!isShellScript(body)) continue;
    const base = heredoc.content.start;
    for (const command of splitShellCommands(body, options)) commands.push(at(command, (offset) => base + offset));
  }
  return commands;
}

/**
 * Joins an instruction's continued lines the way Docker's parser does: an escape character at a
 * line's end (trailing blanks allowed) continues it; comment and empty lines inside a continued
 * instruction are removed. `source` maps an offset in the joined text back to the file.
 */
function joinContinuedLines(model: DockerfileModel, span: Span): { text: string; source: (offset: number) => number } {
  const { text: file, escapeChar } = model;
  let text = '';
  const offsets: number[] = [];
  const continuation = continuationOf(escapeChar);
  let position = span.start;
  let first = true;
  while (position < span.end) {
    let lineEnd = file.indexOf('\n', position);
    if (lineEnd < 0 || lineEnd > span.end) lineEnd = span.end;
    const line = file.slice(position, lineEnd).replace(/\r$/, '');
    const trimmed = line.trim();
    if (first || (trimmed !== '' && !trimmed.startsWith('#'))) {
      const continued = continuation.exec(line);
      const kept = continued ? line.slice(0, continued.index) : line;
      for (let i = 0; i < kept.length; i++) offsets.push(position + i);
      text += kept;
      if (!continued) break;
    }
    first = false;
    position = lineEnd + 1;
  }
  const source = (offset: number): number => offsets[offset] ?? offsets[offsets.length - 1] ?? span.start;
  return { text, source };
}

const CONTINUATIONS = new Map<string, RegExp>();

/** A line continued with the escape character (trailing blanks allowed). */
function continuationOf(escapeChar: string): RegExp {
  let continuation = CONTINUATIONS.get(escapeChar);
  if (!continuation) {
    continuation = new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`);
    CONTINUATIONS.set(escapeChar, continuation);
  }
  return continuation;
}

function escapeRegExp(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** `<<EOF`, `<<-EOF`, `<<"EOF"`: replaced by blanks of the same length so offsets still map. */
function blankHeredocMarkers(text: string): string {
  return text.replace(/<<-?\s*(["']?)[A-Za-z0-9_.-]+\1/g, (marker) => ' '.repeat(marker.length));
}

function readsHeredocAsScript(head: ShellCommand[]): boolean {
  if (head.length === 0) return true;
  const [only] = head;
  return head.length === 1 && only !== undefined && SHELLS.has(basename(only.name)) && only.args.every((arg) => arg.startsWith('-'));
}

function isShellScript(body: string): boolean {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(body);
  if (!shebang) return true;
  const interpreter = basename(shebang[1]!);
  return SHELLS.has(interpreter === 'env' ? basename(shebang[2] ?? '') : interpreter);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
