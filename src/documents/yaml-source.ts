import {
  Composer,
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  Parser,
  Scalar,
} from 'yaml';
import { parsePointer } from '../core/json-pointer.js';
import { memoOn } from '../core/memo-on.js';
import type { Problem, Range } from '../core/source-document.js';
import { LineIndex, rangeAt } from '../core/text-lines.js';
import { yamlErrorMeaning } from './yaml-error-text.js';
import { MAX_NESTING_DEPTH, tooDeepOffset } from './yaml-nesting.js';
import { type ScalarSourceMap, scalarSourceMap } from './yaml-scalar-map.js';
import { aliasTargets, type MergeDirective, yamlValue } from './yaml-value.js';

/** One YAML document of a file: its plain value and a way back from pointers to text. */
export interface YamlSource {
  /** The first document's value, merge keys applied, later duplicate keys winning. */
  value: unknown;
  /** Every document's value, for the rare multi-document file. */
  values: unknown[];
  /** Each document's Compose merge directives (`!reset`, `!override`), when asked for. */
  directives: MergeDirective[][];
  problems: Problem[];
  /** True when the file could not be read as YAML: its value must not be judged. */
  broken: boolean;
  /** Locates a pointer in document `index` (default the first). */
  locate(pointer: string, lineOffset?: number, index?: number): Range;
  /**
   * Locates characters `start` to `end` (offsets into the string value, end exclusive) of the
   * scalar at `pointer` in the first document, wherever its style put them in the file (see
   * yaml-scalar-map.ts). With `wholeLine`, the range is the text of the line where `start` is
   * written (within the scalar). Undefined when the pointer is not a string scalar or the place cannot be confirmed.
   */
  locateText(pointer: string, start: number, end: number, wholeLine?: boolean): Range | undefined;
  /**
   * The composed tree when the file is exactly one YAML document that parsed without errors, for
   * fixes (`SourceDocument.syntax`); null otherwise, as no edit is proposed in such a file.
   */
  tree: Document | null;
}

type Located = { node: Node | null; pair?: Pair<unknown, unknown> };

/**
 * Parses YAML once, keeping the AST so that any pointer can be located later. With
 * `composeDirectives`, Compose's `!reset` and `!override` tags are read as merge directives
 * (see `yamlValue`); otherwise a tagged value is kept as written.
 */
