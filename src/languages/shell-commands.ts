import { ownString } from '../core/finding.js';
import { type Segment, scanShell } from './shell-scan.js';
import { alignSpans, wordSpans } from './shell-word-spans.js';
import { type Span, shellTokens } from './shell-words.js';

/** One simple command of a shell script, as a `command` subject's value is built from it. */
export interface ShellCommand {
  /** The program run, after leading `VAR=value` assignments, wrappers and `sudo` with its options. */
  name: string;
  args: string[];
  /** The name of the next command when this one's output is piped into it (`curl … | sh`). */
  pipedTo?: string;
  /**
   * Every later command of this one's pipeline, in order, by program base name with its words:
   * what its output flows through (`curl … | tr -d '\r' | /bin/bash -s` → `tr ['-d', '\r']`,
   * `bash ['-s']`). Absent when not piped.
   */
  pipeline?: PipelineStage[];
  sudo: boolean;
  /** `VAR=value` assignments written before the program (`DOCKER_HOST=tcp://x docker ps`), as written. */
  env?: Record<string, string>;
  /** Offset in the script where the program's word starts. */
  offset: number;
  /** Offset in the script where the command's text ends (before the operator that ends it). */
  end: number;
  /**
   * Where each of `args` is written in the script (`[start, end)` offsets), when every word of
   * the command could be placed (shell-word-spans.ts); absent otherwise.
   */
  argSpans?: Span[];
}

/** A later command of a pipeline: its program's base name and its words. */
export interface PipelineStage {
  name: string;
  args: string[];
}

/** How to read a script. */
export interface SplitOptions {
  /**
   * Backslash is an ordinary character (a Windows path), as in Dockerfiles written with
   * "# escape=`", whose RUN lines go to `cmd` or PowerShell rather than a POSIX shell.
   */
  literalBackslash?: boolean;
}

/** Programs that run a script read from standard input or given with `-c` (POSIX sh and its kin). */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox-sh']);
/** Script operands that name standard input (`curl … | bash /dev/stdin 3.8.6`). */
const STDIN_FILES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);
/** Programs whose output is their input: a heredoc fed to `cat <<EOF | sh` reaches the shell. */
const PASS_THROUGH = new Set(['cat', 'tee']);

/** Words that open or close a compound command; the simple command follows them. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Segments that start with these are not simple commands (`for x in …`, `case … in`, `fi`). */
const NOT_COMMANDS = new Set(['fi', 'done', 'esac', '}', 'for', 'case', 'select', 'function', 'in']);
/** sudo options that take a value (sudo(8)); `sudo -u app x` runs `x`. */
const SUDO_VALUE_OPTIONS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group']);
/**
 * Programs that run the command after them, with their options that take a value and the operands
 * they read before it: coreutils env(1), nohup(1), timeout(1) (`timeout 600 docker run …`, common in
 * CI), nice(1), stdbuf(1), util-linux ionice(1), setsid(1), flock(1) and taskset(1), findutils
 * xargs(1), procps watch(1), and the `exec` and `command` builtins; doas(1) runs it as root, as
 * sudo does. A command behind one that is not listed here is not seen: both review helpers of issue
 * #17's session ran `timeout 60 docker run --privileged …` past every rule.
 */
