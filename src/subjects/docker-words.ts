import { type ParseEntry, parse } from 'shell-quote';

/**
 * Splitting command lines into words with `shell-quote`, without letting it touch GitHub
 * expressions: shell-quote reads `$` as the start of a variable, so `${{ matrix.image }}` would be
 * mangled (or make it throw "Bad substitution"). Each expression is swapped for an inert
 * placeholder word first and restored afterwards, so it survives as one unknown token.
 */

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;
const PLACEHOLDER = /__containment_expr_(\d+)__/g;

/** Operators that end one simple command and start the next (lists, pipelines, subshells). */
const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '(', ')']);

/**
 * True when a word's value is not known before run time: it holds a `${{ }}` expression or a
 * shell variable. Such a value is never matched by a rule; the field it would fill stays absent.
 */
export function isUnknownWord(word: string): boolean {
  return word.includes('$');
}

/**
 * Splits a docker `options:` string into argv words with shell quoting rules (`"a b"` is one
 * word), keeping `${{ … }}` expressions intact. Operators are kept as literal words: the runner
 * hands the string to `docker create` without a shell, so `|` there is just an argument.
 */
export function splitDockerOptions(options: string): string[] {
  return tokenize(options).flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if ('op' in entry) return [entry.op === 'glob' && 'pattern' in entry ? entry.pattern : entry.op];
    return [];
  });
}

/**
 * Splits one logical shell line into its simple commands (`a && b | c; d` → three or four word
 * lists). Redirections and their targets are dropped, and a comment ends the line.
 */
export function splitScriptLine(line: string): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  let skipNext = false;
  for (const entry of tokenize(line)) {
    if (typeof entry === 'string' || (('op' in entry) && entry.op === 'glob')) {
      const word = typeof entry === 'string' ? entry : 'pattern' in entry ? entry.pattern : '';
      if (skipNext) skipNext = false;
      else current.push(word);
      continue;
    }
    if ('comment' in entry) break;
    if (SEPARATORS.has(entry.op)) {
      if (current.length) commands.push(current);
      current = [];
    } else {
      skipNext = true; // `>`, `>>`, `<`, `>&`, `<(`: the next word is a file, not an argument
    }
  }
  if (current.length) commands.push(current);
  return commands;
}

function tokenize(text: string): ParseEntry[] {
  const expressions: string[] = [];
  const guarded = text.replace(EXPRESSION, (expression) => {
    expressions.push(expression);
    return `__containment_expr_${expressions.length - 1}__`;
  });
  const restore = (word: string): string =>
    word.replace(PLACEHOLDER, (placeholder, index: string) => expressions[Number(index)] ?? placeholder);
  let entries: ParseEntry[];
  try {
    // Shell variables stay as written (`$HOME`, `${TAG:-x}`): they are unknown here, not empty.
    entries = parse(guarded, (name) => (/^\w+$/.test(name) ? `$${name}` : `\${${name}}`));
  } catch {
    // shell-quote rejects some substitutions (`${`); plain whitespace splitting still finds flags.
    entries = guarded.split(/\s+/).filter(Boolean);
  }
  return entries.map((entry) => {
    if (typeof entry === 'string') return restore(entry);
    if ('op' in entry && entry.op === 'glob') return { op: 'glob', pattern: restore(entry.pattern) };
    return entry;
  });
}