export function readYaml(text: string, options: { composeDirectives?: boolean } = {}): YamlSource {
  const problems: Problem[] = [];
  // Positions come from our own line index, not the parser's LineCounter: in broken YAML (an
  // unterminated quoted string) the parser skips line breaks and its positions run past the line.
  const lines = new LineIndex(text);
  const at = (offset: number, end = offset): Range => rangeAt(text, lines, offset, end);
  let broken = false;
  const values: unknown[] = [];
  const directives: MergeDirective[][] = [];
  const refuse = (message: string, offset: number): YamlSource => {
    const range = at(offset);
    return { value: null, values: [null], directives: [[]], problems: [{ ruleId: 'parse-error', message, range }], broken: true, locate: () => range, locateText: () => undefined, tree: null };
  };

  // A NUL never occurs in YAML text (YAML 1.2 §5.1): this is a binary file with a YAML name, and
  // its bytes would only produce a page of meaningless syntax errors.
  if (text.includes('\0')) return refuse('This file is binary (it contains NUL bytes), not YAML, so it was not checked.', 0);

  // parseAllDocuments, in its two steps, so that nesting is checked between them: the parser
  // keeps its own stack, the composer recurses once per level.
  const plain = !text.includes('&') && !text.includes('*');
  const lineCounter = new LineCounter();
  const composer = new Composer({ merge: true, uniqueKeys: false, keepSourceTokens: false });
  const list: Document[] = [];
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    const deep = token.type === 'document' ? tooDeepOffset(token) : undefined;
    if (deep !== undefined) return refuse(TOO_DEEP, deep);
    list.push(...composer.next(token));
  }
  list.push(...composer.end());

  for (const doc of list) {
    let tooDeep = false;
    for (const error of doc.errors) {
      broken = true;
      const [start, end] = error.pos;
      // Nesting is limited before composing; should the stack still run out, the composer
      // recovers at every level and reports each: one problem says it.
      if (/Maximum call stack size exceeded/.test(error.message)) {
        if (tooDeep) continue;
        tooDeep = true;
        problems.push({ ruleId: 'parse-error', message: TOO_DEEP, range: at(start, Math.max(end, start)) });
        continue;
      }
      const range = at(start, Math.max(end, start));
      problems.push({
        ruleId: 'parse-error',
        message: `This file is not valid YAML at line ${range.start.line}, column ${range.start.column} (${yamlErrorMeaning(error.code)}), so nothing in it was checked.`,
        range,
      });
    }
    reportDuplicateKeys(doc.contents, at, problems);
    if (doc.errors.length) {
      values.push(null);
      directives.push([]);
      continue;
    }
    const converted = yamlValue(doc, { ...options, noAliases: plain });
    if ('value' in converted) {
      values.push(converted.value);
      directives.push(converted.directives);
    } else {
      broken = true;
      values.push(null);
      directives.push([]);
      const range = at(converted.problem.offset);
      const { code } = converted.problem;
      // An undefined alias says which (when its name is plainly a name); other codes say what kind.
      const message =
        code === 'BAD_ALIAS'
          ? `This file is not valid YAML at line ${range.start.line}, column ${range.start.column}: ${converted.problem.message}`
          : code
            ? `This file is not valid YAML at line ${range.start.line}, column ${range.start.column} (${yamlErrorMeaning(code)}), so nothing in it was checked.`
            : converted.problem.message;
      problems.push({ ruleId: 'parse-error', message, range });
    }
  }

  const locate = (pointer: string, lineOffset?: number, index = 0): Range => {
    const doc = list[index] ?? list[0];
    if (!doc?.contents) return at(0);
    const found = walk(doc, parsePointer(pointer));
    return rangeOf(found, text, at, lines, lineOffset);
  };

  const locateText = (pointer: string, start: number, end: number, wholeLine = false): Range | undefined => {
    const doc = list[0];
    if (!doc?.contents) return undefined;
    // A script reused through an alias is read from its anchor, where its words are written.
    const { node } = walk(doc, parsePointer(pointer), true);
    const scalar = deref(doc, node);
    if (!isScalar(scalar)) return undefined;
    const map = cachedScalarMap(scalar, text);
    if (!map) return undefined;
    let from = Math.max(0, start);
    let to = Math.min(end, map.start.length);
    while (from < to && map.start[from]! < 0) from++;
    while (to > from && map.start[to - 1]! < 0) to--;
    if (from >= to) return undefined;
    const sourceStart = map.start[from]!;
    let sourceEnd = map.end[to - 1]!;
    if (!wholeLine) return at(sourceStart, sourceEnd);
    // The line's text, from its first non-blank character (not before the scalar's) to its end.
    const newline = text.indexOf('\n', sourceStart);
    sourceEnd = newline < 0 ? text.length : newline;
    while (sourceEnd > sourceStart && /\s/.test(text[sourceEnd - 1]!)) sourceEnd--;
    let lineStart = text.lastIndexOf('\n', sourceStart - 1) + 1;
    while (lineStart < sourceStart && /\s/.test(text[lineStart]!)) lineStart++;
    const first = map.start.find((offset) => offset >= 0) ?? sourceStart;
    return at(Math.max(lineStart, Math.min(first, sourceStart)), sourceEnd);
  };

  const tree = list.length === 1 && !broken ? list[0]! : null;
  return { value: values[0] ?? null, values, directives, problems, broken, locate, locateText, tree };
}

