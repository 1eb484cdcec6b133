import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, visit } from 'yaml';
import { joinPointer } from '../core/json-pointer.js';

/**
 * Values that a document's aliases may add when written out in full. An alias adds its anchor's
 * whole subtree, every time it is used, for whatever walks the value afterwards (interpolation,
 * normalisation, every rule's schema): this counts those nodes, not the uses. A Compose file with
 * 1,100 `<<: *defaults` merges of a ten-key mapping adds about 11,000; a "billion laughs" file
 * (nine levels of nine aliases) adds 9^9. 200,000 is about as many values as the largest file
 * Containment reads (1 MiB) can hold written out, so aliases never make a file heavier to judge
 * than a file with no aliases can be.
 */
export const MAX_ALIAS_EXPANSION = 200_000;

/**
 * A Compose merge directive written on a value (https://docs.docker.com/reference/compose-file/merge/#reset-value
 * and compose-go `loader/reset.go`): `!reset` removes the key from this file and from everything
 * merged before it; `!override` keeps this value and drops what was merged before it instead of
 * merging with it. `pointer` is where the key is written, in the document.
 */
export interface MergeDirective {
  pointer: string;
  tag: 'reset' | 'override';
}

/** Options for `yamlValue`. */
export interface YamlValueOptions {
  maxExpansion?: number;
  /**
   * Read Compose's `!reset` and `!override` tags as merge directives (Compose files only). Off,
   * a tagged value is kept as written, which is what every other reader of the file sees.
   */
  composeDirectives?: boolean;
  /**
   * The text has no `&` and no `*`, so no anchor and no alias: nothing to resolve or measure, and
   * the document is not walked for them (a walk of every node of every file, 1.5% of a scan).
   */
  noAliases?: boolean;
}

/** Why a document has no value, and where (an offset into the text). */
export interface YamlValueProblem {
  offset: number;
  message: string;
  /** A yaml error code when the problem is one the parser itself names (an undefined alias). */
  code?: string;
}

/**
 * A document's plain value, as `Document.toJS()` makes it (merge keys applied, later duplicate
 * keys winning, an alias sharing its anchor's value), or why it has none. Written here rather than
 * taken from yaml because yaml limits aliases by *uses* times nesting (1,000 uses of one anchor
 * is refused however small it is) and resolves each alias by searching the whole document, so a
 * file with 20,000 aliases took seconds; here aliases are resolved in one pass and limited by the
 * size they expand to.
 */
export function yamlValue(doc: Document, options: YamlValueOptions = {}): { value: unknown; directives: MergeDirective[] } | { problem: YamlValueProblem } {
  const maxExpansion = options.maxExpansion ?? MAX_ALIAS_EXPANSION;
  const targets = options.noAliases ? new Map<Node, Node>() : aliasTargets(doc);
  const root = doc.contents as Node | null;
  const measured = options.noAliases ? { added: 0 } : expansion(root, targets);
  if ('problem' in measured) return measured;
  if (measured.added > maxExpansion) {
    return {
      problem: {
        offset: measured.first ?? 0,
        message: `This file's YAML aliases expand to more than ${maxExpansion.toLocaleString('en-US')} values (${describeSize(measured.added)}), which is how "billion laughs" attacks exhaust memory, so nothing in it was checked.`,
      },
    };
  }
  try {
    const converter = new Converter(targets, options.composeDirectives === true);
    return { value: converter.convert(root, undefined), directives: converter.directives };
  } catch (error) {
    if (error instanceof MergeError) return { problem: { offset: error.offset, message: error.message } };
    throw error;
  }
}

function describeSize(added: number): string {
  if (added >= 1e9) return `about ${(added / 1e9).toFixed(1)} billion`;
  if (added >= 1e6) return `about ${Math.round(added / 1e6)} million`;
  return added.toLocaleString('en-US');
}

/**
 * What each alias of a document stands for, found in one pass: an alias names the last anchor of
 * that name before it (YAML 1.2 §7.1). yaml's `Alias.resolve` searches the document on every call.
 */
