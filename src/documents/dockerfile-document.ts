import { Arg, type Instruction } from 'dockerfile-ast';
import { joinPointer } from '../core/json-pointer.js';
import type { Problem, Range, SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import { LineIndex, rangeAt } from '../core/text-lines.js';
import type { CommandValue } from '../subjects/command.js';
import { collectGlobalArgs } from '../subjects/dockerfile-args.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { runCommands } from './dockerfile-commands.js';
import { locatableModel, locateInDockerfile } from './dockerfile-locate.js';
import { buildDockerfileModel, type DockerfileModel, type InstructionNode, KNOWN_KEYWORDS } from './dockerfile-model.js';
import { pulledImageSubjects } from './dockerfile-pulled-images.js';
import { readStages, type StageNode, stageFacts } from './dockerfile-stages.js';

/** The value of the `dockerfile` subject: facts about the file as a whole. */
export interface DockerfileFacts {
  /** Parser directives from the leading comment lines, e.g. `# syntax=docker/dockerfile:1`. */
  directives: { syntax?: string; escape?: string; check?: string };
  stageCount: number;
  /** Index of the stage `docker build` produces when no `--target` is given: the last one. */
  finalStage: number;
}


/** The file's first character, or the empty start of a file whose first line is empty. */
function firstCharacter(text: string): Range {
  const empty = text === '' || text[0] === '\n' || text[0] === '\r';
  return { start: { line: 1, column: 1 }, end: { line: 1, column: empty ? 1 : 2 } };
}

/**
 * Parses a Dockerfile into its document: one `dockerfile` subject, one `dockerfile.stage` and
 * (unless it starts from `scratch` or an earlier stage) one `image` subject per stage, and one
 * `command` subject per command of every `RUN`. Pointers address `/instructions/N` (every
 * instruction in file order), `/stages/S` and `/directives/NAME`; see `locateInDockerfile`.
 * Never throws: what cannot be read becomes a located `parse-error` problem.
 */
export function parseDockerfile(path: string, text: string): SourceDocument {
  const subjects: Subject[] = [];
  const problems: Problem[] = [];
  const lines = new LineIndex(text);
  let locate = (_pointer: string, _lineOffset?: number): Range => rangeAt(text, lines, 0, 0);
  const document: SourceDocument = {
    kind: 'dockerfile',
    path,
    text,
    subjects,
    problems,
    locate: (pointer, lineOffset) => locate(pointer, lineOffset),
  };
  if (text.includes('\0')) {
    problems.push({
      ruleId: 'parse-error',
      message: 'This file named like a Dockerfile is binary (it contains NUL bytes), so it was not checked.',
      range: firstCharacter(text),
    });
    return document;
  }
  let model: DockerfileModel;
  try {
    model = buildDockerfileModel(text);
  } catch (error) {
    problems.push(unreadable(error, firstCharacter(text)));
    return document;
  }
  let stages: StageNode[] = [];
  try {
    const initial = model.instructions.slice(0, firstFrom(model));
    const args = collectGlobalArgs(
      initial
        .filter((instruction) => instruction.keyword === 'ARG')
        .flatMap((instruction) => globalArgDeclarations(instruction.ast)),
    );
    stages = readStages(model, args);
    const froms = stages.map((stage) => stage.from.index);
    const locatable = locatableModel(model);
    document.syntax = locatable;
    locate = (pointer, lineOffset) => {
      try {
        return locateInDockerfile(locatable, froms, pointer, lineOffset);
      } catch {
        return rangeAt(text, lines, 0, 0);
      }
    };
    problems.push(...instructionProblems(model, initial.length, document));
    if (stages.length === 0) {
      problems.push({
        ruleId: 'parse-error',
        message:
          'This Dockerfile has no FROM instruction, so Docker cannot build it and it was not checked. Start the build with `FROM <image>` (only ARG lines may come before it).',
        range: document.locate(''),
      });
      return document;
    }
    subjects.push(...dockerfileSubjects(document, model, stages), ...pulledImageSubjects(document, stages, args));
  } catch (error) {
    subjects.length = 0;
    problems.push(unreadable(error, document.locate('')));
  }
  return document;
}

function unreadable(error: unknown, range: Range): Problem {
  // The error's kind only: its message could quote the file.
  const reason = error instanceof Error ? error.name : typeof error;
  return {
    ruleId: 'parse-error',
    message: `Containment could not read this Dockerfile (an internal ${reason}), so nothing in it was checked. Please report this as a bug.`,
    range,
  };
}

function firstFrom(model: DockerfileModel): number {
  const index = model.instructions.findIndex((instruction) => instruction.keyword === 'FROM');
  return index < 0 ? model.instructions.length : index;
}

function globalArgDeclarations(ast: Instruction): Array<{ name: string; value: string | null }> {
  if (!(ast instanceof Arg)) return [];
  return ast.getProperties().map((property) => ({ name: property.getName(), value: property.getValue() }));
}

const KNOWN_LIST = [...KNOWN_KEYWORDS].sort().join(', ');

/** Docker refuses to build a file with an unknown instruction, or anything but ARG before FROM. */
function instructionProblems(model: DockerfileModel, initialCount: number, document: SourceDocument): Problem[] {
  const problems: Problem[] = [];
  for (const instruction of model.instructions) {
    // Located only for a problem: most instructions have none.
    const keywordAt = (): Range => document.locate(joinPointer('/instructions', instruction.index, 'keyword'));
    if (!KNOWN_KEYWORDS.has(instruction.keyword)) {
      problems.push({
        ruleId: 'parse-error',
        // The word itself is not quoted: a file that does not parse may hold anything, a credential too.
        message: `The first word of this line is not a Dockerfile instruction, so Docker will refuse to build this file. Write one of ${KNOWN_LIST}; if this line belongs to the instruction above, end that line with "${model.escapeChar}" to continue it.`,
        range: keywordAt(),
      });
    } else if (instruction.index < initialCount && instruction.keyword !== 'ARG' && initialCount < model.instructions.length) {
      problems.push({
        ruleId: 'parse-error',
        message: `${instruction.keyword} comes before the first FROM, where Docker accepts only ARG, so it will refuse to build this file. Move it below a FROM line.`,
        range: keywordAt(),
      });
    }
  }
  return problems;
}

function dockerfileSubjects(document: SourceDocument, model: DockerfileModel, stages: StageNode[]): Subject[] {
  const directives: DockerfileFacts['directives'] = {};
  for (const directive of model.directives) {
    if (directive.name === 'syntax' || directive.name === 'escape' || directive.name === 'check') {
      directives[directive.name] ??= directive.value;
    }
  }
  const finalStage = stages.length - 1;
  const facts: DockerfileFacts = { directives, stageCount: stages.length, finalStage };
  const subjects: Subject[] = [
    {
      type: 'dockerfile',
      name: document.path,
      document,
      pointer: '',
      value: facts,
      anchors: [{ path: '/finalStage', pointer: joinPointer('/stages', finalStage) }],
    },
  ];
  const values = stageFacts(stages);
  for (const stage of stages) {
    const pointer = joinPointer('/stages', stage.index);
    const facts = values[stage.index]!;
    subjects.push({ type: 'dockerfile.stage', name: stage.label, document, pointer, value: facts.value, anchors: facts.anchors });
    if (stage.fromStage === undefined && stage.image !== '' && stage.image.toLowerCase() !== 'scratch') {
      subjects.push({ type: 'image', name: stage.label, document, pointer, value: parseImageRef(stage.image, 'dockerfile-from') });
    }
    subjects.push(...commandSubjects(document, model, stage));
  }
  return subjects;
}

/**
 * Named `<stage>/RUN <n>/<program>` (`<stage>/ONBUILD RUN <n>/<program>` for a trigger, which runs
 * in every build that starts from this image): logical, so fingerprints survive edits above them.
 */
function commandSubjects(document: SourceDocument, model: DockerfileModel, stage: StageNode): Subject[] {
  const subjects: Subject[] = [];
  for (const onbuild of [false, true]) {
    const runs = stage.instructions.filter((instruction) =>
      onbuild ? instruction.keyword === 'ONBUILD' && instruction.trigger?.keyword === 'RUN' : instruction.keyword === 'RUN',
    );
    subjects.push(...runSubjects(document, model, stage, runs, onbuild ? 'ONBUILD RUN' : 'RUN'));
  }
  return subjects;
}

function runSubjects(document: SourceDocument, model: DockerfileModel, stage: StageNode, runs: InstructionNode[], label: string): Subject[] {
  const subjects: Subject[] = [];
  runs.forEach((run, n) => {
    const pointer = joinPointer('/instructions', run.index);
    const seen = new Map<string, number>();
    for (const command of runCommands(model, run)) {
      const count = (seen.get(command.name) ?? 0) + 1;
      seen.set(command.name, count);
      const value: CommandValue = {
        name: command.name,
        args: command.args,
        ...(command.pipedTo !== undefined ? { pipedTo: command.pipedTo } : {}),
        ...(command.pipeline !== undefined ? { pipeline: command.pipeline } : {}),
        sudo: command.sudo,
        ...(command.env ? { env: command.env } : {}),
        origin: 'dockerfile',
      };
      subjects.push({
        type: 'command',
        name: `${stage.label}/${label} ${n + 1}/${command.name}${count > 1 ? ` (${count})` : ''}`,
        document,
        pointer,
        value,
        anchors: [
          { path: '', pointer, line: command.line },
          ...(command.argSpans ?? []).map((span, i) => ({ path: `/args/${i}`, pointer, range: rangeAt(model.text, model.lines, span.start, span.end) })),
        ],
      });
    }
  });
  return subjects;
}
