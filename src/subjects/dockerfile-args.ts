/**
 * Build arguments declared before the first `FROM`: the only variables a `FROM` line can use
 * (https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact).
 * A value is `null` when the ARG has no default: `--build-arg` decides it, so it is unknown here.
 */
export type GlobalArgs = ReadonlyMap<string, string | null>;

/**
 * Collects the global ARGs in order. A default may use an earlier ARG (`ARG IMAGE=${BASE}:1`),
 * which Docker expands as it reads them; a later declaration of the same name wins.
 */
export function collectGlobalArgs(declarations: Iterable<{ name: string; value: string | null }>): GlobalArgs {
  const args = new Map<string, string | null>();
  for (const { name, value } of declarations) args.set(name, value === null ? null : expandArgs(value, args));
  return args;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** BuildKit sets these in the global scope without a declaration, from the build's platforms. */
const AUTOMATIC = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and `${VAR+alt}`
 * as Docker's shell-word lexer does. What cannot be known here (an ARG without a default, a
 * variable never declared, a form we do not evaluate) is left as written, so the result still
 * holds a `$` and is judged as a variable rather than guessed at.
 */
export function expandArgs(word: string, args: GlobalArgs): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const c = word[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (word[i + 1] === '{') {
      const close = word.indexOf('}', i + 2);
      if (close < 0) return out + word.slice(i);
      out += expandBraced(word.slice(i, close + 1), word.slice(i + 2, close), args);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(word.slice(i + 1))?.[0];
    if (name === undefined) {
      out += c;
      i++;
      continue;
    }
    const value = args.get(name);
    out += typeof value === 'string' ? value : word.slice(i, i + 1 + name.length);
    i += 1 + name.length;
  }
  return out;
}

function expandBraced(written: string, body: string, args: GlobalArgs): string {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) return written;
  const operator = /^(:?[-+])?/.exec(body.slice(name.length))?.[0] ?? '';
  const operand = body.slice(name.length + operator.length);
  if (operator === '' && operand !== '') return written; // `${VAR:?err}`, `${VAR#pattern}`, …
  const declared = args.has(name);
  const value = args.get(name);
  // Only a declared ARG can be set with --build-arg, so an undeclared one is known to be unset.
  if ((declared && value === null) || (!declared && AUTOMATIC.has(name))) return written;
  const set = declared;
  const nonEmpty = typeof value === 'string' && value !== '';
  switch (operator) {
    case '':
      return typeof value === 'string' ? value : written;
    case ':-':
      return nonEmpty ? value : expandArgs(operand, args);
    case '-':
      return set ? (value ?? '') : expandArgs(operand, args);
    case ':+':
      return nonEmpty ? expandArgs(operand, args) : '';
    default:
      return set ? expandArgs(operand, args) : '';
  }
}