const aliasTargetsByDoc = new WeakMap<Document, Map<Node, Node>>();

export function aliasTargets(doc: Document): Map<Node, Node> {
  let targets = aliasTargetsByDoc.get(doc);
  if (targets) return targets;
  targets = new Map();
  const anchors = new Map<string, Node>();
  const found = targets;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) found.set(node, target);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  aliasTargetsByDoc.set(doc, targets);
  return targets;
}

/**
 * How many values the aliases add, with memoised subtree sizes, so that even a billion laughs is
 * measured in time linear in its text. An alias inside its own anchor (a cycle) counts once: the
 * value holds a reference back, which every later stage cuts.
 */
function expansion(root: Node | null, targets: Map<Node, Node>): { added: number; first?: number } | { problem: YamlValueProblem } {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let added = 0;
  let first: number | undefined;
  let unresolved: Node | undefined;
  const size = (node: unknown): number => {
    if (isPair(node)) return size(node.key) + size(node.value);
    if (!node || typeof node !== 'object') return 0;
    const n = node as Node;
    const known = sizes.get(n);
    if (known !== undefined) return known;
    if (open.has(n)) return 1;
    let total = 1;
    if (isAlias(n)) {
      const target = targets.get(n);
      if (!target) unresolved ??= n;
      total = target ? size(target) : 0;
    } else if (isMap(n) || isSeq(n)) {
      open.add(n);
      for (const item of n.items) total += size(item);
      open.delete(n);
    }
    sizes.set(n, total);
    return total;
  };
  // Each alias use adds its target's full size.
  if (root) visit(root, {
    Alias(_key, node) {
      first ??= node.range?.[0];
      const target = targets.get(node);
      if (target) added += size(target);
      else unresolved ??= node;
    },
  });
  if (unresolved) {
    return {
      problem: {
        offset: unresolved.range?.[0] ?? 0,
        code: 'BAD_ALIAS',
        message: undefinedAliasMessage(isAlias(unresolved) ? unresolved.source : ''),
      },
    };
  }
  return first === undefined ? { added } : { added, first };
}

/**
 * An anchor name is quoted only when it is short and plainly a name: no message repeats free text
 * from a file that did not parse (it could be a credential a link exposed, or markdown aimed at
 * the reviewer). Letters, digits, `_`, `-` and `.` can be neither markdown nor a mention, and 20
 * characters are too few for the tokens scanners look for (a GitHub token is 40, an AWS key 20 with
 * a fixed prefix), while names people give anchors (`default-env`, `common`) fit.
 */
const SAFE_ANCHOR_NAME = /^[A-Za-z0-9_.-]{1,20}$/;

function undefinedAliasMessage(name: string): string {
  const what = SAFE_ANCHOR_NAME.test(name) ? `\`*${name}\` is not defined: no anchor \`&${name}\`` : 'used here is not defined: no anchor of its name';
  return `the YAML alias ${what} is written before it, so nothing in this file was checked. Define the anchor above the alias, or fix the alias's name.`;
}

class MergeError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where a node is, as the keys on the way to it: the JSON Pointer is built only for the rare node
 * that needs one (a merge directive), not for every key of every file (measured: pointer strings
 * for every node were 20 ms of a 2.4 s scan of 1,100 files, and their garbage).
 */
type NodePath = { up: NodePath; key: string | number } | undefined;

function pointerOf(path: NodePath): string {
  const keys: Array<string | number> = [];
  for (let at = path; at; at = at.up) keys.push(at.key);
  return joinPointer('', ...keys.reverse());
}

/** The conversion itself, with yaml's semantics (see addPairToJSMap and merge.js in yaml). */
class Converter {
  private readonly done = new Map<Node, unknown>();
  /** The merge directives met, each once: a value shared through an alias records its first place. */
  readonly directives: MergeDirective[] = [];
  constructor(
    private readonly targets: Map<Node, Node>,
    private readonly composeDirectives = false,
  ) {}

