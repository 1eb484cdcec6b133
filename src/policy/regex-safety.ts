/**
 * A structural check for regular expressions that can backtrack catastrophically, for patterns in
 * custom packs, which run against values written by whoever opens a pull request. It finds the
 * two classic shapes (star height above one):
 *
 * - a repeated group that itself holds an unbounded repetition: `(a+)+`, `(\w+\s?)*`, `(.*,)*`;
 * - a repeated alternation whose branches can start with the same character: `(a|ab)*`, `(\w|\d)+`.
 *
 * It is deliberately small and conservative (a character class it cannot enumerate counts as
 * "any character"); the build's tests check the built-in packs with `recheck`, a full analyser.
 */

/** Why a pattern is unsafe, or undefined when it is not one of the catastrophic shapes. */
export function unsafePatternReason(source: string): string | undefined {
  let tree: Group;
  try {
    tree = new Parser(source).parse();
  } catch {
    return undefined; // Not for this check to judge: Ajv reports an invalid pattern.
  }
  return analyze(tree).problem;
}

/** Characters a position can start with: a small set, or anything. */
type First = Set<string> | 'any';

interface Atom {
  type: 'atom';
  first: First;
}
interface Assertion {
  type: 'assertion';
}
interface Group {
  type: 'group';
  branches: Item[][];
}
interface Item {
  node: Atom | Assertion | Group;
  min: number;
  max: number;
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
const DIGITS = new Set(range(48, 57));
const WORD = new Set([...range(48, 57), ...range(65, 90), ...range(97, 122), '_']);
const SPACE = new Set([' ', '\t', '\n', '\r', '\f', '\v']);
/** Classes larger than this are "any character": enumerating them buys nothing. */
const MAX_CLASS = 512;

class Parser {
  private at = 0;
  constructor(private readonly source: string) {}

  parse(): Group {
    const group = this.alternation();
    if (this.at < this.source.length) throw new Error('unbalanced )');
    return group;
  }

  private alternation(): Group {
    const branches: Item[][] = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return { type: 'group', branches };
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const node = this.atom();
      const [min, max] = this.quantifier();
      items.push({ node, min, max });
    }
    return items;
  }

  private atom(): Item['node'] {
    const char = this.source[this.at++]!;
    switch (char) {
      case '^':
      case '$':
        return { type: 'assertion' };
      case '.':
        return { type: 'atom', first: 'any' };
      case '[':
        return { type: 'atom', first: this.characterClass() };
      case '(': {
        let lookaround = false;
        if (this.source[this.at] === '?') {
          const rest = this.source.slice(this.at, this.at + 4);
          if (rest.startsWith('?:')) this.at += 2;
          else if (/^\?<?[=!]/.test(rest)) {
            lookaround = true;
            this.at += rest[1] === '<' ? 3 : 2;
          } else if (rest.startsWith('?<')) this.at = this.source.indexOf('>', this.at) + 1;
        }
        const group = this.alternation();
        if (this.source[this.at++] !== ')') throw new Error('unclosed (');
        return lookaround ? { type: 'assertion' } : group;
      }
      case '\\':
        return this.escape();
      default:
        return { type: 'atom', first: new Set([char]) };
    }
  }

  private escape(): Atom | Assertion {
    const char = this.source[this.at++] ?? '';
    if (char === 'b' || char === 'B') return { type: 'assertion' };
    const known = classEscape(char);
    if (known) return { type: 'atom', first: known };
    if (char === 'u' || char === 'x' || char === 'p' || char === 'P' || char === 'k' || /\d/.test(char)) {
      // \u{…}, \uXXXX, \xHH, \p{…}, \k<name> and back-references: skipped, counted as any character.
      if (this.source[this.at] === '{') this.at = this.source.indexOf('}', this.at) + 1;
      else if (this.source[this.at] === '<') this.at = this.source.indexOf('>', this.at) + 1;
      else while (/[0-9a-fA-F]/.test(this.source[this.at] ?? '')) this.at++;
      return { type: 'atom', first: 'any' };
    }
    return { type: 'atom', first: new Set([controlEscape(char)]) };
  }

