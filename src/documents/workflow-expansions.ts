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
}

/** `${{ env.X }}` and `${{ matrix.x }}` are followed this deep (an env value naming another env value …). */
const MAX_DEPTH = 4;

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

/** A reference, or what an `env.X` / `matrix.x` reference stands for. */
function resolve(reference: string, scope: ExpressionScope, depth: number, via?: string): { context: string; via?: string }[] {
  const [head, name] = reference.split('.');
  const through = via ?? (head === 'env' || head === 'matrix' ? (name === undefined ? head : `${head}.${name}`) : undefined);
  if (depth === 0) return [{ context: reference, ...(via !== undefined ? { via } : {}) }];
  // The whole context (`${{ matrix }}`, `toJSON(env)`) renders every value in it.
  if (name === undefined && head === 'matrix') return strings(isYamlMap(scope.strategy) ? scope.strategy['matrix'] : undefined).flatMap(textReferences).flatMap((inner) => resolve(inner, scope, depth - 1, through));
  if (name === undefined && head === 'env') return scope.env.flatMap((env) => strings(env)).flatMap(textReferences).flatMap((inner) => resolve(inner, scope, depth - 1, through));
  if (name === undefined) return [{ context: reference, ...(via !== undefined ? { via } : {}) }];
  if (head === 'env') {
    const map = scope.env.find((env) => Object.hasOwn(env, name));
    const value = map?.[name];
    // Set by an earlier step through $GITHUB_ENV, or by the runner: unknown here, not attacker text.
    if (typeof value !== 'string') return [];
    return textReferences(value).flatMap((inner) => resolve(inner, scope, depth - 1, through));
  }
  if (head === 'matrix') return matrixReferences(scope.strategy, name).flatMap((inner) => resolve(inner, scope, depth - 1, through));
  return [{ context: reference, ...(via !== undefined ? { via } : {}) }];
}

/** The references a matrix value `name` can come from: a computed matrix, or expressions among its values. */
function matrixReferences(strategy: unknown, name: string): string[] {
  const matrix = isYamlMap(strategy) ? strategy['matrix'] : undefined;
  if (typeof matrix === 'string') return textReferences(matrix);
  if (!isYamlMap(matrix)) return [];
  const values: unknown[] = [matrix[name]];
  for (const entry of [matrix['include'], matrix['exclude']].flatMap((list) => (Array.isArray(list) ? list : [list]))) {
    values.push(isYamlMap(entry) ? entry[name] : entry);
  }
  return [...new Set(values.flatMap((value) => strings(value)).flatMap(textReferences))];
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