  /** `path` is where `node` is in the document, for the merge directives under it. */
  convert(node: unknown, path: NodePath): unknown {
    if (node === null || node === undefined) return null;
    if (isPair(node)) return this.pairs({}, [node], path);
    const n = node as Node;
    if (this.done.has(n)) return this.done.get(n);
    if (isAlias(n)) return this.convert(this.targets.get(n), path);
    if (isScalar(n)) return scalarValue(n.value);
    if (isSeq(n)) {
      const out: unknown[] = [];
      this.done.set(n, out); // before the items, so an alias back to this node shares it
      n.items.forEach((item, index) => {
        out.push(this.convert(item, { up: path, key: index }));
      });
      return out;
    }
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      this.done.set(n, out);
      return this.pairs(out, n.items as Pair<unknown, unknown>[], path);
    }
    return null;
  }

  private pairs(out: Record<string, unknown>, pairs: Pair<unknown, unknown>[], path: NodePath): Record<string, unknown> {
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) {
        this.merge(out, pair, path);
        continue;
      }
      const key = this.keyOf(pair.key);
      const tag = this.composeDirectives ? directiveOf(pair.value, this.targets) : undefined;
      if (tag) this.directives.push({ pointer: pointerOf({ up: path, key }), tag });
      // `!reset` removes the key: its value is ignored, whatever it is (compose-go ResetProcessor).
      if (tag === 'reset') continue;
      define(out, key, this.convert(pair.value, { up: path, key }));
    }
    return out;
  }

  /** `<<: *a` or `<<: [*a, *b]`: keys not already in the map are added, the first source winning. */
  private merge(out: Record<string, unknown>, pair: Pair<unknown, unknown>, path: NodePath): void {
    const resolve = (node: unknown): unknown => (isAlias(node) ? this.targets.get(node as Node) : node);
    const value = resolve(pair.value);
    for (const source of isSeq(value) ? value.items.map(resolve) : [value]) {
      if (!isMap(source)) {
        const offset = (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0] ?? 0;
        throw new MergeError(offset, 'A YAML merge key `<<` must name a mapping or a list of mappings, so YAML cannot read this file and nothing in it was checked.');
      }
      // A directive inside a merged mapping applies where it is merged (compose-go drops the `<<`).
      const merged = this.convert(source, path) as Record<string, unknown>;
      for (const key of Object.keys(merged)) if (!Object.hasOwn(out, key)) define(out, key, merged[key]);
    }
  }

  /**
   * A key as a JavaScript object names it: null is ''. A collection used as a key (never valid in
   * Compose or a workflow) is named by its JSON, where yaml writes it as flow YAML.
   */
  private keyOf(key: unknown): string {
    const value = this.convert(key, undefined);
    if (value === null) return '';
    if (typeof value !== 'object') return String(value);
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '[cyclic key]';
    }
  }
}

/** `!reset` or `!override` on a value, or on the anchor an alias names (as compose-go reads them). */
function directiveOf(node: unknown, targets: Map<Node, Node>): MergeDirective['tag'] | undefined {
  const target = isAlias(node) ? targets.get(node as Node) : (node as Node | null | undefined);
  const tag = target && typeof target === 'object' && 'tag' in target ? target.tag : undefined;
  return tag === '!reset' ? 'reset' : tag === '!override' ? 'override' : undefined;
}

/** Plain `<<`, the merge key of YAML 1.1 that Compose relies on; a quoted "<<" is an ordinary key. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  if (key.type && key.type !== 'PLAIN') return false;
  return key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<');
}

function scalarValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  // A YAML 1.1 timestamp becomes its ISO text, as yaml's toJS makes it.
  if (value instanceof Date) return value.toJSON();
  return value;
}

/** defineProperty: a `__proto__` or `constructor` key is data in YAML, not a prototype. */
function define(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key in out) Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}
