import type { SubjectAnchor } from '../core/subject.js';
import { expressionUses, textReferences } from '../subjects/workflow-expression-flow.js';
import type { ScriptExpansion } from '../subjects/workflow-step.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { isYamlMap, type YamlMap } from './workflow-values.js';

/** Where the `env:` and `matrix` values a step's expressions name are defined, innermost first. */
export interface ExpressionScope {
  /** `env:` maps as written: the step's, the job's, the workflow's. */
  env: YamlMap[];
  /** The job's `strategy` as written. */
  strategy?: unknown;
  /** The references of each expression text already read in this job: a job's env is read once, not per step. */
  read?: Map<string, string[]>;
}

/** `${{ env.X }}` and `${{ matrix.x }}` are followed this deep (an env value naming another env value …). */
const MAX_DEPTH = 8;
/** Expansions one value records at most: enough for any real script, bounded for a generated one. */
const MAX_EXPANSIONS = 500;

/**
 * What each `${{ }}` of a script-like value (a step's `run:`, an action's `with:` input) expands:
 * the context references whose text reaches the script, following `env.X` to the `env:` entry
 * that defines it (step, then job, then workflow) and `matrix.x` to the matrix that holds it (a
 * computed `fromJSON(…)` matrix, or `${{ }}` written in its values). Each entry is anchored at
 * the value's line that holds the expression, when that line can be confirmed in the file.
 */
export function scriptExpansions(
  out: WorkflowEmitter,
  input: string,
  text: string,
  pointer: string,
  scope: ExpressionScope,
  first: number,
): { expansions: ScriptExpansion[]; anchors: SubjectAnchor[] } {
  const expansions: ScriptExpansion[] = [];
  const anchors: SubjectAnchor[] = [];
  const seen = new Set<string>();
  for (const use of expressionUses(text)) {
    const line = lineOf(text, use.offset);
    for (const reference of use.references) {
      for (const { context, via } of resolve(reference, scope, MAX_DEPTH)) {
        if (expansions.length >= MAX_EXPANSIONS) break;
        const key = `${context}\u0000${via ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = first + expansions.length;
        expansions.push({ input, context, ...(via !== undefined ? { via } : {}) });
        anchors.push(confirmed(out, pointer, line) ? { path: `/expansions/${at}`, pointer, line } : { path: `/expansions/${at}`, pointer });
      }
    }
  }
  return { expansions, anchors };
}

/**
 * A reference, or what an `env.X` / `matrix.x` / whole `env` / whole `matrix` reference stands for,
 * followed at most `depth` deep. Each env or matrix reference is expanded once per call, so values
 * that name each other (`A: ${{ toJSON(env) }}` beside a thousand others) cost their count, not
 * its power; expression texts are read once per scope (`scope.read`).
 */
function resolve(reference: string, scope: ExpressionScope, depth: number): { context: string; via?: string }[] {
  const found: { context: string; via?: string }[] = [];
  const expanded = new Set<string>();
  const read = (text: string): string[] => {
    const cached = scope.read?.get(text);
    if (cached) return cached;
    const references = textReferences(text);
    scope.read?.set(text, references);
    return references;
  };
  const visit = (current: string, left: number, via: string | undefined): void => {
    const [head, name] = current.split('.');
    const carried = head === 'env' || head === 'matrix';
    if (!carried) {
      found.push({ context: current, ...(via !== undefined ? { via } : {}) });
      return;
    }
    if (left === 0) return;
    const key = name === undefined ? head! : `${head}.${name}`;
    if (expanded.has(key)) return;
    expanded.add(key);
    const through = via ?? key;
    let texts: string[];
    if (head === 'matrix') texts = name === undefined ? strings(isYamlMap(scope.strategy) ? scope.strategy['matrix'] : undefined) : matrixTexts(scope.strategy, name);
    // An env value set by an earlier step through $GITHUB_ENV, or by the runner, is unknown here, not attacker text.
    else if (name === undefined) texts = scope.env.flatMap((env) => strings(env));
    // References are lower case; the innermost `env:` that defines the name in any case decides
    // (the runner's env is case-sensitive on Linux, not on Windows: every spelling counts).
    else texts = strings(entriesNamed(scope.env.find((env) => entriesNamed(env, name).length > 0), name));
    for (const text of texts) for (const inner of read(text)) visit(inner, left - 1, through);
  };
  visit(reference, depth, undefined);
  return found;
}

/** The values of a map (an `env:`, a matrix) whose key is `name` in any case. */
function entriesNamed(env: YamlMap | undefined, name: string): unknown[] {
  if (!env) return [];
  const lower = name.toLowerCase();
  return Object.keys(env)
    .filter((key) => key.toLowerCase() === lower)
    .map((key) => env[key]);
}

/**
 * The contexts a checked-out ref as written may come from: each `${{ }}` reference, with `env.X`
 * and `matrix.x` followed as for a script (see {@link scriptExpansions}), and each shell variable
 * (`$HEAD`, `${HEAD}`) read from the step's, job's or workflow's `env:`, which the runner exports
 * to the script. `git checkout "$REF"` with `REF: ${{ github.head_ref }}` checks out that ref.
 */
export function refContexts(ref: string, scope: ExpressionScope): string[] {
  const contexts = new Set<string>();
  for (const reference of textReferences(ref)) for (const { context } of resolve(reference, scope, MAX_DEPTH)) contexts.add(context);
  for (const match of ref.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    for (const { context } of resolve(`env.${match[1]}`, scope, MAX_DEPTH)) contexts.add(context);
  }
  return [...contexts];
}

/** The texts a matrix value `name` can come from: a computed matrix, or its values, includes and excludes. */
function matrixTexts(strategy: unknown, name: string): string[] {
  const matrix = isYamlMap(strategy) ? strategy['matrix'] : undefined;
  if (typeof matrix === 'string') return [matrix];
  if (!isYamlMap(matrix)) return [];
  const values: unknown[] = [...entriesNamed(matrix, name)];
  for (const entry of [matrix['include'], matrix['exclude']].flatMap((list) => (Array.isArray(list) ? list : [list]))) {
    if (isYamlMap(entry)) values.push(...entriesNamed(entry, name));
    else values.push(entry);
  }
  return values.flatMap(strings);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return isYamlMap(value) ? Object.values(value).flatMap(strings) : [];
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The value's line maps to a file line that holds an expression (not a folded or quoted block). */
function confirmed(out: WorkflowEmitter, pointer: string, line: number): boolean {
  const located = out.document.locate(pointer, line);
  return (out.lines()[located.start.line - 1] ?? '').includes('${{');
}

/** Whether any expression of the values names the whole `secrets` context (`toJSON(secrets)`). */
export function namesAllSecrets(values: unknown): boolean {
  return strings(values).some((text) => textReferences(text).includes('secrets'));
}