/** Each scalar's map is built once: a script's words are located one by one. */
const scalarMaps = new WeakMap<Scalar, ScalarSourceMap | null>();

function cachedScalarMap(node: Scalar, text: string): ScalarSourceMap | undefined {
  let map = scalarMaps.get(node);
  if (map === undefined) {
    map = scalarSourceMap(node, text) ?? null;
    scalarMaps.set(node, map);
  }
  return map ?? undefined;
}

const TOO_DEEP = `This file nests its collections more than ${MAX_NESTING_DEPTH} levels deep, more than Containment reads, so nothing in it was checked.`;

/**
 * Follows a pointer through maps (including `<<` merge sources), sequences and aliases. A path
 * that goes on through an alias (`container: *shared`, then `image`) is placed on the alias,
 * where this job or service takes the value: two jobs sharing one anchor get a finding each, on
 * their own lines (so annotations and suppressions are per job); the anchor, where the value is
 * written, is one alias hop away. `locateInAlias` places it inside the anchor instead.
 */
function walk(doc: Document, segments: string[], locateInAlias = false): Located {
  let current: Located = { node: doc.contents as Node };
  let aliasUse: Located | undefined;
  for (const segment of segments) {
    if (!aliasUse && !locateInAlias && isAlias(current.node)) aliasUse = current;
    const node = deref(doc, current.node);
    let next: Located | undefined;
    if (isMap(node)) next = findInMap(doc, node, segment, new Set());
    else if (isSeq(node) && /^(0|[1-9]\d*)$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (item !== undefined) next = { node: item as Node };
    }
    if (!next) return aliasUse ?? current; // nearest existing ancestor
    current = next;
  }
  return aliasUse ?? current;
}

function deref(doc: Document, node: Node | null): Node | null {
  let current = node;
  for (let hops = 0; current && isAlias(current) && hops < 100; hops++) current = aliasTargets(doc).get(current) ?? null;
  return current;
}

/** A key written in the map wins over merged ones; among merge sources the first wins (YAML merge). */
function findInMap(doc: Document, map: Node, key: string, seen: Set<Node>): Located | undefined {
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  const { own, merges } = mapIndex(map);
  const found = own.get(key);
  if (found) return found;
  for (const source of merges) {
    const target = deref(doc, source);
    const sources = isSeq(target) ? target.items.map((item) => deref(doc, item as Node)) : [target];
    for (const candidate of sources) {
      const hit = candidate ? findInMap(doc, candidate, key, seen) : undefined;
      if (hit) return hit;
    }
  }
  return undefined;
}

interface MapIndex {
  own: Map<string, Located>;
  merges: Node[];
}

/**
 * Each mapping's keys, indexed once: every finding is located through them, and scanning the
 * pairs for each lookup made a file with thousands of services (or environment variables)
 * quadratic. Kept on the mapping (`memoOn`), not in a WeakMap: see there why.
 */
const INDEX = Symbol('containment.mapIndex');

function mapIndex(map: Node & { items: Pair<unknown, unknown>[] }): MapIndex {
  return memoOn(map, INDEX, map.items, () => {
    const index: MapIndex = { own: new Map(), merges: [] };
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (k === '<<' || (isScalar(pair.key) && pair.key.source === '<<')) {
        index.merges.push(pair.value as Node);
        continue;
      }
      const name = keyName(k);
      if (name !== undefined) index.own.set(name, { node: (pair.value as Node) ?? null, pair }); // later duplicate wins
    }
    return index;
  });
}

/**
 * A key as a pointer names it. A collection used as a key (`? [a, b]`) is stringified by yaml,
 * which throws on a broken merge inside it: such a key cannot be pointed at anyway.
 */
function keyName(key: unknown): string | undefined {
  try {
    return String(key);
  } catch {
    return undefined;
  }
}

/**
 * A map entry is shown from its key: to the end of a scalar value, or just the key when the value
 * is a block collection (an annotation spanning a whole service helps nobody).
 */
