import { posix } from 'node:path';
import { parsePointer } from '../../core/json-pointer.js';
import type { SourceDocument } from '../../core/source-document.js';
import type { LocatableInstruction, LocatableModel } from '../../documents/dockerfile-locate.js';
import { buildDockerfileModel } from '../../documents/dockerfile-model.js';
import { dockerfileSyntax } from '../../documents/syntax-tree.js';
import type { CommandValue } from '../../subjects/command.js';
import type { FixContext, FixOutcome } from './fix-context.js';
import { noFix } from './fix-context.js';

/** Models built for documents that carry none (made by hand), once per document. */
const models = new WeakMap<SourceDocument, LocatableModel | null>();

/**
 * The Dockerfile's instructions with their spans: the parser's (`SourceDocument.syntax`), or built
 * from the text once for a document that carries none.
 */
export function dockerfileModel(document: SourceDocument): LocatableModel | null {
  const parsed = dockerfileSyntax(document);
  if (parsed) return parsed;
  let found = models.get(document);
  if (found === undefined) {
    try {
      found = buildDockerfileModel(document.text);
    } catch {
      found = null;
    }
    models.set(document, found);
  }
  return found;
}

/** The instruction a finding's pointer (`/instructions/N/…`) names. */
function instructionOf(context: FixContext): { model: LocatableModel; instruction: LocatableInstruction } | undefined {
  const [head, index] = parsePointer(context.pointer);
  const built = head === 'instructions' && index !== undefined ? dockerfileModel(context.document) : null;
  const instruction = built?.instructions[Number(index)];
  return built && instruction ? { model: built, instruction } : undefined;
}

/**
 * What a shell-form command line may contain to mean the same without a shell: words of plain
 * characters. Anything else (quotes, variables, globs, redirections, `&&`, a continuation) needs
 * `/bin/sh -c`, and rewriting it would change what runs.
 */
const NO_SHELL_FEATURE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** A word that assigns a variable for the command after it (`NODE_ENV=production node app.js`): POSIX shell, 2.9.1. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Commands the shell runs itself, that no image has as a program of that name: POSIX's special
 * built-ins (Shell Command Language, 2.14) and the regular built-ins that only change the shell
 * (`cd`, `alias`, …), with bash's own. In exec form Docker would look for them on `PATH` and fail.
 */
const SHELL_BUILTINS: ReadonlySet<string> = new Set([
  '.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'times', 'trap', 'unset',
  'alias', 'bg', 'cd', 'command', 'fg', 'getopts', 'hash', 'jobs', 'read', 'ulimit', 'umask', 'unalias', 'wait',
  'builtin', 'declare', 'let', 'local', 'shopt', 'source', 'typeset',
]);

/** `dockerfile-exec-form`: `CMD node server.js` → `CMD ["node", "server.js"]`. */
export function dockerfileExecForm(context: FixContext): FixOutcome {
  const found = instructionOf(context);
  if (found?.instruction.form !== 'shell' || found.instruction.args.length === 0) return noFix('This instruction is not in shell form.');
  const { instruction } = found;
  const text = context.document.text;
  const first = instruction.args[0]!;
  const last = instruction.args[instruction.args.length - 1]!;
  const written = text.slice(first.start, last.end);
  let words = written.split(/[ \t]+/);
  if (!words.every((word) => NO_SHELL_FEATURE.test(word))) {
    return noFix('This command uses shell features (quotes, variables, operators or a line continuation), so it is not rewritten; write the JSON form by hand, or run a script.');
  }
  // `exec node server.js`: the shell's way of making the program PID 1, which exec form does itself.
  if (words[0] === 'exec' && words.length > 1 && !words[1]!.startsWith('-')) words = words.slice(1);
  const program = words[0]!;
  if (ASSIGNMENT.test(program)) {
    return noFix(`\`${program}\` sets a variable for the command, which only a shell does; set it with ENV, then write the JSON form.`);
  }
  if (SHELL_BUILTINS.has(program)) return noFix(`\`${program}\` is built into the shell, with no program of that name to run without one, so this ${instruction.keyword} is not rewritten.`);
  return {
    edits: [{ start: first.start, end: last.end, text: `[${words.map((word) => JSON.stringify(word)).join(', ')}]` }],
    description: `Write this ${instruction.keyword} in exec form (a JSON array), so the program runs without a shell and receives signals.`,
  };
}

