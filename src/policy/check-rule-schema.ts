import { compileOnce } from './ajv-factory.js';
import { schemaPatterns, unsafePatternReason } from './regex-safety.js';

/** Why a rule's `schema` or `when` (params already substituted) cannot run, and where in it. */
export interface SchemaProblem {
  /** JSON Pointer into the rule file: `/schema`, or the pattern's own place. */
  pointer: string;
  message: string;
}

/**
 * Checks one of a rule's schemas as it will run: it must compile (Ajv in strict-schema mode, so a
 * misspelt keyword or an invalid regular expression is caught), and no pattern may be able to
 * backtrack for minutes on a value a pull request writes. Used on load with the params' defaults
 * and again for every config that overrides a param.
 */
export function ruleSchemaProblem(schema: unknown, field: 'schema' | 'when'): SchemaProblem | undefined {
  try {
    compileOnce(schema as object);
  } catch (error) {
    return { pointer: `/${field}`, message: `"${field}" is not a valid JSON Schema: ${(error as Error).message}` };
  }
  for (const { pattern, pointer } of schemaPatterns(schema, `/${field}`)) {
    const reason = unsafePatternReason(pattern);
    if (reason) {
      return {
        pointer,
        message: `The pattern ${JSON.stringify(pattern)} can take exponential time on a crafted value (${reason}). Rewrite it without a repetition inside a repeated group, e.g. "(a+)+" as "a+".`,
      };
    }
  }
  return undefined;
}