function rangeOf(
  found: Located,
  text: string,
  at: (start: number, end?: number) => Range,
  lineCounter: LineIndex,
  lineOffset?: number,
): Range {
  const { node, pair } = found;
  if (lineOffset !== undefined && isScalar(node) && node.range) {
    return lineInScalar(node, text, lineCounter, lineOffset) ?? at(node.range[0], node.range[1]);
  }
  if (pair && isScalar(pair.key) && pair.key.range) {
    const keyStart = pair.key.range[0];
    if (node?.range && (!isCollection(node) || node.flow)) return at(keyStart, node.range[1]);
    return at(keyStart, pair.key.range[1]);
  }
  return nodeRange(node, at);
}

function nodeRange(node: Node | null, at: (start: number, end?: number) => Range): Range {
  if (!node?.range) return at(0);
  if (isCollection(node) && !node.flow) {
    const first = node.items[0];
    if (isPair(first) && isScalar(first.key) && first.key.range) {
      const value = first.value as Node | null;
      const end = value?.range && (!isCollection(value) || value.flow) ? value.range[1] : first.key.range[1];
      return at(first.key.range[0], end);
    }
    if (first && !isPair(first)) return nodeRange(first as Node, at);
  }
  return at(node.range[0], node.range[1]);
}

/** A line inside a scalar: block scalars start on the line after their `|` or `>` header. */
function lineInScalar(node: Scalar, text: string, lineCounter: LineIndex, offset: number): Range | undefined {
  const [start, end] = node.range!;
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const first = lineCounter.linePos(start).line + (block ? 1 : 0) + offset;
  const last = lineCounter.linePos(Math.max(start, end - 1)).line;
  if (first > last) return undefined;
  const lineStart = lineCounter.lineStarts[first - 1];
  if (lineStart === undefined) return undefined;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  let contentStart = lineStart;
  while (contentStart < lineEnd && (text[contentStart] === ' ' || text[contentStart] === '\t')) contentStart++;
  if (!block && first === lineCounter.linePos(start).line) contentStart = start;
  return {
    start: { line: first, column: contentStart - lineStart + 1 },
    end: { line: first, column: Math.max(lineEnd, contentStart) - lineStart + 1 },
  };
}

/** Duplicate keys are legal for the parser but surprising for people: later wins, and we say so. */
function reportDuplicateKeys(
  root: unknown,
  at: (start: number, end?: number) => Range,
  problems: Problem[],
): void {
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length) {
    const node = stack.pop();
    if (!node || seen.has(node)) continue;
    seen.add(node);
    if (isMap(node)) {
      const keys = new Map<string, number>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value !== '<<') {
          const key = String(pair.key.value);
          const line = keys.get(key);
          if (line !== undefined && pair.key.range) {
            const range = at(pair.key.range[0], pair.key.range[1]);
            problems.push({
              ruleId: 'duplicate-key',
              message: `Key "${key}" is written twice in the same mapping (first on line ${line}); only this later value counts, so the earlier one is silently ignored. Remove one of them.`,
              range,
            });
          } else if (pair.key.range) keys.set(key, at(pair.key.range[0]).start.line);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

/**
 * Problems for the documents after the first in a file whose kind has one document (Compose,
 * workflows): Docker Compose merges later documents into the first, so a service written in one
 * would run without having been checked.
 */
export function laterDocumentProblems(yaml: YamlSource): Problem[] {
  const problems: Problem[] = [];
  yaml.values.forEach((value, index) => {
    if (index === 0 || value === null || value === undefined) return;
    problems.push({
      ruleId: 'parse-error',
      message: `This file holds more than one YAML document; Containment checks only the first, so what document ${index + 1} (from here) asks for was not checked. Put everything in one document, or each document in a file of its own.`,
      range: yaml.locate('', undefined, index),
    });
  });
  return problems;
}
