import { Arg, type Argument, DockerfileParser, Env, Instruction, Keyword, ModifiableInstruction, Onbuild, Run } from 'dockerfile-ast';
import { LineIndex } from '../core/text-lines.js';

/** A half-open span of character offsets into the Dockerfile's text. */
export interface Span {
  start: number;
  end: number;
}

/** One argument or JSON string as written, with its decoded value. */
export interface ArgNode extends Span {
  value: string;
}

/** One `--name=value` flag. A flag written without `=` has the value `''`. */
export interface FlagNode extends Span {
  name: string;
  value: string;
}

/** A parser directive from the leading comment lines (`# syntax=…`). */
export interface DirectiveNode extends Span {
  name: string;
  value: string;
}

/** One instruction of the file, with everything `locate` and the subject builders need. */
export interface InstructionNode extends Span {
  /** 0-based position among all instructions of the file: the `N` of `/instructions/N`. */
  index: number;
  /** Upper case, as Docker matches keywords case-insensitively. */
  keyword: string;
  keywordSpan: Span;
  /** Where the instruction's first line ends, before a trailing line-continuation character. */
  firstLineEnd: number;
  /**
   * Arguments after flags: the decoded strings in exec form, the words otherwise. For `ONBUILD`,
   * those of the instruction it wraps (as are `flags`, `form` and `heredocs`).
   */
  args: ArgNode[];
  flags: FlagNode[];
  form?: 'json' | 'shell';
  /** RUN heredocs (`RUN <<EOF`): each body's span, absent when the body is empty. */
  heredocs: Array<{ name: string; content?: Span }>;
  /**
   * `ARG` / `ENV` (also wrapped by `ONBUILD`): each variable it declares, with its value as Docker
   * reads it (quotes removed; `null` for `ARG NAME` without a default) and the index in `args` of
   * the word that declares it.
   */
  variables?: Array<{ name: string; value: string | null; arg: number }>;
  /** `ONBUILD`: the instruction it wraps (`RUN`, `COPY`, …), upper case, and where its keyword is. */
  trigger?: { keyword: string; keywordSpan: Span };
  ast: Instruction;
}

/** The source model every Dockerfile pointer is resolved against. */
export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  directives: DirectiveNode[];
  instructions: InstructionNode[];
}

/** Instructions whose arguments may be a JSON array (exec form) or a plain string (shell form). */
const FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME']);

/** Every instruction Docker knows; anything else fails the build. */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set(Object.values(Keyword));

/** A JSON string literal inside an exec-form argument list. */
const JSON_STRING = /"(?:[^"\\\n]|\\.)*"/g;

interface LspPosition {
  line: number;
  character: number;
}

/**
 * dockerfile-ast reports LSP positions, whose lines break at `\r\n`, `\r` and `\n` alike; our
 * ranges count `\n` only. Converting through offsets keeps both views of a stray `\r` consistent.
 */
class LspOffsets {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) this.starts.push(i + 1);
    }
  }

  offset(position: LspPosition): number {
    const line = Math.min(Math.max(position.line, 0), this.starts.length - 1);
    const start = this.starts[line]!;
    const next = this.starts[line + 1] ?? this.text.length;
    return Math.min(start + Math.max(position.character, 0), next);
  }

  span(range: { start: LspPosition; end: LspPosition }): Span {
    const start = this.offset(range.start);
    return { start, end: Math.max(start, this.offset(range.end)) };
  }
}

interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** What `Instruction.getRawArguments` reads: fields dockerfile-ast declares protected or private. */
interface RawArgumentsInputs {
  document: object;
  escapeChar: string;
  getRange(): LspRange;
  getInstructionRange(): LspRange;
}

const MEMOIZED = Symbol.for('containment.dockerfile-ast.rawArguments');
/**
 * The library's own `getRawArguments`, kept on the prototype under this key so a test can check
 * the memo against it: the memo reads fields dockerfile-ast does not export (`document`,
 * `escapeChar`), and an upgrade that renamed them must fail a test, not silently change results.
 */
