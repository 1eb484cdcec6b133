import { parse } from 'shell-quote';

/** One simple command of a shell script, as a `command` subject's value is built from it. */
export interface ShellCommand {
  /** The program run, after leading `VAR=value` assignments and `sudo` and its options. */
  name: string;
  args: string[];
  /** The name of the next command when this one's output is piped into it (`curl … | sh`). */
  pipedTo?: string;
  sudo: boolean;
  /** Offset in the script where the command's first word starts. */
  offset: number;
}

/** How to read a script. */
export interface SplitOptions {
  /**
   * Backslash is an ordinary character (a Windows path), as in Dockerfiles written with
   * "# escape=`", whose RUN lines go to `cmd` or PowerShell rather than a POSIX shell.
   */
  literalBackslash?: boolean;
}

interface Segment {
  start: number;
  end: number;
  /** The operator that ends the segment; `|` pipes into the next one. */
  op: string;
}

/** Words that open or close a compound command; the simple command follows or precedes them. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Segments that start with these are not simple commands (`for x in …`, `case … in`, `fi`). */
const NOT_COMMANDS = new Set(['fi', 'done', 'esac', '}', 'for', 'case', 'select', 'function', 'in']);
/** sudo options that take a value (sudo(8)); `sudo -u app x` runs `x`. */
const SUDO_VALUE_OPTIONS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '&>', '&>>', '>|', '<>', '<<', '<<<', '<(', '>(']);

/**
 * Splits a POSIX shell script into its simple commands across `&&`, `||`, `;`, `&`, `|` and
 * newlines. Operators are found by a small quote-aware scan (so each command keeps its offset,
 * which shell-quote does not report); each command's words are then read by shell-quote.
 * Variables stay as written (`$HOME`): the script's environment is not known here.
 */
export function splitShellCommands(script: string, options: SplitOptions = {}): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let pipeFrom: ShellCommand | undefined;
  const literal = options.literalBackslash === true;
  for (const segment of segments(script, literal)) {
    const command = readCommand(script, segment, literal);
    if (pipeFrom && command) pipeFrom.pipedTo = command.name;
    if (command) commands.push(command);
    pipeFrom = segment.op === '|' ? command : undefined;
  }
  return commands;
}

function segments(script: string, literalBackslash: boolean): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let quote: string | undefined;
  let depth = 0;
  const cut = (end: number, op: string, length: number): number => {
    out.push({ start, end, op });
    start = end + length;
    return start;
  };
  for (let i = 0; i < script.length; ) {
    const c = script[i]!;
    const next = script[i + 1];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      i++;
    } else if (c === '\\' && !literalBackslash) i += 2;
    else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      i++;
    } else if (c === '$' && next === '(') {
      depth++;
      i += 2;
    } else if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      i++;
    } else if (c === '#' && (i === 0 || /[\s;&|()]/.test(script[i - 1]!))) {
      const newline = script.indexOf('\n', i);
      i = newline < 0 ? script.length : newline;
    } else if ((c === '&' && next === '&') || (c === '|' && next === '|') || (c === ';' && next === ';')) {
      i = cut(i, c + next, 2);
    } else if (c === '|') {
      i = cut(i, '|', next === '&' ? 2 : 1);
    } else if (c === ';' || c === '\n' || c === '(' || c === ')') {
      i = cut(i, c === '\n' ? ';' : c, 1);
    } else if (c === '&' && next !== '>' && script[i - 1] !== '>' && script[i - 1] !== '<') {
      i = cut(i, '&', 1);
    } else i++;
  }
  out.push({ start, end: script.length, op: '' });
  return out;
}

function readCommand(script: string, segment: Segment, literalBackslash: boolean): ShellCommand | undefined {
  const written = script.slice(segment.start, segment.end);
  const text = literalBackslash ? written.replace(/\\/g, '\\\\') : written;
  const words: string[] = [];
  let skipNext = false;
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(text, (name) => `$${name}`);
  } catch {
    // shell-quote rejects some valid scripts (`${A` split across lines): keep the plain words.
    tokens = written.split(/\s+/).filter((word) => word !== '');
  }
  for (const token of tokens) {
    if (typeof token === 'string') {
      if (!skipNext) words.push(token);
      skipNext = false;
    } else if ('comment' in token) break;
    else if ('pattern' in token) {
      if (!skipNext) words.push(token.pattern);
      skipNext = false;
    } else if ('op' in token && REDIRECTS.has(token.op)) {
      // `2>&1`, `2> err`: the file descriptor number belongs to the redirection, not the command.
      if (/\d$/.test(words[words.length - 1] ?? '') && /\d\s*[<>]/.test(text)) words.pop();
      skipNext = true;
    }
  }
  const { index, sudo } = programIndex(words);
  const name = words[index];
  if (name === undefined || NOT_COMMANDS.has(name)) return undefined;
  return { name, args: words.slice(index + 1), sudo, offset: wordOffset(script, segment, index, literalBackslash) };
}

/**
 * Names the program a command's words run: past `VAR=value` assignments, compound-command
 * keywords, and `sudo` with its options (`sudo -u app apt-get …` runs `apt-get`, as root).
 */
export function commandFromWords(words: readonly string[], offset: number): ShellCommand | undefined {
  const { index, sudo } = programIndex(words);
  const name = words[index];
  if (name === undefined || NOT_COMMANDS.has(name)) return undefined;
  return { name, args: words.slice(index + 1), sudo, offset };
}

function programIndex(words: readonly string[]): { index: number; sudo: boolean } {
  let sudo = false;
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (LEADING_KEYWORDS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
    else if (word === 'sudo') {
      sudo = true;
      i++;
      while (i < words.length && words[i]!.startsWith('-')) {
        const option = words[i++]!;
        if (option === '--') break;
        if (SUDO_VALUE_OPTIONS.has(option)) i++;
      }
    } else break;
  }
  return { index: i, sudo };
}

/**
 * Where the segment's word number `skip` starts (so `then wget …` is placed at `wget`, which may
 * be on a later line), past blanks, backslash-newline continuations and quoted words.
 */
function wordOffset(script: string, segment: Segment, skip: number, literalBackslash: boolean): number {
  const blanks = (from: number): number => {
    let i = from;
    while (i < segment.end) {
      if (/\s/.test(script[i]!)) i++;
      else if (!literalBackslash && script[i] === '\\' && (script[i + 1] === '\n' || script[i + 1] === '\r')) i += 2;
      else break;
    }
    return i;
  };
  let i = blanks(segment.start);
  for (let word = 0; word < skip && i < segment.end; word++) {
    let quote: string | undefined;
    while (i < segment.end && (quote !== undefined || !/\s/.test(script[i]!))) {
      const c = script[i]!;
      if (c === '\\' && quote !== "'" && !literalBackslash) i++;
      else if (quote === undefined && (c === '"' || c === "'")) quote = c;
      else if (c === quote) quote = undefined;
      i++;
    }
    i = blanks(i);
  }
  return Math.min(i, segment.end);
}
