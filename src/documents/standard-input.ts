import type { ShellCommand } from '../languages/shell-commands.js';

/**
 * What a command of a workflow script reads on standard input, when the script says so plainly:
 * a file of the repository (`cmd < file`, `cat file | cmd`), or an archive of the repository
 * (`git archive HEAD | cmd`, `tar -c . | cmd`). Empty when it is not known, which a caller treats
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
 * - with no redirection, `cat FILE` feeding it gives FILE; `git archive HEAD` (no added files, no
 *   remote) or `tar -c` of the working folder (no `-C` elsewhere, no renaming) from inside the
 *   repository, possibly through a compressor, gives an archive of the repository.
 */
export function standardInput(text: string, feeders: readonly ShellCommand[], cwd: string): StandardInput {
  const words = unquotedWords(text);
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
  if (feeder.name === 'cat' && feeder.args.length === 1 && !feeder.args[0]!.startsWith('-') && !/[$`]/.test(feeder.args[0]!)) return { file: feeder.args[0]! };
  // Compressors pass an archive on: look at what feeds them.
  let index = feeders.length - 1;
  while (index > 0 && COMPRESSORS.has(feeders[index]!.name) && !feeders[index]!.args.some((arg) => /^-[a-z]*d|^--decompress|^--uncompress/.test(arg))) index--;
  const source = feeders[index]!;
  const inside = cwd === '' || (!cwd.startsWith('/') && !cwd.startsWith('..') && !cwd.includes('$'));
  if (!inside) return {};
  if (source.name === 'git' && repositoryArchive(source.args)) return { archive: true };
  if (source.name === 'tar' && tarOfHere(source.args)) return { archive: true };
  return {};
}

/** `git archive [--format=…] [--prefix=…] HEAD`: the commit checked out, nothing added. */
function repositoryArchive(args: readonly string[]): boolean {
  if (args[0] !== 'archive') return false;
  const rest = args.slice(1);
  if (rest.some((arg) => /^--(add-file|add-virtual-file|remote|exec)/.test(arg))) return false;
  const positional = rest.filter((arg) => !arg.startsWith('-'));
  return positional.length === 1 && positional[0] === 'HEAD';
}

/** `tar -c` of the working folder: creating (`-c`, `c…`, `--create`), no folder change but to `.`, no renaming. */
function tarOfHere(args: readonly string[]): boolean {
  const creates = args.some((arg, index) => arg === '--create' || /^-[A-Za-z]*c/.test(arg) || (index === 0 && /^[A-Za-z]*c[A-Za-z]*$/.test(arg)));
  if (!creates) return false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (/^--(transform|xform)/.test(arg) || arg === '-s') return false;
    const folder = arg === '-C' || arg === '--directory' ? args[index + 1] : /^--directory=(.*)$/.exec(arg)?.[1];
    if (folder !== undefined && !['.', './', '$GITHUB_WORKSPACE', '${GITHUB_WORKSPACE}', '${{ github.workspace }}'].includes(folder)) return false;
    if (folder === undefined && /^-[A-Za-z]*C./.test(arg)) return false;
  }
  return true;
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
    if (c === '$') known = false;
    raw += c;
    value += c;
  }
  end();
  return words;
}
