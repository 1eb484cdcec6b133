import type { ValidateFunction } from 'ajv';
import type { Pack } from './rule.js';

/** What the build precompiles so that the bundle's start-up parses and compiles nothing. */
export interface Precompiled {
  /** The built-in packs, loaded and validated against the meta-schema at build time. */
  packs: Pack[];
  /**
   * Ajv standalone validators keyed by the JSON of the schema they validate: every built-in rule's
   * `schema` and `when` with its default params, and the config and pack meta-schemas.
   */
  validators: Array<[string, ValidateFunction]>;
}

/**
 * From source (tests, the build itself) there is nothing precompiled: packs are read from
 * `policies/` and schemas compiled on first use. scripts/build.mjs replaces this module in the
 * bundle with the generated one.
 */
export function precompiled(): Precompiled | undefined {
  return undefined;
}