/** `command-add-option`: `apt-get install -y x` → `apt-get install -y --no-install-recommends x`. */
export function commandAddOption(context: FixContext): FixOutcome {
  const found = instructionOf(context);
  if (found?.instruction.keyword !== 'RUN' || found.instruction.form !== 'shell' || found.instruction.heredocs.length) {
    return noFix('This command is not in a shell-form RUN, so no edit is proposed.');
  }
  const command = context.subject.value as CommandValue;
  const option = String(context.params['option']);
  const after = new Set(context.params['after'] as string[]);
  const at = command.args.findIndex((arg) => after.has(arg));
  if (at < 0) return noFix(`The ${command.name} command has none of ${[...after].map((word) => `\`${word}\``).join(', ')}, so no edit is proposed.`);
  const end = argumentEnd(context, found.model, found.instruction, at);
  if (end === null) return noFix(`The ${command.name} command's \`${command.args[at]}\` could not be placed in this RUN, so no edit is proposed.`);
  if (end !== undefined) return added(end, option, command.name, command.args[at]!);
  return noFix(`The ${command.name} command's words could not be placed in this RUN (quoting or escapes the shell parser could not map back), so no edit is proposed.`);
}

/**
 * Where the command's argument `index` ends in the Dockerfile's text, from the place the shell
 * parser found it (the subject's `/args/N` anchor, `dockerfileSubjects`), when it found one inside
 * this instruction. Each command is then edited at its own word, even when the same words are
 * written twice in one RUN (`apt-get install -y curl; true; apt-get install -y curl`), or glued to
 * an operator (`curl;`), where words alone cannot tell the commands apart. Undefined when the
 * parser placed no word, null when the place is outside the instruction's arguments or does not
 * hold the word: no edit is made either way. (Looking the words up among the RUN's own words
 * instead wrote `-y` inside `sh -c apt-get\ install\ a3`'s escaped script, found by a review
 * helper, issue #17's session.)
 */
function argumentEnd(context: FixContext, model: LocatableModel, instruction: LocatableInstruction, index: number): number | null | undefined {
  const anchor = context.subject.anchors?.find((candidate) => candidate.path === `/args/${index}` && (candidate.document ?? context.subject.document) === context.document);
  if (!anchor?.range) return undefined;
  const start = model.lines.offset(anchor.range.start.line, anchor.range.start.column);
  const end = model.lines.offset(anchor.range.end.line, anchor.range.end.column);
  const first = instruction.args[0];
  const last = instruction.args[instruction.args.length - 1];
  if (!first || !last || start < first.start || end > last.end) return null;
  // What is written there must be the word, quoting and line continuations aside: an edit placed
  // by a wrong span would land in another command or inside a word, and still be labelled safe.
  const written = context.document.text.slice(start, end);
  return unquotedWord(written) === unquotedWord((context.subject.value as CommandValue).args[index]!) ? end : null;
}

/** A word without quotes, escape characters and line continuations, to compare a written word with its value. */
function unquotedWord(text: string): string {
  return text.replace(/[\\`]\r?\n/g, '').replace(/["'\\`]/g, '');
}

/** The edit that writes ` option` at `end`, right after the command's word `word`. */
function added(end: number, option: string, name: string, word: string): FixOutcome {
  return { edits: [{ start: end, end, text: ` ${option}` }], description: `Add \`${option}\` to \`${name} ${word}\`.` };
}

/** `dockerfile-run-append`: ends the RUN with `&& command`, so its clean-up lands in the same layer. */
export function dockerfileRunAppend(context: FixContext): FixOutcome {
  const found = instructionOf(context);
  const instruction = found?.instruction;
  if (instruction?.keyword !== 'RUN' || instruction.form !== 'shell' || instruction.heredocs.length || !instruction.args.length) {
    return noFix('This RUN is not a shell-form command line (exec form or heredoc), so no edit is proposed.');
  }
  const end = instruction.args[instruction.args.length - 1]!.end;
  const text = context.document.text;
  if (/[&|;\\]$/.test(text.slice(instruction.start, end).trimEnd())) return noFix('This RUN ends with an operator, so no command is appended.');
  // A `#` may start a shell comment that would swallow the appended command.
  if (text.slice(instruction.start, end).includes('#')) return noFix('This RUN has a `#`, which may start a shell comment, so no command is appended.');
  const command = String(context.params['command']);
  return { edits: [{ start: end, end, text: ` && ${command}` }], description: `End this RUN with \`&& ${command}\`.` };
}

