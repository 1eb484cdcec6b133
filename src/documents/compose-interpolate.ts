import type { ComposeEnv } from './compose-env-file.js';

/** Why a variable reference left its value unknown. */
export interface UnresolvedVariable {
  name: string;
  /** `unset`: no value; `required`: `${VAR:?msg}` / `${VAR?msg}`; `invalid`: not a reference Compose reads. */
  reason: 'unset' | 'required' | 'invalid';
  /** The author's `:?` message, or the invalid text. */
  detail?: string;
}

export type Interpolated = { ok: true; value: string } | { ok: false; unresolved: UnresolvedVariable[] };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

/**
 * Substitutes variables in one scalar the way Compose does
 * (https://docs.docker.com/reference/compose-file/interpolation/): `$VAR`, `${VAR}`,
 * `${VAR:-default}` (unset or empty), `${VAR-default}` (unset), `${VAR:?err}` / `${VAR?err}`
 * (Compose refuses to start), `${VAR:+alt}` / `${VAR+alt}`, `$$` for a literal `$`, and defaults
 * that hold references themselves. A `$` before anything else stays as written, as in Compose.
 *
 * Only `env` (the `.env` file) is consulted: a CI runner's environment is not the deployment's.
 * A reference that stays unresolved makes the whole scalar unknown; arguments are evaluated
 * lazily, so `${A:-${B}}` with `A` set never asks for `B`.
 */
export function interpolate(text: string, env: ComposeEnv): Interpolated {
  if (!text.includes('$')) return { ok: true, value: text };
  const unresolved: UnresolvedVariable[] = [];
  const value = substitute(text, env, unresolved, 0);
  return unresolved.length ? { ok: false, unresolved } : { ok: true, value };
}

function substitute(text: string, env: ComposeEnv, unresolved: UnresolvedVariable[], depth: number): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close < 0 || depth > 20) {
        unresolved.push({ name: text.slice(dollar), reason: 'invalid', detail: text.slice(dollar) });
        return out;
      }
      out += braced(text.slice(dollar + 2, close), env, unresolved, depth);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (name === undefined) {
        out += '$';
        i = dollar + 1;
      } else {
        out += lookup(name, env, unresolved);
        i = dollar + 1 + name.length;
      }
    }
  }
  return out;
}

/** The `}` closing a `${`, counting nested `${…}` in defaults. */
function matchingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function braced(inner: string, env: ComposeEnv, unresolved: UnresolvedVariable[], depth: number): string {
  const name = NAME.exec(inner)?.[0];
  const rest = name === undefined ? inner : inner.slice(name.length);
  if (name === undefined) {
    unresolved.push({ name: `\${${inner}}`, reason: 'invalid', detail: `\${${inner}}` });
    return '';
  }
  if (rest === '') return lookup(name, env, unresolved);
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (!operator) {
    unresolved.push({ name: `\${${inner}}`, reason: 'invalid', detail: `\${${inner}}` });
    return '';
  }
  const argument = () => substitute(rest.slice(operator.length), env, unresolved, depth + 1);
  const has = env.has(name);
  const value = env.get(name);
  const empty = has && value === '';
  switch (operator) {
    case ':-':
      return !has || empty ? argument() : lookup(name, env, unresolved);
    case '-':
      return !has ? argument() : lookup(name, env, unresolved);
    case ':+':
      return has && !empty ? argumentIfKnown(name, value, argument, unresolved) : '';
    case '+':
      return has ? argumentIfKnown(name, value, argument, unresolved) : '';
    case ':?':
    case '?':
      if (!has || (operator === ':?' && empty)) {
        unresolved.push({ name, reason: 'required', detail: argument() });
        return '';
      }
      return lookup(name, env, unresolved);
  }
}

/** `${VAR:+alt}` where VAR's own value is unknown: whether it is empty is unknown too. */
function argumentIfKnown(name: string, value: string | null | undefined, argument: () => string, unresolved: UnresolvedVariable[]): string {
  if (value === null) {
    unresolved.push({ name, reason: 'unset' });
    return '';
  }
  return argument();
}

function lookup(name: string, env: ComposeEnv, unresolved: UnresolvedVariable[]): string {
  const value = env.get(name);
  if (value === undefined || value === null) {
    unresolved.push({ name, reason: 'unset' });
    return '';
  }
  return value;
}