const WRAPPERS = new Map<string, { valued: ReadonlySet<string>; operands?: number; root?: boolean }>([
  ['env', { valued: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']) }],
  ['nohup', { valued: new Set() }],
  ['exec', { valued: new Set(['-a']) }],
  ['command', { valued: new Set() }],
  ['timeout', { valued: new Set(['-k', '--kill-after', '-s', '--signal']), operands: 1 }],
  ['nice', { valued: new Set(['-n', '--adjustment']) }],
  ['stdbuf', { valued: new Set(['-i', '-o', '-e', '--input', '--output', '--error']) }],
  ['ionice', { valued: new Set(['-c', '--class', '-n', '--classdata']) }],
  ['setsid', { valued: new Set() }],
  ['flock', { valued: new Set(['-w', '--wait', '--timeout', '-E', '--conflict-exit-code']), operands: 1 }],
  ['taskset', { valued: new Set(), operands: 1 }],
  ['xargs', { valued: new Set(['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars']) }],
  ['watch', { valued: new Set(['-n', '--interval']) }],
  ['doas', { valued: new Set(['-u', '-C']), root: true }],
  // Also run the command they are given (helper-45): as another user, unbuffered, in a unit, in a root.
  ['runuser', { valued: new Set(['-u', '--user', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment']) }],
  ['unbuffer', { valued: new Set() }],
  ['systemd-run', { valued: new Set(['-p', '--property', '-u', '--unit', '-E', '--setenv', '--slice', '-M', '--machine', '--uid', '--gid', '--working-directory', '--description', '--nice']) }],
  ['chroot', { valued: new Set(['--userspec', '--groups']), operands: 1 }],
]);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '&>', '&>>', '>|', '<>', '<<', '<<<', '<(', '>(']);
/** Command substitutions nested deeper than this are not followed (no real script needs it). */
const MAX_DEPTH = 8;

/**
 * Splits a POSIX shell script into its simple commands across `&&`, `||`, `;`, `&`, `|`,
 * subshell parentheses and newlines, and inside command substitutions (`$(curl …)`, backticks).
 * Operators are found by a small quote-aware scan (so each command keeps its offset, which
 * shell-quote does not report); each command's words are then read by shell-quote. GitHub
 * `${{ … }}` expressions are kept whole, wherever they stand. Heredoc bodies are data and
 * comments are skipped. Variables stay as written (`$HOME`): the environment is not known here.
 * Commands come in the order they are written.
 */
export function splitShellCommands(script: string, options: SplitOptions = {}): readonly ShellCommand[] {
  const literal = options.literalBackslash === true;
  if (script.length > SPLIT_MEMO_MAX_SCRIPT) return split(script, literal);
  const memo = literal ? literalSplits : posixSplits;
  let commands = memo.get(script);
  // A script the memo has no room for (its copy alone would not fit) is split as it is, not copied.
  if (!commands && memoBytes + 2 * script.length > SPLIT_MEMO_BUDGET_BYTES) return split(script, literal);
  if (!commands) {
    // Split a copy: every word is a piece of the text split, and a script cut from a file would
    // keep the whole file alive for as long as the memo keeps its commands.
    const owned = ownString(script);
    commands = deepFreeze(split(owned, literal));
    const cost = retainedBytes(owned, commands);
    if (memoBytes + cost <= SPLIT_MEMO_BUDGET_BYTES) {
      memo.set(owned, commands);
      memoBytes += cost;
    }
  }
  return commands;
}

function split(script: string, literal: boolean): ShellCommand[] {
  return splitRange(script, 0, script.length, literal, 0, true).sort((a, b) => a.offset - b.offset);
}

/**
 * The longest script whose commands are remembered, in UTF-16 code units. Scripts repeat: the
 * variants of one image share their RUN lines (docker-library), and workflows their steps; on the
 * real corpus of bench/README.md 2,242 scripts were split, 792 of them different, and splitting
 * was 193 ms of a 1.9 s scan.
 */
export const SPLIT_MEMO_MAX_SCRIPT = 16 * 1024;
/**
 * What the memo may hold in all, in bytes as `retainedBytes` counts them, so a pull request of a
 * million different scripts cannot grow it; scripts past it are split as before.
 * test/subjects/shell-commands-memo.test.ts fills it with the scripts that cost the most per
 * character (`a;a;…`, long pipelines) and checks the heap against it. The real corpus of
 * bench/README.md fills 3.6 MiB. Not more: what the memo holds lives to the end, and V8 lets the
 * heap grow by a multiple of what lives. 256 Dockerfiles of 16 KiB pipelines, which fill it,
 * peaked at 307 MiB without the memo, 350 MiB with 4 MiB and 477 MiB with 16 MiB (GNU time).
 */
export const SPLIT_MEMO_BUDGET_BYTES = 4 * 1024 * 1024;
let memoBytes = 0;
const posixSplits = new Map<string, readonly ShellCommand[]>();
const literalSplits = new Map<string, readonly ShellCommand[]>();

/**
 * What remembering a script costs: its copy (two bytes a code unit), and per command its object,
 * its words and their places, its variables and its pipeline's list (shared lists once). A
 * command costs several times its text (`a;` is two characters and a whole object): counting the
 * script alone let a review helper's `a;a;…` scripts hold 78 bytes a counted character, and
 * pipelines 969. The constants are V8's sizes rounded up (an object of a dozen fields, a
 * string or a small object per word, a pointer per list entry), checked by the test above.
 */
function retainedBytes(script: string, commands: readonly ShellCommand[]): number {
  let bytes = 2 * script.length + 64;
  const lists = new Set<readonly PipelineStage[]>();
  for (const command of commands) {
    bytes += 192 + 64 * command.args.length + 48 * (command.argSpans?.length ?? 0);
    if (command.env) bytes += 64 * Object.keys(command.env).length;
    if (!command.pipeline) continue;
    // Its stage in the pipeline's stages, then its list of later stages, unless shared.
    bytes += 48;
    if (!lists.has(command.pipeline)) {
      lists.add(command.pipeline);
      bytes += 64 + 8 * command.pipeline.length;
    }
  }
  return bytes;
}

/** Bytes the memo holds so far, as `retainedBytes` counts them; for tests. */
export function splitMemoBytes(): number {
  return memoBytes;
}

/** Empties the memo; for tests that measure what it holds. */
export function clearSplitMemo(): void {
  posixSplits.clear();
  literalSplits.clear();
  memoBytes = 0;
}

/** Commands shared by every caller that splits the same script: frozen, so none can change another's. */
function deepFreeze(commands: ShellCommand[]): readonly ShellCommand[] {
  for (const command of commands) {
    Object.freeze(command.args);
    if (command.argSpans) for (const span of Object.freeze(command.argSpans)) Object.freeze(span);
    if (command.pipeline) for (const stage of Object.freeze(command.pipeline)) Object.freeze(Object.freeze(stage).args);
    if (command.env) Object.freeze(command.env);
    Object.freeze(command);
  }
  return Object.freeze(commands);
}

/**
 * In a pipeline of more commands than this, all commands but the last share one list of stages:
 * the commands after the pipeline's first. A list of its own per command grows with the square of the
 * pipeline's length, and building those lists one stage at a time with its cube: a 16 KiB
 * `RUN a|a|…|a` ran for more than 15 minutes (found by a review helper). No script people write has
 * a pipeline of this many commands; reading one written to be long, a command's output is taken to
 * reach every command of the pipeline after the first, so a shell piped a download is never missed.
 */
export const MAX_PIPELINE_LISTED = 64;

/** Each command's `pipeline`: the stages after it (see `MAX_PIPELINE_LISTED` for long pipelines). */
function setPipelines(pipe: readonly ShellCommand[]): void {
  if (pipe.length < 2) return;
  const stages: PipelineStage[] = pipe.map((command) => ({ name: basename(command.name), args: command.args }));
  const shared = pipe.length > MAX_PIPELINE_LISTED ? stages.slice(1) : undefined;
  for (let index = 0; index < pipe.length - 1; index++) pipe[index]!.pipeline = shared ?? stages.slice(index + 1);
}

/**
 * `substitutions` is false for the text of a double-quoted `sh -c "…"` argument, whose
 * substitutions the enclosing scan has already split (they run in the outer shell).
 */
function splitRange(script: string, from: number, to: number, literal: boolean, depth: number, substitutions: boolean): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const scan = scanShell(script, from, to, literal);
  const bySegment: Array<ShellCommand | undefined> = [];
  const inline: Array<{ command: ShellCommand; segment: Segment; word: number; arg: number }> = [];
  /** The commands of the pipeline being read, each but the last piped into the next. */
  let pipe: ShellCommand[] = [];
  const endPipe = (): void => {
    setPipelines(pipe);
    pipe = [];
  };
  scan.segments.forEach((segment, k) => {
    const read = readCommand(script, segment, literal, scan.protect);
    const command = read?.command;
    bySegment[k] = command;
    if (!command) {
      endPipe();
      return;
    }
    const previous = pipe[pipe.length - 1];
    if (previous) previous.pipedTo = command.name;
    pipe.push(command);
    commands.push(command);
    const arg = inlineScriptIndex(command.name, command.args);
    if (arg !== undefined) inline.push({ command, segment, word: read.index + 1 + arg, arg });
    if (segment.op !== '|') endPipe();
  });
  endPipe();
  if (depth >= MAX_DEPTH) return commands;
  if (substitutions) for (const inner of scan.substitutions) commands.push(...splitRange(script, inner.start, inner.end, literal, depth + 1, true));
  // A heredoc is the standard input of the command carrying its `<<MARKER`: a script when that
  // command is a shell reading its script from standard input (`sh <<EOF`, `cat <<EOF | bash`).
  for (const { segment, body } of scan.heredocs) {
    const carrier = bySegment[segment];
    if (carrier && feedsShell(carrier)) commands.push(...splitRange(script, body.start, body.end, literal, depth + 1, true));
  }
  for (const found of inline) commands.push(...inlineCommands(script, found, literal, scan.protect, depth));
  return commands;
}

/**
 * The commands of a `sh -c '…'` script argument, at offsets in the enclosing script. The argument
 * was unquoted by shell-quote, so an offset inside it is exact only where quoting removed nothing
 * before it; it stays inside the argument's word (on its line, for a one-line script).
 */
function inlineCommands(
  script: string,
  found: { command: ShellCommand; segment: Segment; word: number; arg: number },
  literal: boolean,
  protect: readonly Span[],
  depth: number,
): ShellCommand[] {
  const text = found.command.args[found.arg]!;
  const start = wordOffset(script, found.segment, found.word, literal, protect);
  const quote = script[start];
  const base = quote === '"' || quote === "'" ? start + 1 : start;
  // Single quotes hide substitutions from the enclosing scan; in double quotes it has split them.
  const substitutions = quote === "'";
  const limit = found.segment.end;
  const exact = script.slice(base, base + text.length) === text;
  return splitRange(text, 0, text.length, literal, depth + 1, substitutions)
    .filter((command) => substitutions || !/^(\$\(|`|<\()/.test(command.name))
    .map(({ argSpans, ...command }) => ({
      ...command,
      // The wrapper's own assignments (`PRIV=true bash -c 'docker compose up'`) are the inner
      // commands' environment too, under their own (helper-45).
      ...(found.command.env ? { env: { ...found.command.env, ...command.env } } : {}),
      offset: Math.min(base + command.offset, limit),
      end: Math.min(base + command.end, limit),
      // The words' spans are offsets in the unquoted argument: in the script they are the same
      // offsets past `base` only where quoting removed nothing, else they are left out (a finding
      // is then placed on the command's line, and a fix that needs a word's place makes no edit).
      ...(argSpans && exact ? { argSpans: argSpans.map((span) => ({ start: base + span.start, end: base + span.end })) } : {}),
    }));
}

/**
 * The index in `args` of a shell's `-c` script (`sh -c 'curl … | sh'`, `bash -ec "…"`): its first
 * operand when an option cluster holds `c` (bash(1), Invocation). Undefined for other programs.
 */
export function inlineScriptIndex(name: string, args: readonly string[]): number | undefined {
  const base = basename(name);
  // flock(1) `[options] FILE -c COMMAND` runs COMMAND with `sh -c`: `-c` among its options or
  // right after the file, never further on, where it is the wrapped command's own flag
  // (`flock /tmp/l docker run -c 512 …` is docker's --cpu-shares; a review helper).
  if (base === 'flock') {
    let at = 0;
    let inline = false;
    while (at < args.length && args[at]!.startsWith('-')) {
      const option = args[at]!;
      if (option === '-c' || option === '--command') inline = true;
      at += WRAPPERS.get('flock')!.valued.has(option) ? 2 : 1;
    }
    if (args[at + 1] === '-c' || args[at + 1] === '--command') return at + 2 < args.length ? at + 2 : undefined;
    return inline && at + 1 < args.length ? at + 1 : undefined;
  }
  // watch(1) runs its one remaining argument with `sh -c` (`watch "docker ps | grep x"`); several
  // words are a command it runs, which the wrapper list sees through.
  if (base === 'watch') {
    let at = 0;
    while (at < args.length && args[at]!.startsWith('-')) at += WRAPPERS.get('watch')!.valued.has(args[at]!) ? 2 : 1;
    return at === args.length - 1 && /\s/.test(args[at]!) ? at : undefined;
  }
  // `su -c CMD`, `runuser -c CMD`, `script -c CMD` (also `-qc CMD`), `sg GROUP -c CMD` or
  // `sg GROUP CMD`: each runs CMD with a shell (helper-45: `sg docker -c "docker run --privileged …"`).
  if (base === 'su' || base === 'runuser' || base === 'script') {
    const at = args.findIndex((arg) => arg === '--command' || /^-[a-zA-Z]*c$/.test(arg));
    return at >= 0 && at + 1 < args.length ? at + 1 : undefined;
  }
  if (base === 'sg' && args.length >= 2) {
    if (args[1] === '-c' && args.length >= 3) return 2;
    return args.length === 2 ? 1 : undefined;
  }
  const options = shellOptions(name, args);
  return options?.inline && options.operand !== undefined ? options.operand : undefined;
}

/**
 * True when a shell reads its script from standard input: no `-c`, and no script file operand
 * (or `-s`, or the operand `-`), as in `curl … | sh`, `sh -s -- --flag`, `bash <<EOF`.
 */
export function readsScriptFromStdin(name: string, args: readonly string[]): boolean {
  const options = shellOptions(name, args);
  if (!options || options.inline) return false;
  return options.stdin || options.operand === undefined || STDIN_FILES.has(args[options.operand]!);
}

function shellOptions(name: string, args: readonly string[]): { inline: boolean; stdin: boolean; operand?: number } | undefined {
  if (!SHELLS.has(basename(name))) return undefined;
  let inline = false;
  let stdin = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return { inline, stdin, ...(i + 1 < args.length ? { operand: i + 1 } : {}) };
    if (arg === '-' || !/^[-+]/.test(arg)) return { inline, stdin, operand: i };
    if (arg.startsWith('--')) continue;
    const letters = arg.slice(1);
    if (letters.includes('c')) inline = true;
    if (letters.includes('s')) stdin = true;
    // `-o pipefail`: the option's name is the next word.
    if (letters.endsWith('o') || letters.endsWith('O')) i++;
  }
  return { inline, stdin };
}

/** A heredoc or piped text reaches a shell that runs it as its script. */
function feedsShell(carrier: ShellCommand): boolean {
  if (readsScriptFromStdin(carrier.name, carrier.args)) return true;
  return PASS_THROUGH.has(basename(carrier.name)) && (carrier.pipeline ?? []).some((next) => readsScriptFromStdin(next.name, next.args));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function readCommand(script: string, segment: Segment, literal: boolean, protect: readonly Span[]): { command: ShellCommand; index: number } | undefined {
  const written = script.slice(segment.start, segment.end);
  // A backslash-newline joins lines (POSIX 2.2.1); blanks of the same length keep offsets.
  // A heredoc marker (`<<-'EOF'`) redirects input from the body skipped by `scan`: blanked out.
  // Both only where their text occurs: most commands have neither (a regular expression per
  // command of every RUN chain was measurable).
  const joined = literal || !written.includes('\\') ? written : written.replace(/\\\r?\n/g, (joint) => ' '.repeat(joint.length));
  const text = joined.includes('<<') ? joined.replace(/(?<!<)<<(?!<)-?[ \t]*(["']?)[^\s"'<>|&;()]+\1/g, (marker) => ' '.repeat(marker.length)) : joined;
  const words: string[] = [];
  const spans: Array<Span | undefined> = [];
  let skipNext = false;
  const tokens = shellTokens(text, { literalBackslash: literal, protect, base: segment.start });
  const local = protect.filter((span) => span.start >= segment.start && span.end <= segment.end).map((span) => ({ start: span.start - segment.start, end: span.end - segment.start }));
  const aligned = alignSpans(text, tokens, wordSpans(text, 0, text.length, literal, local), literal, local);
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (typeof token === 'string' || ('op' in token && token.op === 'glob')) {
      const word = typeof token === 'string' ? token : 'pattern' in token ? token.pattern : '';
      if (!skipNext) {
        words.push(word);
        spans.push(aligned?.[t]);
      }
      skipNext = false;
    } else if ('comment' in token) break;
    else if ('op' in token && REDIRECTS.has(token.op)) {
      // `2>&1`, `2> err`: a file descriptor number written against the operator belongs to it.
      const last = words[words.length - 1];
      if (last !== undefined && /^\d+$/.test(last) && new RegExp(`(^|\\s)${last}[<>&]`).test(text)) {
        words.pop();
        spans.pop();
      }
      skipNext = true;
    }
  }
  const { index, sudo, env } = programIndex(words);
  const name = words[index];
  if (name === undefined || NOT_COMMANDS.has(name)) return undefined;
  const argSpans = spans.slice(index + 1);
  const command: ShellCommand = {
    name,
    args: words.slice(index + 1),
    sudo,
    ...(Object.keys(env).length ? { env } : {}),
    offset: wordOffset(script, segment, index, literal, protect),
    end: segment.end,
    ...(aligned && argSpans.every((span) => span !== undefined) ? { argSpans: argSpans.map((span) => ({ start: span.start + segment.start, end: span.end + segment.start })) } : {}),
  };
  return { command, index };
}

/**
 * Names the program a command's words run: past `VAR=value` assignments, compound-command
 * keywords, `sudo` with its options (`sudo -u app apt-get …` runs `apt-get`, as root) and
 * wrappers (`env -i`, `nohup`, `exec`, `command`).
 */
export function commandFromWords(words: readonly string[], offset: number): ShellCommand | undefined {
  const { index, sudo, env } = programIndex(words);
  const name = words[index];
  if (name === undefined || NOT_COMMANDS.has(name)) return undefined;
  return { name, args: words.slice(index + 1), sudo, ...(Object.keys(env).length ? { env } : {}), offset, end: offset };
}

function programIndex(words: readonly string[]): { index: number; sudo: boolean; env: Record<string, string> } {
  let sudo = false;
  const env: Record<string, string> = {};
  let i = 0;
  const skipOptions = (valued: ReadonlySet<string>): void => {
    while (i < words.length && words[i]!.startsWith('-')) {
      const option = words[i++]!;
      if (option === '--') break;
      if (valued.has(option)) i++;
    }
  };
  while (i < words.length) {
    const word = words[i]!;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word);
    const wrapper = WRAPPERS.get(word);
    if (assignment) {
      env[assignment[1]!] = word.slice(assignment[0].length);
      i++;
    } else if (LEADING_KEYWORDS.has(word)) i++;
    else if (word === 'sudo') {
      sudo = true;
      i++;
      skipOptions(SUDO_VALUE_OPTIONS);
    } else if (wrapper && !(word === 'command' && /^-[vV]$/.test(words[i + 1] ?? '')) && inlineScriptIndex(word, words.slice(i + 1)) === undefined) {
      // Not when it runs a script string (`watch "…"`, `flock FILE -c "…"`): the wrapper is then
      // the command, and its script is split as `sh -c`'s is (inlineScriptIndex).
      // `command -v docker` asks where docker is; it does not run it.
      i++;
      skipOptions(wrapper.valued);
      i += wrapper.operands ?? 0;
      if (wrapper.root) sudo = true;
    } else break;
  }
  return { index: i, sudo, env };
}

/**
 * Where the segment's word number `skip` starts (so `then wget …` is placed at `wget`, which may
 * be on a later line), past blanks, backslash-newline continuations, quoted words and protected spans.
 */
function wordOffset(script: string, segment: Segment, skip: number, literal: boolean, protect: readonly Span[]): number {
  const spanAt = new Map(protect.map((span) => [span.start, span.end]));
  const blanks = (from: number): number => {
    let i = from;
    while (i < segment.end) {
      if (/\s/.test(script[i]!)) i++;
      else if (!literal && script[i] === '\\' && (script[i + 1] === '\n' || script[i + 1] === '\r')) i += script[i + 2] === '\n' ? 3 : 2;
      else break;
    }
    return i;
  };
  let i = blanks(segment.start);
  for (let word = 0; word < skip && i < segment.end; word++) {
    let quote: string | undefined;
    while (i < segment.end && (quote !== undefined || !/\s/.test(script[i]!))) {
      const c = script[i]!;
      const protectedEnd = quote === undefined ? spanAt.get(i) : undefined;
      if (protectedEnd !== undefined) {
        i = protectedEnd;
        continue;
      }
      if (c === '\\' && quote !== "'" && !literal) i++;
      else if (quote === undefined && (c === '"' || c === "'")) quote = c;
      else if (c === quote) quote = undefined;
      i++;
    }
    i = blanks(i);
  }
  return Math.min(i, segment.end);
}
