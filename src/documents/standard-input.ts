import type { ShellCommand } from '../languages/shell-commands.js';

/**
 * What a command of a workflow script reads on standard input, when the script says so plainly:
 * a file of the repository (`cmd < file`, `cat file | cmd`), or an archive of the repository
 * (`tar -c . | cmd`). Empty when it is not known, which a caller treats
 * as a Dockerfile nothing reads (fail closed).
 */
export interface StandardInput {
  file?: string;
  archive?: boolean;
}

/** Compressors that keep an archive an archive (`tar -c . | gzip | docker build -`). */
const COMPRESSORS = new Set(['gzip', 'bzip2', 'xz', 'zstd', 'pigz']);

/**
 * Standard input of the command whose text (its slice of the script) is `text`, fed by the
 * commands before it in its pipeline (`feeders`, nearest last), run in the repository-relative
 * folder `cwd` (`$…` or `/…` when not a folder of the repository).
 *
 * Read as the shell reads it, with quotes and comments, and kept to the plain case (found by
 * review helpers 34 and 35, each form a way to show one file and feed another):
 * - exactly one input redirection, `< file`, whose file holds no variable or substitution;
 * - any other use of `<` (`0<`, `<&`, `<>`, a heredoc, a here-string, a second `<`) is unknown;
 * - any other redirection of a descriptor (`0>&3`) makes it unknown;
 * - with no redirection, `cat FILE` feeding it gives FILE (no glob, no `~`, no redirection of its
 *   own); `tar -c .` in its plain forms (`tarOfHere`) from inside the repository, possibly
 *   through a compressor with no operand, gives an archive of the repository. `git archive` does
 *   not: `.gitattributes` can rewrite what it writes (`export-subst`).
 * `textOf` gives a command's own text (its slice of the script).
 */
