import type { ValidateFunction } from 'ajv';

/**
 * The Compose Specification's validator, compiled at build time. From source (tests) there is
 * none and compose-schema.ts compiles the schema on first use; scripts/build.mjs replaces this
 * module in the bundle with Ajv standalone code, because compiling the spec's schema costs close
 * to a second at every start.
 */
export function precompiledComposeValidator(): ValidateFunction | undefined {
  return undefined;
}
