import { unsupportedPattern } from '../core/linear-regex.js';
import { compileOnce } from './ajv-factory.js';

/** Why a rule's `schema` or `when` (params already substituted) cannot run, and where in it. */
export interface SchemaProblem {
  /** JSON Pointer into the rule file: `/schema`, or the pattern's own place. */
  pointer: string;
  message: string;
}

/**
 * Checks one of a rule's schemas as it will run: every pattern must be one RE2 runs (patterns run
 * on re2js, in linear time, so no value a pull request writes can make one backtrack), and the
 * schema must compile (Ajv in strict-schema mode, so a misspelt keyword is caught). Used on load
 * with the params' defaults and again for every config that overrides a param.
 */
export function ruleSchemaProblem(schema: unknown, field: 'schema' | 'when'): SchemaProblem | undefined {
  // Patterns first: one RE2 cannot run (a backreference, a lookahead) would otherwise surface as an
  // opaque compile error.
  const pattern = unsupportedPattern(schema, `/${field}`);
  if (pattern) return pattern;
  try {
    compileOnce(schema as object);
  } catch (error) {
    return { pointer: `/${field}`, message: `"${field}" is not a valid JSON Schema: ${(error as Error).message}` };
  }
  return undefined;
}