export function standardInput(text: string, feeders: readonly ShellCommand[], cwd: string, textOf: (command: ShellCommand) => string): StandardInput {
  const words = unquotedWords(text);
  // A redirection of standard input by descriptor (`0>&3`, `0<f`, `<&3`, `3<f`, `<>f`) may feed
  // it another file: only commands without one are read (helper-36). Output ones (`2>&1`) are not.
  if (words.some((word) => /^0[<>]|^\d*<&|^\d+<|<>/.test(word.raw))) return {};
  const redirects = words.filter((word) => word.raw.includes('<'));
  if (redirects.length > 0) {
    if (redirects.length > 1) return {};
    const at = words.indexOf(redirects[0]!);
    const word = redirects[0]!;
    // `<` alone then the file's word, or `<file` as one word; nothing before the `<`.
    if (word.raw === '<') {
      const file = words[at + 1];
      return file?.known && !file.raw.includes('<') && !/^[&>(]/.test(file.value) ? { file: file.value } : {};
    }
    if (word.raw.startsWith('<') && word.known && !/^<[<&>(]/.test(word.raw)) return { file: word.value.slice(1) };
    return {};
  }
  const feeder = feeders[feeders.length - 1];
  if (!feeder) return {};
  // The feeder's own text too: a redirection there replaces what it reads (`gzip < evil.tar`).
  if (unquotedWords(textOf(feeder)).some((word) => /[<>]/.test(word.raw) && !/^>\s*\/dev\/null$/.test(word.raw))) return {};
  if (feeder.name === 'cat') {
    const [file] = feeder.args;
    const plain = file !== undefined && feeder.args.length === 1 && !file.startsWith('-') && !file.startsWith('~') && !/[$`*?[{]/.test(file);
    return plain ? { file } : {};
  }
  // Compressors with no operand of their own pass an archive on: look at what feeds them.
  let index = feeders.length - 1;
  while (index > 0 && COMPRESSORS.has(feeders[index]!.name) && feeders[index]!.args.every((arg) => /^-[1-9cnqkf]+$|^--(stdout|fast|best|quiet)$/.test(arg))) index--;
  if (index > 0 && COMPRESSORS.has(feeders[index]!.name)) return {};
  const source = feeders[index]!;
  const inside = cwd === '' || (!cwd.startsWith('/') && !cwd.startsWith('..') && !cwd.includes('$'));
  if (!inside || unquotedWords(textOf(source)).some((word) => /[<>]/.test(word.raw))) return {};
  // `git archive` is not read: `.gitattributes` (`export-subst`, filters) changes what it writes.
  return source.name === 'tar' && tarOfHere(source.args) ? { archive: true } : {};
}

/**
 * `tar` writing an archive of the working folder to standard output, in the plain forms only:
 * flags from `c z j J v h` (`f` with `-` as its file), `--create`, `--gzip`, `--file=-`,
 * `--exclude=…`, `-C .`, and exactly one operand, `.`. Anything else (`-C` elsewhere, `-T` lists,
 * `--transform`, abbreviated long options) may archive other files (helper-36).
 */
function tarOfHere(args: readonly string[]): boolean {
  let creates = false;
  let operands = 0;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const cluster = /^-?([czjJvhf]+)$/.exec(arg);
    if (cluster && (arg.startsWith('-') || index === 0)) {
      if (cluster[1]!.includes('c')) creates = true;
      if (cluster[1]!.includes('f')) {
        if (!cluster[1]!.endsWith('f') || args[index + 1] !== '-') return false;
        index++;
      }
      continue;
    }
    if (arg === '--create') creates = true;
    else if (arg === '-C' && args[index + 1] === '.') index++;
    else if (arg === '.') operands++;
    else if (!['--gzip', '--file=-', '--verbose'].includes(arg) && !arg.startsWith('--exclude=')) return false;
  }
  return creates && operands === 1;
}

/** A word of the command as the shell splits it: as written (`raw`), its value once unquoted, and whether that value is known. */
interface Word {
  raw: string;
  value: string;
  known: boolean;
}

/**
 * The command's words, split as the shell splits them: quotes kept together and removed from
 * the value (a `<` inside quotes is text, so it is left out of `raw`'s `<` count by writing it as
 * `‹`), a variable or a substitution (`$x`, `$(…)`, `` `…` ``) making the word unknown, and an
 * unquoted `#` at the start of a word ending the text (a comment).
 */
function unquotedWords(text: string): Word[] {
  const words: Word[] = [];
  let raw = '';
  let value = '';
  let known = true;
  let started = false;
  const end = (): void => {
    if (started) words.push({ raw, value, known });
    raw = '';
    value = '';
    known = true;
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      end();
      continue;
    }
    if (c === '#' && !started) break;
    started = true;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const inner = close < 0 ? text.slice(i + 1) : text.slice(i + 1, close);
      raw += `'${inner.replaceAll('<', '‹')}'`;
      value += inner;
      i = close < 0 ? text.length : close;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let inner = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          inner += text[j + 1];
          j += 2;
          continue;
        }
        inner += text[j];
        j++;
      }
      raw += `"${inner.replaceAll('<', '‹')}"`;
      value += inner;
      if (/[$`]/.test(inner)) known = false;
      i = j;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      raw += next === '<' ? '‹' : next;
      value += next;
      i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      // A command substitution, whole: what it prints is unknown, and a `<` in it is its own.
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      const inner = text.slice(i, j + 1);
      raw += inner.replaceAll('<', '‹');
      value += inner;
      known = false;
      i = j;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const inner = close < 0 ? text.slice(i) : text.slice(i, close + 1);
      raw += inner.replaceAll('<', '‹');
      value += inner;
      known = false;
      i = close < 0 ? text.length : close;
      continue;
    }
    // Unquoted, a glob or brace (`spec/[i]mage`) or a leading `~` is expanded by the shell.
    if (c === '$' || '*?[{'.includes(c) || (c === '~' && raw === '')) known = false;
    raw += c;
    value += c;
  }
  end();
  return words;
}
