import type { ParseEntry } from 'shell-quote';
import type { ShellCommand } from '../languages/shell-commands.js';
import { shellTokens } from '../languages/shell-words.js';

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
 * Read with the shell words reader every script goes through (`shellTokens`, shell-quote), and
 * kept to the plain case (found by review helpers 34 to 36, each form a way to show one file and
 * feed another):
 * - exactly one input redirection, `< file`, whose file holds no variable, substitution, glob
 *   or `~`, in a command with no substitution or subshell;
 * - any other use of `<` (`0<`, `<&`, `<>`, a heredoc, a here-string, a second `<`) is unknown;
 * - any other redirection of a descriptor (`0>&3`) makes it unknown;
 * - with no redirection, `cat FILE` feeding it gives FILE (no glob, no `~`, no redirection of its
 *   own); `tar -c .` in its plain forms (`tarOfHere`) from inside the repository, possibly
 *   through a compressor with no operand, gives an archive of the repository. `git archive` does
 *   not: `.gitattributes` can rewrite what it writes (`export-subst`).
 * `textOf` gives a command's own text (its slice of the script).
 */
export function standardInput(text: string, feeders: readonly ShellCommand[], cwd: string, textOf: (command: ShellCommand) => string): StandardInput {
  const tokens = untilComment(shellTokens(text));
  // A substitution or subshell (`$(… < f)`) has redirections of its own: not read (fail closed).
  if (tokens.some((token) => isOp(token, '(') || isOp(token, ')'))) return {};
  const redirects = tokens.flatMap((token, index) => (typeof token !== 'string' && 'op' in token && /[<>]/.test(token.op) ? [index] : []));
  // A redirection by descriptor onto standard input (`0>&3`, `0< f`), or any input one but a
  // single plain `<` (`<&3`, `<>`, a heredoc, a here-string, a second `<`), may feed another file.
  const onInput = redirects.filter((index) => {
    const op = (tokens[index] as { op: string }).op;
    const before = tokens[index - 1];
    return op.includes('<') || (typeof before === 'string' && /^0$/.test(before));
  });
  if (onInput.length > 0) {
    const index = onInput[0]!;
    const before = tokens[index - 1];
    const file = tokens[index + 1];
    if (onInput.length > 1 || !isOp(tokens[index]!, '<') || (typeof before === 'string' && /^\d+$/.test(before))) return {};
    return typeof file === 'string' && plainPath(file) ? { file } : {};
  }
  const feeder = feeders[feeders.length - 1];
  if (!feeder) return {};
  // The feeder's own redirections replace what it reads (`gzip < evil.tar`); `> /dev/null` aside.
  if (redirectsOf(textOf(feeder))) return {};
  if (feeder.name === 'cat') {
    const [file] = feeder.args;
    return file !== undefined && feeder.args.length === 1 && !file.startsWith('-') && plainPath(file) ? { file } : {};
  }
  // Compressors with no operand of their own pass an archive on: look at what feeds them.
  let index = feeders.length - 1;
  while (index > 0 && COMPRESSORS.has(feeders[index]!.name) && feeders[index]!.args.every((arg) => /^-[1-9cnqkf]+$|^--(stdout|fast|best|quiet)$/.test(arg))) index--;
  if (index > 0 && COMPRESSORS.has(feeders[index]!.name)) return {};
  const source = feeders[index]!;
  const inside = cwd === '' || (!cwd.startsWith('/') && !cwd.startsWith('..') && !cwd.includes('$'));
  if (!inside || redirectsOf(textOf(source))) return {};
  // `git archive` is not read: `.gitattributes` (`export-subst`, filters) changes what it writes.
  return source.name === 'tar' && tarOfHere(source.args) ? { archive: true } : {};
}

/** A file name the shell reads as written: no variable, substitution, glob, brace or `~`. */
function plainPath(path: string): boolean {
  return path !== '' && !path.startsWith('~') && !/[$`*?[{]/.test(path);
}

/** Whether a command's text redirects anything, `> /dev/null` aside. */
function redirectsOf(text: string): boolean {
  const tokens = untilComment(shellTokens(text));
  return tokens.some((token, index) => typeof token !== 'string' && 'op' in token && /[<>]/.test(token.op) && !(token.op === '>' && tokens[index + 1] === '/dev/null'));
}

/** The tokens before a comment. */
function untilComment(tokens: ParseEntry[]): ParseEntry[] {
  const at = tokens.findIndex((token) => typeof token !== 'string' && 'comment' in token);
  return at < 0 ? tokens : tokens.slice(0, at);
}

function isOp(token: ParseEntry, op: string): boolean {
  return typeof token !== 'string' && 'op' in token && token.op === op;
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
