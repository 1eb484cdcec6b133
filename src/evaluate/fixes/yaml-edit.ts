import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { parsePointer } from '../../core/json-pointer.js';
import { memoOn } from '../../core/memo-on.js';
import type { SourceDocument } from '../../core/source-document.js';
import { yamlSyntax } from '../../documents/syntax-tree.js';
import type { OffsetEdit } from './fix-context.js';

/**
 * The editable syntax tree of a YAML document: the parser's own (`SourceDocument.syntax`), or for a
 * document that carries none (made by hand), parsed from its text once. The tree's offsets are what
 * keep comments and formatting around an edit untouched.
 */
const trees = new WeakMap<SourceDocument, Document | null>();

export function yamlTree(document: SourceDocument): Document | null {
  const parsed = yamlSyntax(document);
  if (parsed !== undefined) return parsed;
  let tree = trees.get(document);
  if (tree === undefined) {
    const parsed = parseDocument(document.text, { merge: false, uniqueKeys: false, keepSourceTokens: false });
    tree = parsed.errors.length ? null : parsed;
    trees.set(document, tree);
  }
  return tree;
}

/**
 * The node a pointer names, walking only what is written in this file: an alias or a merge key on
 * the way means the text edited would be shared with other places, so the answer is `undefined` —
 * unless `shared` is set, for an edit that is right wherever the shared text is used (a port bound
 * to the loopback address in an `x-` block every service merges).
 */
