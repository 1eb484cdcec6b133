/**
 * An array written element by element, each mapped only when it is written: a report of hundreds
 * of thousands of findings is never held a second time as its JSON shape. What `map` returns is
 * written with JSON.stringify: it holds no `MappedList` itself.
 */
export class MappedList<T, U> {
  constructor(
    readonly source: readonly T[],
    readonly map: (item: T) => U,
  ) {}
}

/**
 * `JSON.stringify(value, null, 2)` plus a final newline, in pieces: the same bytes, with every
 * `MappedList` (at any depth) written one element at a time. Values follow JSON.stringify's rules
 * (`undefined` and functions left out of objects, `null` in arrays).
 */
export function* prettyJsonChunks(value: unknown): Generator<string> {
  yield* chunks(value, '');
  yield '\n';
}

function* chunks(value: unknown, indent: string): Generator<string> {
  if (value instanceof MappedList) {
    yield* mappedChunks(value, indent);
    return;
  }
  if (!hasList(value)) {
    yield indented(JSON.stringify(value, null, 2) ?? 'null', indent);
    return;
  }
  if (Array.isArray(value)) {
    yield* listChunks(value.length, (index) => value[index], indent);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol');
  const inner = `${indent}  `;
  yield '{\n';
  for (const [index, [key, item]] of entries.entries()) {
    yield `${inner}${JSON.stringify(key)}: `;
    yield* chunks(item, inner);
    yield index < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

function* listChunks(length: number, at: (index: number) => unknown, indent: string): Generator<string> {
  if (length === 0) {
    yield '[]';
    return;
  }
  const inner = `${indent}  `;
  yield '[\n';
  for (let index = 0; index < length; index++) {
    const item = at(index);
    yield inner;
    yield* chunks(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, inner);
    yield index < length - 1 ? ',\n' : '\n';
  }
  yield `${indent}]`;
}

/**
 * Characters of JSON one batch of a mapped list aims at: one JSON.stringify and one re-indent per
 * batch, so the strings made stay under the 128 KiB past which V8 puts a string straight into its
 * old generation (see `WRITE_BATCH_CHARS` in write-output.ts) even stored two bytes a character,
 * as a batch is once one message holds `…`. With 256 findings a batch (about 250 KB), the report's
 * strings went there and made the peak of a scan of the 10 copies of the real corpus of
 * bench/README.md (451 against 401 MB with 64 a batch, alternated runs; issue #17). A single
 * element longer than this is still one string.
 */
const BATCH_CHARS = 24 * 1024;

/** Elements in the first batch, before the size of one tells how many fit in `BATCH_CHARS`. */
const FIRST_BATCH = 16;

/** At most this many elements a batch, so that small elements followed by large ones cannot make a long batch. */
const MAX_BATCH = 32;

/**
 * A mapped list: its elements straight through JSON.stringify (they hold no list; see
 * `MappedList`), a batch at a time, each batch as many elements as the last one's size says fit
 * in `BATCH_CHARS`. JSON.stringify writes a batch's elements two spaces in, as an array's; each
 * line then gets the list's own indent. Per element, this was 0.5 s of a 14 s scan that reports
 * 136,660 findings.
 */
function* mappedChunks<T, U>(list: MappedList<T, U>, indent: string): Generator<string> {
  const { source, map } = list;
  if (source.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  let count = FIRST_BATCH;
  for (let start = 0; start < source.length; ) {
    const end = Math.min(start + count, source.length);
    const batch: unknown[] = [];
    for (let index = start; index < end; index++) batch.push(map(source[index] as T));
    // `[\n` + elements + `\n]`: the elements' lines only.
    const lines = (JSON.stringify(batch, null, 2) as string).slice(2, -2);
    yield `${indented(`${indent}${lines}`, indent)}${end < source.length ? ',\n' : '\n'}`;
    count = Math.min(MAX_BATCH, Math.max(1, Math.floor((count * BATCH_CHARS) / Math.max(lines.length, 1))));
    start = end;
  }
  yield `${indent}]`;
}

/** JSON.stringify's lines, every one after the first indented by `indent`. */
function indented(text: string, indent: string): string {
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** Whether a plain object or array holds a `MappedList` somewhere (one with `toJSON` is left to JSON.stringify). */
function hasList(value: unknown): boolean {
  if (value instanceof MappedList) return true;
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(hasList);
}
