import { longFlag, shortFlag } from '../languages/docker-flag-table.js';
import { alignSpans, wordSpans } from '../languages/shell-word-spans.js';
import { expressionSpans, isUnknownWord, type Span, shellTokens, shellWords } from '../languages/shell-words.js';
import type { ContainerOrigin, ContainerSpec } from './container.js';
import { applyFlag, emptyContainerSpec } from './docker-flag-apply.js';

/**
 * Splits a job container's `options:` string into argv words with shell quoting (`"a b"` is one
 * word), keeping `${{ … }}` expressions whole. The runner passes the string to `docker create`
 * without a shell, so operators are literal words.
 */
export function splitDockerOptions(options: string): string[] {
  return shellWords(options);
}

/**
 * `splitDockerOptions` with where each word is written in `options` (`[start, end)` offsets), or
 * no spans when the words cannot all be placed (shell-word-spans.ts).
 */
export function splitDockerOptionsWithSpans(options: string): { words: string[]; spans?: Span[] } {
  const words = splitDockerOptions(options);
  const protect = expressionSpans(options);
  const aligned = alignSpans(options, shellTokens(options), wordSpans(options, 0, options.length, false, protect), false, protect);
  if (!aligned || aligned.length !== words.length || aligned.some((span) => span === undefined)) return { words };
  return { words, spans: aligned as Span[] };
}

/** One flag as written, after pflag's grammar resolved its name and value. */
export interface DockerFlag {
  /** Canonical long name (`-v` → `volume`, `--net` → `network`). */
  name: string;
  /** The value; `"true"` for a boolean written bare. */
  value: string;
}

/**
 * Which words set a field of the spec: `path` (a JSON Pointer into the spec) was set by argv
 * words `first` to `last` (the flag and its value). The last flag to set a path wins, as in Docker.
 */
export interface FlagSource {
  path: string;
  first: number;
  last: number;
}

/** What a run of docker flags says. */
export interface DockerFlags {
  spec: ContainerSpec;
  /** Where each field the flags set was written, one entry per path. */
  sources: FlagSource[];
  flags: DockerFlag[];
  /** Flags Docker does not know (as written), skipped without consuming a value. */
  unknownFlags: string[];
  /** The words after the flags: from the first positional word on (a `--` ending the flags is dropped). */
  rest: string[];
}

/** A `docker run` / `docker create` command line. */
export interface DockerRun extends Omit<DockerFlags, 'rest'> {
  /** The image as written, even when it is an expression; absent when the command has none. */
  image?: string;
  /** Which word of argv the image is. */
  imageIndex?: number;
  /** The command and arguments after the image. */
  command: string[];
}

/**
 * Reads docker CLI flags the way Docker's flag library (spf13/pflag) does: `--flag value`,
 * `--flag=value`, `-v value`, `-vvalue`, `-v=value`, combined booleans (`-it`, `-itd`) ending in
 * at most one value flag (`-itp 80:80`), `--bool=false`. Repeated flags accumulate. Like
 * `docker run`, it stops at the first word that is not a flag, or after `--`. `cwd` is the
 * repository-relative folder the command runs in (`''`, the workspace, by default), against which
 * a relative bind source (`-v ./x:/x`) resolves.
 */
export function parseDockerFlags(argv: readonly string[], origin: ContainerOrigin, cwd = ''): DockerFlags {
  const spec = emptyContainerSpec(origin);
  const flags: DockerFlag[] = [];
  const unknownFlags: string[] = [];
  const sources = new Map<string, FlagSource>();
  let first = 0;
  const add = (name: string, value: string): void => {
    flags.push({ name, value });
    const path = applyFlag(spec, name, value, cwd);
    if (path === undefined) return;
    sources.delete(path);
    sources.set(path, { path, first, last: index - 1 });
  };
  let index = 0;
  while (index < argv.length) {
    const word = argv[index]!;
    first = index;
    if (word === '--') {
      index++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    index++;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const def = longFlag(eq < 0 ? word.slice(2) : word.slice(2, eq));
      if (!def) unknownFlags.push(word);
      else if (eq >= 0) add(def.name, word.slice(eq + 1));
      else if (def.kind === 'boolean') add(def.name, 'true');
      else if (index < argv.length) add(def.name, argv[index++]!);
      continue;
    }
    // A group of one-letter flags: booleans until a value flag, which takes the rest of the word
    // (less a leading `=`) or else the next word.
    for (let at = 1; at < word.length; at++) {
      const def = shortFlag(word[at]!);
      if (!def) {
        unknownFlags.push(word);
        break;
      }
      const attached = word.slice(at + 1);
      if (def.kind === 'boolean') {
        if (attached.startsWith('=')) {
          add(def.name, attached.slice(1));
          break;
        }
        add(def.name, 'true');
        continue;
      }
      if (attached !== '') add(def.name, attached.startsWith('=') ? attached.slice(1) : attached);
      else if (index < argv.length) add(def.name, argv[index++]!);
      break;
    }
  }
  return { spec, sources: [...sources.values()], flags, unknownFlags, rest: argv.slice(index) };
}

/**
 * Parses the words after `docker run` (or `docker create`): flags, then the image, then the
 * command. The spec's `image` is set only when the image is known; `image` keeps it as written
 * so that an image subject can still say it is a variable.
 */
export function parseDockerRun(argv: readonly string[], origin: ContainerOrigin, cwd = ''): DockerRun {
  const { spec, sources, flags, unknownFlags, rest } = parseDockerFlags(argv, origin, cwd);
  const [image, ...command] = rest;
  if (image !== undefined && !isUnknownWord(image)) spec.image = image;
  if (command.length > 0) spec.command = command.map((word) => (isUnknownWord(word) ? '' : word));
  const imageIndex = argv.length - rest.length;
  if (image !== undefined) sources.push({ path: '/image', first: imageIndex, last: imageIndex });
  return { spec, sources, flags, unknownFlags, ...(image !== undefined ? { image } : {}), ...(image !== undefined ? { imageIndex } : {}), command };
}