export function nodeAt(tree: Document, pointer: string, shared = false): Node | undefined {
  let node: unknown = tree.contents;
  for (const segment of parsePointer(pointer)) {
    if (isAlias(node)) {
      if (!shared) return undefined;
      node = node.resolve(tree);
    }
    // An anchored node's text is also every alias's: an edit here would change them too.
    if (!shared && isAnchored(node)) return undefined;
    if (isMap(node)) node = shared ? mergedPairOf(tree, node, segment)?.value : pairOf(node, segment)?.value;
    else if (isSeq(node)) node = /^(0|[1-9]\d*)$/.test(segment) ? node.items[Number(segment)] : undefined;
    else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  if (isAlias(node)) return shared ? (node.resolve(tree) as Node | undefined) : undefined;
  if (!shared && isAnchored(node)) return undefined;
  return node as Node;
}

/**
 * True when a node carries an anchor (`&name`): its text is shared with every `*name`, so editing
 * it for one service would change the others (`read_only: &ro false` aliased as `privileged: *ro`).
 */
export function isAnchored(node: unknown): boolean {
  return typeof node === 'object' && node !== null && typeof (node as { anchor?: unknown }).anchor === 'string';
}

/**
 * Whether a flow collection can take an item before its closing bracket: only when it holds no
 * nested flow collection and no comment, whose own `}`/`]` or `#` would take the insertion.
 */
function simpleFlow(text: string, range: readonly number[], open: string, close: string): boolean {
  const inner = text.slice(range[0]! + 1, text.lastIndexOf(close, range[1]));
  return !inner.includes('{') && !inner.includes('[') && !inner.includes('#') && !inner.includes(open === '{' ? '}' : ']');
}

/** A key of a map or, when absent, of the maps it merges (`<<: *a` or `<<: [*a, *b]`, first wins). */
function mergedPairOf(tree: Document, map: YAMLMap, key: string, depth = 0): Pair<unknown, unknown> | undefined {
  const own = pairOf(map, key);
  if (own || depth > 8) return own;
  const merge = pairOf(map, '<<')?.value;
  const sources = isSeq(merge) ? merge.items : [merge];
  for (const source of sources) {
    const target = isAlias(source) ? source.resolve(tree) : source;
    const found = isMap(target) ? mergedPairOf(tree, target, key, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * Each map's pairs by key, built once: a Compose file with thousands of services has a fix for
 * each, and scanning `services` for every one of them made fixing it quadratic. Kept on the map
 * (`memoOn`), not in a WeakMap: see there why.
 */
const PAIRS = Symbol('containment.pairIndex');

/** The last pair of `map` with this key (a later duplicate wins, as in the parsed value). */
export function pairOf(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  const index = memoOn(map, PAIRS, map.items, () => {
    const pairs = new Map<string, Pair<unknown, unknown>>();
    for (const item of map.items) if (isPair(item) && isScalar(item.key)) pairs.set(keyText(item.key.value), item);
    return pairs;
  });
  return index.get(key);
}

/** Whether a map takes keys from elsewhere (`<<: *anchor`), which an added key would override. */
export function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some((item) => isScalar(item.key) && keyText(item.key.value) === '<<');
}

/**
 * A key as text. A tree composed with merge keys on (the parser's, see `documents/syntax-tree.ts`)
 * holds a plain `<<` key as `Symbol(<<)`, which `String()` would spell `Symbol(<<)`.
 */
function keyText(value: unknown): string {
  return typeof value === 'symbol' ? (value.description ?? '') : String(value);
}

const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_./-]*$/;
const EDITABLE_SCALAR = new Set(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE']);
const YAML_WORDS = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar as YAML text: plain when it reads back as the same string, double-quoted otherwise. */
export function renderScalar(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return PLAIN.test(value) && !YAML_WORDS.test(value) ? value : JSON.stringify(value);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding the last non-blank character before `offset`. */
function endOfContent(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  const newline = text.indexOf('\n', at);
  if (newline < 0) return text.length;
  // Before a CRLF's `\r`, so an inserted line never splits the line break.
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** The column (0-based) where a node starts on its line: a block collection's indentation. */
function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The end of a pair's text (its value's, or its key's when the value is empty). */
function pairEnd(pair: Pair<unknown, unknown>): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  return value?.range?.[1] ?? key?.range?.[1] ?? 0;
}

function isFlow(node: YAMLMap | YAMLSeq): boolean {
  return node.flow === true;
}

/**
 * Where an item goes in a flow collection: just after its last non-blank character before the
 * closing bracket. Undefined when the collection is not simple enough to edit (see `simpleFlow`).
 */
function flowInsertAt(text: string, range: readonly number[], open: string, close: string): number | undefined {
  if (!simpleFlow(text, range, open, close)) return undefined;
  const closing = text.lastIndexOf(close, range[1]);
  if (closing < range[0]!) return undefined;
  let at = closing;
  while (at > range[0]! && /\s/.test(text[at - 1]!)) at--;
  return at;
}

/**
 * Adds `key: <value>` to a map, at the end, in the map's own style: a new line at the keys'
 * indentation for a block map, `, key: value` before the `}` of a flow map. `block` renders a
 * value that needs lines of its own (a nested map), given the indentation of its key.
 */
export function addMapEntry(text: string, map: YAMLMap, key: string, inline: string, block?: (indent: string) => string): OffsetEdit | undefined {
  const range = map.range;
  if (!range || isAnchored(map)) return undefined;
  if (isFlow(map)) {
    const at = flowInsertAt(text, range, '{', '}');
    if (at === undefined) return undefined;
    return { start: at, end: at, text: `${map.items.length === 0 ? '' : ', '}${key}: ${inline}` };
  }
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  if (!first || !last) return undefined;
  const firstKey = first.key as Node | null;
  if (!firstKey?.range) return undefined;
  const indent = ' '.repeat(columnOf(text, firstKey.range[0]));
  const at = endOfContent(text, pairEnd(last));
  return { start: at, end: at, text: `\n${indent}${key}:${block ? block(indent) : ` ${inline}`}` };
}

/**
 * Adds `key: <value>` as the map's entry before `before` (a block map's new lines go above that
 * key, so a workflow's `permissions:` sits above its `jobs:`); at the end when `before` is absent.
 */
export function addMapEntryBefore(text: string, map: YAMLMap, before: string | undefined, key: string, block: (indent: string) => string): OffsetEdit | undefined {
  const anchor = before === undefined || isFlow(map) ? undefined : pairOf(map, before);
  const anchorKey = anchor?.key as Node | undefined;
  if (!anchorKey?.range) return addMapEntry(text, map, key, '', block);
  const start = lineStart(text, anchorKey.range[0]);
  if (text.slice(start, anchorKey.range[0]).trim() !== '') return addMapEntry(text, map, key, '', block);
  const indent = text.slice(start, anchorKey.range[0]);
  return { start, end: start, text: `${indent}${key}:${block(indent)}\n` };
}

/** Appends an item to a sequence in its own style: `- item` on a new line, or `, item` before `]`. */
export function appendSeqItem(text: string, seq: YAMLSeq, item: string): OffsetEdit | undefined {
  const range = seq.range;
  if (!range || isAnchored(seq)) return undefined;
  if (isFlow(seq)) {
    const at = flowInsertAt(text, range, '[', ']');
    if (at === undefined) return undefined;
    return { start: at, end: at, text: `${seq.items.length === 0 ? '' : ', '}${item}` };
  }
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last?.range) return undefined;
  const indent = ' '.repeat(columnOf(text, range[0]));
  const at = endOfContent(text, last.range[1]);
  return { start: at, end: at, text: `\n${indent}- ${item}` };
}

/** Replaces a scalar's text (quotes included) with `replacement`. */
export function replaceScalar(node: Node, replacement: string): OffsetEdit | undefined {
  // Only a plain or quoted scalar's range is its value's text (a block scalar's starts at `|`/`>`).
  if (!isScalar(node) || !node.range || isAnchored(node) || !EDITABLE_SCALAR.has(String(node.type))) return undefined;
  return { start: node.range[0], end: node.range[1], text: replacement };
}

/** A plain JSON map as block YAML lines, each indented below `indent`. */
export function blockLines(value: Record<string, unknown>, indent: string): string {
  const inner = `${indent}  `;
  return Object.entries(value)
    .map(([key, entry]) =>
      entry !== null && typeof entry === 'object' && !Array.isArray(entry)
        ? `\n${inner}${key}:${blockLines(entry as Record<string, unknown>, inner)}`
        : `\n${inner}${key}: ${Array.isArray(entry) ? `[${entry.map(renderScalar).join(', ')}]` : renderScalar(entry)}`,
    )
    .join('');
}
