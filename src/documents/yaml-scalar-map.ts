import { Scalar } from 'yaml';

/**
 * Where each character of a scalar's value is written in the file: `start[i]`/`end[i]` are the
 * source offsets of value character `i` (an escape such as `\"` spans two source characters), or
 * -1 for a blank, which folding may have made from a line break.
 */
export interface ScalarSourceMap {
  start: Int32Array;
  end: Int32Array;
}

/** One character of the value as the source writes it. */
interface Unit {
  text: string;
  start: number;
  end: number;
}

/** Blanks are where YAML's folding and indentation change the text: they are never mapped. */
const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** YAML 1.2 §5.7 single-character escapes of double-quoted scalars. */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Maps a scalar's value back to the file, for every style: block literal and folded (with any
 * chomping or indentation indicator), plain and quoted multi-line scalars. YAML changes only
 * blanks when it reads a scalar (it strips indentation, folds line breaks into spaces) and, in
 * quoted styles, escapes; so the value's non-blank characters are the source's, in order, once
 * escapes are decoded. They are aligned one by one, and any disagreement gives undefined: a place
 * that cannot be confirmed is never reported.
 */
export function scalarSourceMap(node: Scalar, text: string): ScalarSourceMap | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const [from, , to] = node.range;
  const units = sourceUnits(node.type, text, from, to);
  if (!units) return undefined;
  const start = new Int32Array(value.length).fill(-1);
  const end = new Int32Array(value.length).fill(-1);
  let i = 0;
  while (i < value.length) {
    if (isBlank(value[i]!)) {
      i++;
      continue;
    }
    let unit = units.next();
    while (!unit.done && isBlank(unit.value.text)) unit = units.next();
    if (unit.done || !unit.value.text || value.slice(i, i + unit.value.text.length) !== unit.value.text) return undefined;
    for (let k = 0; k < unit.value.text.length; k++) {
      start[i + k] = unit.value.start;
      end[i + k] = unit.value.end;
    }
    i += unit.value.text.length;
  }
  return { start, end };
}

/** The source characters of a scalar, escapes decoded; undefined for a style not known here. */
function sourceUnits(type: Scalar['type'], text: string, from: number, to: number): Iterator<Unit> | undefined {
  switch (type) {
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      // The content starts on the line after the `|`/`>` header (which may carry a comment).
      const newline = text.indexOf('\n', from);
      return newline < 0 ? undefined : plainUnits(text, newline + 1, to);
    }
    case Scalar.PLAIN:
      return plainUnits(text, from, to);
    case Scalar.QUOTE_SINGLE:
      return singleQuotedUnits(text, from + 1, to);
    case Scalar.QUOTE_DOUBLE:
      return doubleQuotedUnits(text, from + 1, to);
    default:
      return undefined;
  }
}

function* plainUnits(text: string, from: number, to: number): Iterator<Unit> {
  for (let i = from; i < to; i++) yield { text: text[i]!, start: i, end: i + 1 };
}

function* singleQuotedUnits(text: string, from: number, to: number): Iterator<Unit> {
  for (let i = from; i < to; i++) {
    if (text[i] === "'" && text[i + 1] === "'") {
      yield { text: "'", start: i, end: i + 2 };
      i++;
    } else yield { text: text[i]!, start: i, end: i + 1 };
  }
}

function* doubleQuotedUnits(text: string, from: number, to: number): Iterator<Unit> {
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      yield { text: c, start: i, end: i + 1 };
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === '\n' || next === '\r') {
      // An escaped line break joins the lines: it adds nothing to the value.
      yield { text: '\n', start: i, end: i + 2 };
      i++;
      continue;
    }
    const length = HEX_LENGTH[next];
    if (length !== undefined) {
      const hex = text.slice(i + 2, i + 2 + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) return;
      yield { text: String.fromCodePoint(Number.parseInt(hex, 16)), start: i, end: i + 2 + length };
      i += 1 + length;
      continue;
    }
    const decoded = ESCAPES[next];
    if (decoded === undefined) return;
    yield { text: decoded, start: i, end: i + 2 };
    i++;
  }
}
