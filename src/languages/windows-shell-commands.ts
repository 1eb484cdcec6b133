import type { ShellCommand } from './shell-commands.js';
import type { Span } from './shell-words.js';

/**
 * The Windows shells a workflow step can name (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell):
 * `pwsh` and `powershell` read PowerShell, `cmd` reads batch.
 */
export type WindowsShell = 'powershell' | 'cmd';

/** What differs between the two languages, as far as splitting words goes. */
interface Dialect {
  /** The escape character: a backtick in PowerShell, a caret in cmd; at a line's end it continues the line. */
  escape: string;
  /** PowerShell has single-quoted literal strings (`''` is a quote); cmd has only double quotes. */
  singleQuotes: boolean;
}

const DIALECTS: Record<WindowsShell, Dialect> = {
  powershell: { escape: '`', singleQuotes: true },
  cmd: { escape: '^', singleQuotes: false },
};

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * Splits a PowerShell or cmd script into simple commands, a word split with each shell's
 * quoting, escape and line continuation — enough to read the docker commands in it, not a parser
 * of either language. Commands end at a line break and at `;`, `&&`, `||` and `|` (and cmd's
 * `&`); PowerShell's `&` call operator and cmd's `@` echo switch are dropped; comments
 * (`#`, `<# … #>`, `rem`, `::`) and redirections are skipped. A variable (`$env:X`, `%X%`) is
 * unknown: cmd's `%X%` is kept as `${X}` so the rules see it as they see a shell variable.
 */
export function splitWindowsCommands(script: string, shell: WindowsShell): ShellCommand[] {
  const dialect = DIALECTS[shell];
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let pipeFrom: ShellCommand | undefined;
  const finish = (op: string): void => {
    const command = commandOf(words, shell);
    if (pipeFrom && command) pipeFrom.pipedTo = command.name;
    if (command) commands.push(command);
    pipeFrom = op === '|' ? command : undefined;
    words = [];
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === dialect.escape && (next === '\n' || (next === '\r' && script[i + 2] === '\n'))) {
      i += next === '\r' ? 3 : 2;
    } else if (c === ' ' || c === '\t' || c === '\r' || (shell === 'cmd' && c === '^' && (next === ' ' || next === '\t'))) i++;
    else if (c === '\n') {
      finish('\n');
      i++;
    } else if (shell === 'powershell' && c === '<' && next === '#') {
      const close = script.indexOf('#>', i + 2);
      i = close < 0 ? script.length : close + 2;
    } else if ((shell === 'powershell' && c === '#') || (shell === 'cmd' && words.length === 0 && isCmdComment(script, i))) {
      const newline = script.indexOf('\n', i);
      i = newline < 0 ? script.length : newline;
    } else if (c === '|' || c === '&' || (c === ';' && shell === 'powershell')) {
      const double = next === c;
      if (c === '&' && !double && shell === 'powershell') {
        // The call operator (`& docker run …`): it runs the word after it.
        i++;
        continue;
      }
      finish(double ? c + c : c);
      i += double ? 2 : 1;
    } else {
      const word = readWord(script, i, dialect, shell);
      // An escape before a lone carriage return reads nothing: it is skipped like a blank.
      if (word.end === i) i++;
      else {
        words.push(word);
        i = word.end;
      }
    }
  }
  finish('\n');
  return commands;
}

/** `rem …` and `:: …` lines are cmd's comments. */
function isCmdComment(script: string, i: number): boolean {
  return script.startsWith('::', i) || /^@?rem(\s|$)/i.test(script.slice(i, i + 5));
}

/** One word from `from`: up to an unquoted blank or separator, quotes and escapes removed. */
function readWord(script: string, from: number, dialect: Dialect, shell: WindowsShell): Word {
  let text = '';
  let i = from;
  while (i < script.length) {
    const c = script[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '|' || c === '&' || (c === ';' && shell === 'powershell')) break;
    if (c === dialect.escape) {
      const next = script[i + 1];
      if (next === undefined || next === '\n' || next === '\r') break;
      // cmd drops the caret and hands the line on; the program's own argv split still ends a
      // word at the blank (a folded `run:` turns `^` + line break into `^ `).
      if (shell === 'cmd' && (next === ' ' || next === '\t')) break;
      text += next;
      i += 2;
    } else if (c === '"' || (c === "'" && dialect.singleQuotes)) {
      const quoted = readQuoted(script, i, c, dialect);
      text += quoted.text;
      i = quoted.end;
    } else {
      text += c;
      i++;
    }
  }
  // cmd expands `%NAME%` before running the line: unknown here, like a shell's `${NAME}`.
  if (shell === 'cmd') text = text.replace(/%([A-Za-z_][\w]*)%/g, (_, name: string) => `\${${name}}`);
  return { text, start: from, end: i };
}

/** A quoted string from its opening quote; a doubled quote inside is one quote. */
function readQuoted(script: string, from: number, quote: string, dialect: Dialect): { text: string; end: number } {
  let text = '';
  let i = from + 1;
  while (i < script.length) {
    const c = script[i]!;
    if (c === quote) {
      if (script[i + 1] === quote && dialect.singleQuotes) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    // A PowerShell double-quoted string takes backtick escapes; a single-quoted one is literal.
    if (quote === '"' && dialect.singleQuotes && c === dialect.escape && i + 1 < script.length) {
      text += script[i + 1];
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  return { text, end: i };
}

/** The command a list of words runs, redirections dropped; undefined for an empty one. */
function commandOf(all: Word[], shell: WindowsShell): ShellCommand | undefined {
  const words: Word[] = [];
  for (let k = 0; k < all.length; k++) {
    const word = all[k]!;
    const redirect = /^(?:\d|\*)?(?:>>?|<)(&\d)?/.exec(word.text);
    if (redirect) {
      // `> out.txt` takes the next word; `>out.txt` and `2>&1` are whole.
      if (redirect[0] === word.text && redirect[1] === undefined) k++;
      continue;
    }
    words.push(word);
  }
  const [program, ...args] = words;
  if (!program) return undefined;
  let name = program.text;
  let offset = program.start;
  if (shell === 'cmd' && name.startsWith('@')) {
    name = name.slice(1);
    offset++;
  }
  // Windows finds `docker.exe` for `docker`, whatever the case.
  name = name.toLowerCase().replace(/\.exe$/, '');
  if (name === '') return undefined;
  const argSpans: Span[] = args.map((word) => ({ start: word.start, end: word.end }));
  return { name, args: args.map((word) => word.text), sudo: false, offset, end: (words[words.length - 1] ?? program).end, argSpans };
}
