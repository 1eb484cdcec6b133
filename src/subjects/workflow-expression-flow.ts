import { type Expr, Lexer, Parser } from '@actions/expressions';
import { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Unary } from '@actions/expressions/ast';
import { Kind } from '@actions/expressions/data/expressiondata';
import { expressionSpans } from '../languages/shell-words.js';

/**
 * The named values an expression may start with
 * (https://docs.github.com/actions/reference/workflows-and-actions/contexts). GitHub's parser
 * refuses any other name, and so does this one: such an expression is read textually instead.
 */
const CONTEXTS = ['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs'];

/** Functions whose result is a boolean or a number, never text taken from their arguments. */
const NON_TEXT_FUNCTIONS = new Set(['contains', 'startswith', 'endswith', 'success', 'always', 'cancelled', 'failure', 'hashfiles']);

/** One `${{ … }}` of a text and the references whose text can reach its result. */
export interface ExpressionUse {
  /** Offset of `${{` in the text. */
  offset: number;
  /**
   * Context references, dotted, an index written `*` (`github.event.commits.*.message`), in
   * lower case (GitHub reads context and property names case-insensitively), whose text can end
   * up in the expression's value, each once.
   */
  references: string[];
}

/**
 * The `${{ … }}` expressions of a text and, for each, the context references whose text can
 * reach its value, read with GitHub's own expression parser (`@actions/expressions`): a
 * comparison, `!`, `contains`/`startsWith`/`endsWith` are booleans, so their operands never
 * reach it; `a && b` yields `b` or a falsy `a` (empty text at most), `a || b` either; `format`,
 * `join`, `toJSON` and `fromJSON` pass their arguments' text on; an index chooses a value
 * without becoming one. An expression the parser refuses is read textually, every reference
 * in it counted: fail closed.
 */
export function expressionUses(text: string): ExpressionUse[] {
  const uses: ExpressionUse[] = [];
  for (const span of expressionSpans(text)) {
    const inner = text.slice(span.start + 3, text.slice(span.start, span.end).endsWith('}}') ? span.end - 2 : span.end);
    uses.push({ offset: span.start, references: unique(flowingReferences(inner)) });
  }
  return uses;
}

/** Every reference of all expressions in a text, each once. */
export function textReferences(text: string): string[] {
  return unique(expressionUses(text).flatMap((use) => use.references));
}

function flowingReferences(expression: string): string[] {
  let tree: Expr;
  try {
    tree = new Parser(new Lexer(expression).lex().tokens, CONTEXTS, []).parse();
  } catch {
    return textualReferences(expression);
  }
  return flow(tree);
}

function flow(node: Expr): string[] {
  if (node instanceof Literal) return [];
  if (node instanceof Grouping) return flow(node.group);
  if (node instanceof Logical) {
    // `a && b && c` is `c` unless an operand is falsy, and a falsy value renders as '' or false.
    if (node.operator.lexeme === '&&') return flow(node.args.at(-1)!);
    if (node.operator.lexeme === '||') return node.args.flatMap(flow);
    return [];
  }
  if (node instanceof ContextAccess || node instanceof IndexAccess) {
    const path = referencePath(node);
    return path === undefined ? [] : [path];
  }
  if (node instanceof FunctionCall) {
    if (NON_TEXT_FUNCTIONS.has(node.functionName.lexeme.toLowerCase())) return [];
    return node.args.flatMap(flow);
  }
  // Binary comparisons and unary `!` are booleans.
  return [];
}

/** `github.event['commits'][0].message` → `github.event.commits.*.message`; a filter `*` is `*`. */
function referencePath(node: Expr): string | undefined {
  const parts: string[] = [];
  let current: Expr = node;
  while (current instanceof IndexAccess) {
    const index = current.index;
    // A property name (`.title`, `['title']`) is a string literal; a number, a filter or a computed index is `*`.
    parts.unshift(index instanceof Literal && index.literal.kind === Kind.String ? index.literal.coerceString() : '*');
    current = current.expr;
  }
  // GitHub reads context and property names case-insensitively (`GITHUB.Head_Ref` is `github.head_ref`).
  if (current instanceof ContextAccess) return [current.name.lexeme, ...parts].join('.').toLowerCase();
  // A reference inside a function's result (`fromJSON(x).y`): what flows is that function's input.
  return current instanceof FunctionCall ? flow(current).join(' ') || undefined : undefined;
}

/** `github…`/`env…`/… references found by their shape, string literals skipped. */
const REFERENCE = /(?<![\w.-])[A-Za-z_][\w-]*(?:\s*\.\s*[A-Za-z_][\w-]*|\s*\.\s*\*|\s*\[[^\]]*\])*/g;

function textualReferences(expression: string): string[] {
  const cleaned = expression.replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1').replace(/'(?:[^']|'')*'/g, "''");
  const found: string[] = [];
  for (const match of cleaned.matchAll(REFERENCE)) {
    const path = match[0].replace(/\s+/g, '').replace(/\[[^\]]*\]/g, '.*').replace(/\.\d+(?=\.|$)/g, '.*');
    if (CONTEXTS.includes(path.split('.')[0]!.toLowerCase())) found.push(path.toLowerCase());
  }
  return found;
}

function unique(list: string[]): string[] {
  return [...new Set(list.flatMap((entry) => entry.split(' ')))];
}

/** References that name the repository a pull request (or the run a `workflow_run` follows) comes from. */
const HEAD_REPOSITORY = new Set(['github.event.pull_request.head.repo.full_name', 'github.event.workflow_run.head_repository.full_name']);
const HEAD_IS_FORK = new Set(['github.event.pull_request.head.repo.fork', 'github.event.workflow_run.head_repository.fork']);

/**
 * True when an `if:` condition lets the job or step run only for a pull request from this
 * repository itself (`github.event.pull_request.head.repo.full_name == github.repository`,
 * `!github.event.pull_request.head.repo.fork`, or either joined by `&&` to anything else), whose
 * authors can already write to it. Anything else (an `||`, a label check) is not such a guard.
 */
export function requiresSameRepository(condition: string): boolean {
  const trimmed = condition.trim();
  const inner = trimmed.startsWith('${{') && trimmed.endsWith('}}') ? trimmed.slice(3, -2) : trimmed;
  let tree: Expr;
  try {
    tree = new Parser(new Lexer(inner).lex().tokens, CONTEXTS, []).parse();
  } catch {
    return false;
  }
  return guards(tree);
}

function guards(node: Expr): boolean {
  if (node instanceof Grouping) return guards(node.group);
  if (node instanceof Logical) return node.operator.lexeme === '&&' && node.args.some(guards);
  if (node instanceof Unary) return node.operator.lexeme === '!' && isReference(node.expr, HEAD_IS_FORK);
  if (!(node instanceof Binary)) return false;
  const [left, right] = [node.left, node.right];
  if (node.operator.lexeme === '==') {
    const sameRepository = (a: Expr, b: Expr) => isReference(a, HEAD_REPOSITORY) && isReference(b, new Set(['github.repository']));
    const notFork = (a: Expr, b: Expr) => isReference(a, HEAD_IS_FORK) && b instanceof Literal && b.literal.kind === Kind.Boolean && b.literal.coerceString() === 'false';
    return sameRepository(left, right) || sameRepository(right, left) || notFork(left, right) || notFork(right, left);
  }
  return false;
}

function isReference(node: Expr, names: Set<string>): boolean {
  const path = node instanceof ContextAccess || node instanceof IndexAccess ? referencePath(node) : undefined;
  return path !== undefined && names.has(path.toLowerCase());
}
