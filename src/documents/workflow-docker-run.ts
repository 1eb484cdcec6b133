import { splitScriptLine } from '../subjects/docker-words.js';

/** A `docker run` / `docker create` found in a script. */
export interface DockerRunInvocation {
  /** 0-based line of the script where the command starts. */
  line: number;
  subcommand: 'run' | 'create';
  /** The words after `run` / `create`. */
  argv: string[];
}

/** Docker's global options that take a value (`docker -H tcp://… run`, `docker --context x run`). */
const GLOBAL_VALUED = new Set(['-c', '--context', '--config', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/**
 * Words after which the next word is the command: wrappers (`sudo`, `env`, `time`) and the
 * keywords that open a compound command (`if docker run …; then`).
 */
const WRAPPERS = new Set(['sudo', 'time', 'exec', 'command', 'nohup', 'env', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{']);
const SUDO_VALUED = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U']);

/**
 * Finds `docker run`, `docker create` and `docker container run|create` in a shell script, line
 * by line: `\` continuations are joined, each line is split into simple commands at `&&`, `||`,
 * `;`, `|` and subshell parentheses, and leading variable assignments, wrappers (`sudo`, `env`,
 * `time`) and compound-command keywords (`if`, `then`, `do`) are skipped. A scan, not a shell:
 * heredocs and functions are not followed.
 */
export function findDockerRuns(script: string): DockerRunInvocation[] {
  const found: DockerRunInvocation[] = [];
  const lines = script.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let logical = lines[index]!;
    while (continues(logical) && index + 1 < lines.length) {
      logical = `${logical.slice(0, -1)} ${lines[++index]!}`;
    }
    if (!/\bdocker\b/.test(logical)) continue;
    for (const words of splitScriptLine(logical)) {
      const invocation = dockerInvocation(words);
      if (invocation) found.push({ line: start, ...invocation });
    }
  }
  return found;
}

/** A line ending in an odd number of backslashes continues on the next one. */
function continues(line: string): boolean {
  let count = 0;
  while (count < line.length && line[line.length - 1 - count] === '\\') count++;
  return count % 2 === 1;
}

function dockerInvocation(words: string[]): Omit<DockerRunInvocation, 'line'> | undefined {
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (/^[A-Za-z_]\w*=/.test(word)) i++;
    else if (WRAPPERS.has(word)) {
      i++;
      while (words[i]?.startsWith('-')) {
        const option = words[i++]!;
        if (word === 'sudo' && SUDO_VALUED.has(option)) i++;
      }
    } else break;
  }
  if (!/(^|\/)docker$/.test(words[i] ?? '')) return undefined;
  i++;
  while (words[i]?.startsWith('-')) if (GLOBAL_VALUED.has(words[i++]!)) i++;
  let subcommand = words[i++];
  if (subcommand === 'container') subcommand = words[i++];
  if (subcommand !== 'run' && subcommand !== 'create') return undefined;
  return { subcommand, argv: words.slice(i) };
}