  private characterClass(): First {
    const negated = this.source[this.at] === '^';
    if (negated) this.at++;
    const chars = new Set<string>();
    let any = negated;
    let first = true;
    while (this.at < this.source.length && (this.source[this.at] !== ']' || first)) {
      first = false;
      const char = this.source[this.at++]!;
      if (char === '\\') {
        const escaped = this.source[this.at++] ?? '';
        const known = classEscape(escaped);
        if (known === 'any') any = true;
        else if (known) for (const c of known) chars.add(c);
        else if (/[uxpPdDwWsS0-9]/.test(escaped)) any = true;
        else chars.add(controlEscape(escaped));
        continue;
      }
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']' && this.at + 1 < this.source.length) {
        let to = this.source[this.at + 1]!;
        this.at += 2;
        if (to === '\\') to = controlEscape(this.source[this.at++] ?? '');
        const [a, b] = [char.charCodeAt(0), to.charCodeAt(0)];
        if (b - a > MAX_CLASS) any = true;
        else for (const c of range(a, b)) chars.add(c);
        continue;
      }
      chars.add(char);
    }
    if (this.source[this.at++] !== ']') throw new Error('unclosed [');
    return any || chars.size > MAX_CLASS ? 'any' : chars;
  }

  private quantifier(): [number, number] {
    const char = this.source[this.at];
    let bounds: [number, number] | undefined;
    if (char === '*') bounds = [0, Infinity];
    else if (char === '+') bounds = [1, Infinity];
    else if (char === '?') bounds = [0, 1];
    if (bounds) this.at++;
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!match) return [1, 1]; // a literal `{`, as JavaScript reads it without the `u` flag
      this.at += match[0].length;
      const min = Number(match[1]);
      bounds = [min, match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3])];
    } else return [1, 1];
    if (this.source[this.at] === '?') this.at++; // lazy: backtracks just the same
    return bounds;
  }
}

function classEscape(char: string): First | undefined {
  switch (char) {
    case 'd':
      return DIGITS;
    case 'w':
      return WORD;
    case 's':
      return SPACE;
    case 'D':
    case 'W':
    case 'S':
      return 'any';
    default:
      return undefined;
  }
}

function controlEscape(char: string): string {
  return ({ n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' } as Record<string, string>)[char] ?? char;
}

interface Facts {
  /** Holds an unbounded repetition somewhere inside. */
  unbounded: boolean;
  /**
   * Each of those repetitions is a character repetition ended by a character it cannot match
   * (`[a-z0-9]+_`, `\d+\.`), so where one ends is never in doubt: repeating the whole is safe.
   */
  delimited: boolean;
  nullable: boolean;
  first: First;
  problem?: string;
}

function union(a: First, b: First): First {
  if (a === 'any' || b === 'any') return 'any';
  return new Set([...a, ...b]);
}

function overlaps(a: First, b: First): boolean {
  if (a === 'any') return b === 'any' || b.size > 0;
  if (b === 'any') return a.size > 0;
  for (const char of a) if (b.has(char)) return true;
  return false;
}

function analyze(node: Item['node']): Facts {
  if (node.type === 'assertion') return { unbounded: false, delimited: true, nullable: true, first: new Set() };
  if (node.type === 'atom') return { unbounded: false, delimited: true, nullable: false, first: node.first };
  let unbounded = false;
  let delimited = true;
  let nullable = false;
  let first: First = new Set();
  const branchFirsts: First[] = [];
  for (const branch of node.branches) {
    const facts = sequence(branch);
    if (facts.problem) return facts;
    unbounded ||= facts.unbounded;
    delimited &&= facts.delimited;
    nullable ||= facts.nullable;
    first = union(first, facts.first);
    branchFirsts.push(facts.first);
  }
  return { unbounded, delimited, nullable, first, branchFirsts } as Facts & { branchFirsts: First[] };
}

function sequence(items: Item[]): Facts {
  let unbounded = false;
  let delimited = true;
  let nullable = true;
  let first: First = new Set();
  for (const item of items) {
    const facts = analyze(item.node) as Facts & { branchFirsts?: First[] };
    if (facts.problem) return facts;
    if (item.max === Infinity && item.node.type === 'group') {
      if (facts.unbounded && !facts.delimited) return { ...facts, problem: 'a repeated group holds a repetition of its own (nested quantifiers)' };
      const branches = facts.branchFirsts ?? [];
      for (let i = 0; i < branches.length; i++) {
        for (let j = i + 1; j < branches.length; j++) {
          if (overlaps(branches[i]!, branches[j]!)) return { ...facts, problem: 'a repeated alternation has branches that can match the same text' };
        }
      }
    }
    // `a{1,3}` splits text as many ways as `a+` does; `a{2}` and `a?` do not.
    const varies = item.max === Infinity || (item.max > 1 && item.min < item.max);
    unbounded ||= facts.unbounded || varies;
    if (varies) {
      const next = items[items.indexOf(item) + 1];
      delimited &&= item.node.type === 'atom' && next?.node.type === 'atom' && next.min >= 1 && !overlaps(next.node.first, item.node.first);
    } else delimited &&= facts.delimited;
    if (nullable) first = union(first, facts.first);
    nullable &&= facts.nullable || item.min === 0;
  }
  return { unbounded, delimited, nullable, first };
}

/** Every `pattern` and `patternProperties` key in a JSON Schema, with its JSON Pointer. */
export function schemaPatterns(schema: unknown, pointer = ''): Array<{ pattern: string; pointer: string }> {
  const found: Array<{ pattern: string; pointer: string }> = [];
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${at}/${index}`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const childAt = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'pattern' && typeof child === 'string') found.push({ pattern: child, pointer: childAt });
      if (key === 'patternProperties' && child !== null && typeof child === 'object') {
        for (const name of Object.keys(child)) found.push({ pattern: name, pointer: `${childAt}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      }
      visit(child, childAt);
    }
  };
  visit(schema, pointer);
  return found;
}