/** Flags COPY accepts (https://docs.docker.com/reference/dockerfile/#copy); ADD with any other flag stays ADD. */
const COPY_FLAGS = new Set(['from', 'chown', 'chmod', 'link', 'parents', 'exclude']);

/** The archives ADD unpacks (https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives). */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|Z))$/i;

/** `dockerfile-replace-keyword`: `ADD src/ /app/` → `COPY src/ /app/`, flags and arguments kept. */
export function dockerfileReplaceKeyword(context: FixContext): FixOutcome {
  const found = instructionOf(context);
  if (!found) return noFix('This instruction could not be found.');
  const keyword = String(context.params['keyword']);
  const { instruction } = found;
  const refused = instruction.flags.find((flag) => keyword === 'COPY' && !COPY_FLAGS.has(flag.name));
  if (refused) return noFix(`COPY has no \`--${refused.name}\` flag, so this ${instruction.keyword} is not rewritten.`);
  if (keyword === 'COPY' && instruction.keyword === 'ADD') {
    // ADD unpacks a local tar archive and downloads a URL; COPY does neither. Every source (not
    // only the one the rule judged) must be a plain local path for the two to do the same.
    const sources = instruction.args.slice(0, -1).map((arg) => arg.value);
    const unlike = sources.find((source) => source.includes('$') || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source) || ARCHIVE.test(source));
    if (unlike !== undefined) return noFix(`ADD ${unlike} may download or unpack where COPY would not, so this ADD is not rewritten.`);
  }
  const written = context.document.text.slice(instruction.keywordSpan.start, instruction.keywordSpan.end);
  const replacement = written === written.toLowerCase() ? keyword.toLowerCase() : keyword;
  return { edits: [{ ...instruction.keywordSpan, text: replacement }], description: `Write \`${keyword}\` instead of \`${instruction.keyword}\`, with the same arguments.` };
}

/**
 * `dockerfile-workdir-absolute`: `WORKDIR app` → `WORKDIR /app`, resolved against the stage's
 * earlier WORKDIRs as Docker resolves it; `/` when the stage set none (the base image's own
 * WORKDIR is not known here, which the rule's `check` asks the reviewer to confirm).
 */
export function dockerfileWorkdirAbsolute(context: FixContext): FixOutcome {
  const found = instructionOf(context);
  // `ONBUILD WORKDIR child` runs in the downstream build, whose WORKDIR is not known here: `/`.
  const trigger = found?.instruction.keyword === 'ONBUILD' && found.instruction.trigger?.keyword === 'WORKDIR' && found.instruction.args.length === 1;
  if (!found || (!trigger && (found.instruction.keyword !== 'WORKDIR' || found.instruction.args.length !== 1))) return noFix('This WORKDIR could not be read as one path.');
  const { instruction, model: built } = found;
  let base = '/';
  for (let i = trigger ? -1 : instruction.index - 1; i >= 0; i--) {
    const earlier = built.instructions[i]!;
    if (earlier.keyword === 'FROM') break;
    if (earlier.keyword !== 'WORKDIR') continue;
    const path = unquoted(earlier.args[0]?.value ?? '').path;
    if (path.includes('$')) return noFix('An earlier WORKDIR of this stage uses a variable, so the absolute path is not known here.');
    base = posix.resolve(base, path);
    if (path.startsWith('/')) break;
  }
  const arg = instruction.args[0]!;
  // A quoted path (`WORKDIR "srv/app"`) keeps its quotes; what is inside must be a plain path.
  const { path, quote } = unquoted(arg.value);
  if (!/^[A-Za-z0-9_./@+-]+$/.test(path)) return noFix('This WORKDIR uses a variable or special characters, so it is not rewritten.');
  const absolute = posix.resolve(base, path);
  return { edits: [{ start: arg.start, end: arg.end, text: `${quote}${absolute}${quote}` }], description: `Write the absolute path \`${absolute}\`.` };
}

/** A WORKDIR argument without the matching quotes around it, and the quote it had ('' for none). */
function unquoted(value: string): { path: string; quote: string } {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) return { path: value.slice(1, -1), quote };
  return { path: value, quote: '' };
}
