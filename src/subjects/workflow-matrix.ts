/** One combination of a job's matrix: key → value (a scalar, or a list or map written in the matrix). */
export type MatrixCombination = Record<string, unknown>;

/** Matrices with more combinations than this are not expanded: their `${{ matrix.* }}` stay unknown. */
export const MAX_MATRIX_COMBINATIONS = 64;

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The combinations of a literal `strategy.matrix`, as GitHub builds them
 * (https://docs.github.com/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations):
 * the product of the listed keys, minus every `exclude` entry that matches, then each `include`
 * entry added to every original combination whose original values it does not overwrite, or
 * appended as a combination of its own when it fits none. Undefined when the matrix is computed
 * (`${{ fromJSON(…) }}`), malformed, empty, or larger than `limit`.
 */
export function matrixCombinations(strategy: unknown, limit = MAX_MATRIX_COMBINATIONS): MatrixCombination[] | undefined {
  const matrix = isMap(strategy) ? strategy['matrix'] : undefined;
  if (!isMap(matrix)) return undefined;
  const { include = [], exclude = [], ...axes } = matrix;
  if (!Array.isArray(include) || !Array.isArray(exclude)) return undefined;
  const keys = Object.keys(axes);
  let size = 1;
  for (const key of keys) {
    const values = axes[key];
    if (!Array.isArray(values)) return undefined;
    size *= values.length;
    if (size > limit * 16) return undefined; // excludes cannot bring it back within reach
  }
  let combinations: MatrixCombination[] = keys.length ? [{}] : [];
  for (const key of keys) combinations = combinations.flatMap((base) => (axes[key] as unknown[]).map((value) => ({ ...base, [key]: value })));
  combinations = combinations.filter((combination) => !exclude.some((entry) => isMap(entry) && matches(combination, entry)));
  const originals = combinations.map((combination) => ({ combination, original: { ...combination } }));
  const added: MatrixCombination[] = [];
  for (const entry of include) {
    if (!isMap(entry)) return undefined;
    let fitted = false;
    for (const { combination, original } of originals) {
      const overwrites = Object.entries(entry).some(([key, value]) => Object.hasOwn(original, key) && !same(original[key], value));
      if (overwrites) continue;
      Object.assign(combination, entry);
      fitted = true;
    }
    if (!fitted) added.push({ ...entry });
  }
  const all = [...originals.map(({ combination }) => combination), ...added];
  return all.length > 0 && all.length <= limit ? all : undefined;
}

/**
 * `matrixCombinations` of the matrix cut down to the keys `value` refers to (`${{ matrix.opts }}`
 * in a job container's `options:`): those axes' combinations only, each distinct substitution once.
 * A matrix too large to expand in full, as a 65-value `shard` axis beside `opts` makes it (GitHub
 * runs up to 256 jobs of one matrix), still gives `opts` its values; before, the whole container
 * stayed unknown and a `--privileged` among them passed unseen (found by a review helper, issue
 * #17's session). An `exclude` entry that names another key is not applied, so a value it would
 * remove from some jobs is still judged: the safe side. Undefined as `matrixCombinations` is.
 */
export function matrixCombinationsFor(strategy: unknown, value: unknown, limit = MAX_MATRIX_COMBINATIONS): MatrixCombination[] | undefined {
  const matrix = isMap(strategy) ? strategy['matrix'] : undefined;
  if (!isMap(matrix)) return undefined;
  const used = new Set<string>();
  const collect = (node: unknown): void => {
    if (typeof node === 'string') for (const match of node.matchAll(MATRIX_EXPRESSION)) used.add(match[1]!.slice(1).split('.')[0]!);
    else if (Array.isArray(node)) node.forEach(collect);
    else if (isMap(node)) Object.values(node).forEach(collect);
  };
  collect(value);
  const { include, exclude, ...axes } = matrix;
  const pick = (entry: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(entry).filter(([key]) => used.has(key)));
  const projected: Record<string, unknown> = pick(axes);
  if (include !== undefined) projected['include'] = Array.isArray(include) ? include.map((entry) => (isMap(entry) ? pick(entry) : entry)).filter((entry) => !isMap(entry) || Object.keys(entry).length > 0) : include;
  if (exclude !== undefined) projected['exclude'] = Array.isArray(exclude) ? exclude.filter((entry) => !isMap(entry) || Object.keys(entry).every((key) => used.has(key))) : exclude;
  return matrixCombinations({ matrix: projected }, limit);
}

function matches(combination: MatrixCombination, entry: Record<string, unknown>): boolean {
  return Object.entries(entry).every(([key, value]) => Object.hasOwn(combination, key) && same(combination[key], value));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `${{ matrix.key }}` or `${{ matrix.key.sub }}`, nothing else in the expression. */
const MATRIX_EXPRESSION = /\$\{\{\s*matrix((?:\.[A-Za-z_][\w-]*)+)\s*\}\}/g;

/** What substituting a combination into a value did. */
export interface MatrixSubstitution {
  value: unknown;
  /** The matrix keys the value refers to, in the order first met. */
  used: string[];
}

/**
 * Replaces each `${{ matrix.x }}` in the strings of `value` (deeply) with the combination's value
 * as GitHub renders it: a scalar as text, a missing key as the empty string. A reference to a
 * list or map, or any other expression, is left as written, so it stays unknown.
 */
export function substituteMatrix(value: unknown, combination: MatrixCombination): MatrixSubstitution {
  const used: string[] = [];
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(MATRIX_EXPRESSION, (expression, path: string) => {
        const [key, ...rest] = path.slice(1).split('.');
        if (!used.includes(key!)) used.push(key!);
        let found: unknown = combination[key!];
        for (const part of rest) found = isMap(found) ? found[part] : undefined;
        if (found === undefined || found === null) return '';
        return typeof found === 'object' ? expression : String(found);
      });
    }
    if (Array.isArray(node)) return node.map(visit);
    if (isMap(node)) return Object.fromEntries(Object.entries(node).map(([key, entry]) => [key, visit(entry)]));
    return node;
  };
  return { value: visit(value), used };
}

/** True when a value mentions `matrix.` in any `${{ }}` expression. */
export function usesMatrix(value: unknown): boolean {
  if (typeof value === 'string') return /\$\{\{[^}]*\bmatrix\./.test(value);
  if (Array.isArray(value)) return value.some(usesMatrix);
  return isMap(value) && Object.values(value).some(usesMatrix);
}
