import type { DockerfileModel, InstructionNode, Span } from './dockerfile-model.js';

/** An instruction as `locate` and fixes need it: its spans, without dockerfile-ast's object graph. */
export type LocatableInstruction = Omit<InstructionNode, 'ast'>;

/** The part of the model a document keeps for `locate` after its subjects are made. */
export type LocatableModel = Omit<DockerfileModel, 'instructions'> & { instructions: LocatableInstruction[] };

/**
 * Keeps only spans: a document lives until the report is written, and dockerfile-ast's objects
 * (with their memoized tokens) cost hundreds of kilobytes per file, most of a large scan's memory.
 */
export function locatableModel(model: DockerfileModel): LocatableModel {
  return { ...model, instructions: model.instructions.map(({ ast: _ast, ...spans }) => spans) };
}

import { parsePointer } from '../core/json-pointer.js';
import type { Range } from '../core/source-document.js';
import { rangeAt } from '../core/text-lines.js';

/**
 * Resolves a pointer into a Dockerfile's source model:
 *
 * - `''` → line 1;
 * - `/instructions/N` → the instruction from its keyword to the end of its first line;
 * - `/instructions/N/keyword`, `/instructions/N/args/K`, `/instructions/N/flags/NAME[/I]`;
 * - `/stages/S` (and anything below it) → the image argument of stage S's `FROM`;
 * - `/directives/NAME` → the parser directive's comment line.
 *
 * A missing node answers with its nearest existing ancestor. With `lineOffset`, the answer is
 * line `offset` (0-based) of the addressed instruction, from its first to its last non-blank
 * character: a command on the third line of a continued `RUN` or inside a heredoc.
 */
export function locateInDockerfile(
  model: LocatableModel,
  stageFroms: readonly number[],
  pointer: string,
  lineOffset?: number,
): Range {
  const at = (span: Span): Range => rangeAt(model.text, model.lines, span.start, span.end);
  const segments = parsePointer(pointer);
  const [head, key, ...rest] = segments;
  let instruction: LocatableInstruction | undefined;
  let span: Span = { start: 0, end: 0 };
  if (head === 'instructions' && key !== undefined) {
    instruction = model.instructions[indexOf(key) ?? -1];
    if (instruction) span = within(instruction, rest);
  } else if (head === 'stages' && key !== undefined) {
    instruction = model.instructions[stageFroms[indexOf(key) ?? -1] ?? -1];
    if (instruction) span = instruction.args[0] ?? instructionSpan(instruction);
  } else if (head === 'directives' && key !== undefined) {
    span = model.directives.find((directive) => directive.name === key) ?? span;
  }
  if (lineOffset !== undefined) {
    const line = lineIn(model, instruction ?? { start: 0, end: model.text.length }, lineOffset);
    if (line) return at(line);
  }
  return at(span);
}

function indexOf(segment: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
}

function instructionSpan(instruction: LocatableInstruction): Span {
  return { start: instruction.keywordSpan.start, end: instruction.firstLineEnd };
}

function within(instruction: LocatableInstruction, segments: string[]): Span {
  const [part, key, sub] = segments;
  if (part === 'keyword') return instruction.keywordSpan;
  if (part === 'args' && key !== undefined) return instruction.args[indexOf(key) ?? -1] ?? instructionSpan(instruction);
  if (part === 'flags' && key !== undefined) {
    const flags = instruction.flags.filter((flag) => flag.name === key);
    return flags[sub === undefined ? 0 : (indexOf(sub) ?? 0)] ?? flags[0] ?? instructionSpan(instruction);
  }
  return instructionSpan(instruction);
}

/** Line `offset` of a span, trimmed to its non-blank characters; undefined when out of the span. */
function lineIn(model: LocatableModel, span: Span, offset: number): Span | undefined {
  if (!Number.isInteger(offset) || offset < 0) return undefined;
  const first = model.lines.linePos(span.start).line;
  const last = model.lines.linePos(Math.max(span.start, span.end - 1)).line;
  const line = first + offset;
  if (line > last) return undefined;
  const lineStart = model.lines.lineStarts[line - 1];
  if (lineStart === undefined) return undefined;
  let lineEnd = model.text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = model.text.length;
  let start = Math.max(lineStart, span.start);
  let end = Math.min(lineEnd, Math.max(span.end, lineStart));
  const blank = (at: number) => /\s/.test(model.text[at]!);
  while (start < end && blank(start)) start++;
  while (end > start && blank(end - 1)) end--;
  // A line continued with the escape character is shown without it.
  if (line < last && end - 1 > start && model.text[end - 1] === model.escapeChar) {
    end--;
    while (end > start && blank(end - 1)) end--;
  }
  return { start, end };
}
