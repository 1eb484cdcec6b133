import { commandFromWords, inlineScriptIndex, SHELLS, type ShellCommand, splitShellCommands } from '../languages/shell-commands.js';
import type { DockerfileModel, InstructionNode, Span } from './dockerfile-model.js';

/**
 * A command run by a `RUN` instruction, with the line it starts on inside the instruction;
 * `argSpans` are offsets in the Dockerfile's text.
 */
export interface RunCommand extends Omit<ShellCommand, 'offset' | 'end'> {
  /** 0-based line offset from the instruction's first line. */
  line: number;
}

/** What `runCommands` reads of an instruction: a `RUN`, or the `RUN` an `ONBUILD` wraps. */
export type RunInstruction = Pick<InstructionNode, 'start' | 'end' | 'args' | 'form' | 'heredocs'>;

/**
 * The commands one `RUN` runs. Exec form is one command (and, for `["sh", "-c", "…"]`, the
 * commands of its script). Shell form is what Docker hands to the shell: the instruction's first
 * logical line (continued lines joined, comment lines inside them dropped) followed by the lines
 * after it, which hold the heredoc bodies; each body is the standard input of the command that
 * carries its `<<MARKER`, so it is a script when that command is a shell (`sh <<EOF`,
 * `cat <<EOF | bash`). A RUN made only of heredocs (`RUN <<EOF`) runs each body as its script,
 * unless its `#!` line names another interpreter
 * (https://docs.docker.com/reference/dockerfile/#here-documents).
 */
export function runCommands(model: DockerfileModel, instruction: RunInstruction): RunCommand[] {
  const firstLine = model.lines.linePos(instruction.start).line;
  const lineOf = (offset: number): number => model.lines.linePos(offset).line - firstLine;
  const at = (command: ShellCommand, map: (offset: number) => number): RunCommand => {
    const run: RunCommand = { name: command.name, args: command.args, sudo: command.sudo, line: lineOf(map(command.offset)) };
    // A word's last character maps back, not its end: a continued line's join lies in between.
    if (command.argSpans) run.argSpans = command.argSpans.map((span) => ({ start: map(span.start), end: map(span.end - 1) + 1 }));
    if (command.pipedTo !== undefined) run.pipedTo = command.pipedTo;
    if (command.pipeline !== undefined) run.pipeline = command.pipeline;
    if (command.env !== undefined) run.env = command.env;
    return run;
  };
  // With "# escape=`", backslashes are Windows paths, not shell escapes.
  const options = { literalBackslash: model.escapeChar !== '\\' };
  if (instruction.form === 'json') {
    const words = instruction.args.map((arg) => arg.value);
    const command = commandFromWords(words, 0);
    if (!command) return [];
    const commands = [at(command, () => instruction.args[0]?.start ?? instruction.start)];
    const inline = inlineScriptIndex(command.name, command.args);
    const argument = inline === undefined ? undefined : instruction.args[words.length - command.args.length + inline];
    if (inline !== undefined && argument) {
      // `["/bin/sh", "-c", "wget -qO- … | sh"]`: the string is a script; shown on its line.
      for (const inner of splitShellCommands(command.args[inline]!, options)) commands.push(at(inner, () => argument.start));
    }
    return commands;
  }
  const start = instruction.args[0]?.start ?? instruction.end;
  const joined = joinContinuedLines(model, { start, end: instruction.end });
  if (instruction.heredocs.length && splitShellCommands(blankHeredocMarkers(joined.text), options).length === 0) {
    const commands: RunCommand[] = [];
    for (const heredoc of instruction.heredocs) {
      if (!heredoc.content) continue;
      const body = model.text.slice(heredoc.content.start, heredoc.content.end);
      if (!isShellScript(body)) continue;
      const base = heredoc.content.start;
      for (const command of splitShellCommands(body, options)) commands.push(at(command, (offset) => base + offset));
    }
    return commands;
  }
  let script = joined.text;
  let source = joined.source;
  if (instruction.heredocs.length) {
    // The heredoc bodies follow the first logical line, as the shell reads them.
    const rest = model.text.indexOf('\n', joined.source(Math.max(joined.text.length - 1, 0))) + 1;
    if (rest > 0 && rest < instruction.end) {
      const head = joined.text.length;
      script = `${joined.text}\n${model.text.slice(rest, instruction.end)}`;
      source = (offset) => (offset <= head ? joined.source(Math.min(offset, head - 1)) : rest + offset - head - 1);
    }
  }
  return splitShellCommands(script, options).map((command) => at(command, source));
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

function isShellScript(body: string): boolean {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(body);
  if (!shebang) return true;
  const interpreter = basename(shebang[1]!);
  return SHELLS.has(interpreter === 'env' ? basename(shebang[2] ?? '') : interpreter);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