export const ORIGINAL_RAW_ARGUMENTS = Symbol.for('containment.dockerfile-ast.rawArguments.original');
/** Where an instruction, and its document, keep their memo: properties, not WeakMaps, which cost the GC dearly. */
const OWN = Symbol('containment.rawArguments');
const BY_RANGES = Symbol('containment.rawArgumentsByRanges');

type Memoized = RawArgumentsInputs & { [OWN]?: Argument[]; document: { [BY_RANGES]?: Map<string, Argument[]> } };

/**
 * dockerfile-ast re-tokenizes an instruction's text on every `getRawArguments` call, and calls it
 * again and again while it builds each instruction (the JSON/flag scans of its constructors,
 * `getArgumentsRange`, `getRawArgumentsContent`, `getFlags`, `getHeredocs`), and the parser
 * builds each instruction twice (once to look for heredocs). That was most of a Dockerfile's parse
 * time. The tokenizing is a pure function of the document text, the instruction's two ranges and
 * the escape character, so it is memoized per document on exactly those inputs; callers get a
 * fresh array each time (`ModifiableInstruction.getArguments` shifts the flags off its copy).
 */
function memoizeRawArguments(): void {
  const proto = Instruction.prototype as unknown as Record<PropertyKey, unknown> & { getRawArguments: () => Argument[] };
  if (proto[MEMOIZED]) return;
  const original = proto.getRawArguments;
  proto[ORIGINAL_RAW_ARGUMENTS] = original;
  const key = (r: LspRange): string => `${r.start.line},${r.start.character},${r.end.line},${r.end.character}`;
  proto.getRawArguments = function (this: Memoized): Argument[] {
    const mine = this[OWN];
    if (mine) return mine.slice();
    let memo = this.document[BY_RANGES];
    if (!memo) {
      memo = new Map();
      this.document[BY_RANGES] = memo;
    }
    const id = `${key(this.getRange())};${key(this.getInstructionRange())};${this.escapeChar}`;
    let args = memo.get(id);
    if (!args) {
      args = original.call(this);
      memo.set(id, args);
    }
    this[OWN] = args;
    return args.slice();
  };
  proto[MEMOIZED] = true;
}

memoizeRawArguments();

/** Parses the text with dockerfile-ast into the flat model that pointers address. */
export function buildDockerfileModel(text: string): DockerfileModel {
  const dockerfile = DockerfileParser.parse(text);
  const lsp = new LspOffsets(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const directives = dockerfile.getDirectives().map((directive) => ({
    name: directive.getName().toLowerCase(),
    value: directive.getValue(),
    ...lsp.span(directive.getRange()),
  }));
  const instructions = dockerfile.getInstructions().map((ast, index): InstructionNode => {
    const span = lsp.span(ast.getRange());
    const keywordSpan = lsp.span(ast.getInstructionRange());
    const keyword = ast.getKeyword().toUpperCase();
    // ONBUILD is judged like the instruction it wraps, read as if it stood alone.
    const wrapped = ast instanceof Onbuild ? ast.getTriggerInstruction() : null;
    const read = wrapped ?? ast;
    const readKeyword = read.getKeyword().toUpperCase();
    const words = read.getArguments().map((arg) => ({ value: arg.getValue(), ...lsp.span(arg.getRange()) }));
    const { args, form } = readArgs(text, readKeyword, words, escapeChar);
    return {
      index,
      keyword,
      keywordSpan,
      ...span,
      firstLineEnd: firstLineEnd(text, span, keywordSpan, escapeChar),
      args,
      flags: readFlags(read, lsp),
      ...(form ? { form } : {}),
      heredocs: read instanceof Run ? readHeredocs(read, lsp) : [],
      ...(read instanceof Arg || read instanceof Env ? { variables: readVariables(read, args, lsp) } : {}),
      ...(wrapped ? { trigger: { keyword: readKeyword, keywordSpan: lsp.span(wrapped.getInstructionRange()) } } : {}),
      ast,
    };
  });
  return { text, lines: new LineIndex(text), escapeChar, directives, instructions };
}

function readFlags(ast: Instruction, lsp: LspOffsets): FlagNode[] {
  if (!(ast instanceof ModifiableInstruction)) return [];
  return ast.getFlags().map((flag) => ({ name: flag.getName(), value: flag.getValue() ?? '', ...lsp.span(flag.getRange()) }));
}

function readVariables(ast: Arg | Env, args: readonly ArgNode[], lsp: LspOffsets): NonNullable<InstructionNode['variables']> {
  return ast.getProperties().map((property) => {
    const at = lsp.span(property.getNameRange()).start;
    const arg = args.findIndex((word) => word.start <= at && at < word.end);
    return { name: property.getName(), value: property.getValue(), arg: Math.max(arg, 0) };
  });
}

function readHeredocs(ast: Run, lsp: LspOffsets): InstructionNode['heredocs'] {
  return ast.getHeredocs().map((heredoc) => {
    const content = heredoc.getContentRange();
    return { name: heredoc.getName(), ...(content ? { content: lsp.span(content) } : {}) };
  });
}

/**
 * Docker reads arguments as exec form only when they parse as a JSON array of strings; anything
 * else, even text starting with `[`, is shell form. HEALTHCHECK carries its form after `CMD`.
 */
function readArgs(
  text: string,
  keyword: string,
  words: ArgNode[],
  escapeChar: string,
): { args: ArgNode[]; form?: 'json' | 'shell' } {
  if (keyword === 'HEALTHCHECK') {
    const [sub, ...rest] = words;
    if (sub === undefined || sub.value.toUpperCase() !== 'CMD') return { args: words };
    const json = jsonArgs(text, rest, escapeChar);
    return json ? { args: [sub, ...json], form: 'json' } : { args: words, form: 'shell' };
  }
  if (!FORM_KEYWORDS.has(keyword)) return { args: words };
  const json = jsonArgs(text, words, escapeChar);
  return json ? { args: json, form: 'json' } : { args: words, form: 'shell' };
}

/** The strings of an exec-form argument list, each with the span of its JSON literal. */
function jsonArgs(text: string, words: ArgNode[], escapeChar: string): ArgNode[] | undefined {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last || !first.value.startsWith('[')) return undefined;
  const { start, end } = { start: first.start, end: last.end };
  let values: unknown;
  try {
    values = JSON.parse(withoutContinuations(text.slice(start, end), escapeChar));
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) return undefined;
  const literals = [...text.slice(start, end).matchAll(JSON_STRING)];
  return values.map((value: string, i) => {
    const literal = literals.length === values.length ? literals[i] : undefined;
    if (literal?.index === undefined) return { value, start, end };
    return { value, start: start + literal.index, end: start + literal.index + literal[0].length };
  });
}

/** Docker joins continued lines before it reads the JSON of an exec-form instruction. */
function withoutContinuations(source: string, escapeChar: string): string {
  if (!source.includes('\n')) return source;
  let continuation = CONTINUATIONS.get(escapeChar);
  if (!continuation) {
    const quoted = escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    continuation = new RegExp(`${quoted}[ \\t]*\\r?\\n`, 'g');
    CONTINUATIONS.set(escapeChar, continuation);
  }
  return source.replace(continuation, '');
}

const CONTINUATIONS = new Map<string, RegExp>();

/**
 * A multi-line instruction is shown on its first line: GitHub renders an annotation under the
 * last line of its range, which for a long RUN would be far from the keyword a reader looks for.
 */
function firstLineEnd(text: string, span: Span, keywordSpan: Span, escapeChar: string): number {
  let end = text.indexOf('\n', keywordSpan.start);
  if (end < 0 || end > span.end) end = span.end;
  while (end > keywordSpan.end && /\s/.test(text[end - 1]!)) end--;
  if (end > keywordSpan.end && text[end - 1] === escapeChar && end < span.end) {
    end--;
    while (end > keywordSpan.end && /\s/.test(text[end - 1]!)) end--;
  }
  return Math.max(end, keywordSpan.end);
}
