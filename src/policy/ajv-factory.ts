import { Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import { linearRegExp } from '../core/linear-regex.js';
import { precompiled } from './precompiled.js';

let shared: Ajv2020 | undefined;

/**
 * The one Ajv instance of the process. Compiling is the expensive part of JSON Schema, so every
 * schema is compiled once here and reused for every subject of every file (STYLE.md: no `new Ajv()`
 * in a per-file loop). `allErrors` because one subject can break a rule in several places and each
 * place deserves its own finding; `strictSchema` so a typo such as `propertys` in a custom rule is
 * an error on load rather than a rule that never fires. Every `pattern` runs on RE2
 * (linear-regex.ts): the values it is matched against come from pull requests.
 */
export function ajv(): Ajv2020 {
  shared ??= new Ajv2020(AJV_OPTIONS);
  return shared;
}

/** Shared with scripts/build.mjs, whose precompiled validators must behave exactly like these. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  strictSchema: true,
  allowUnionTypes: true,
  validateFormats: false,
  code: { regExp: linearRegExp },
  // The strict check that warns when a `properties` name matches a `patternProperties` key runs
  // the pattern with JavaScript's RegExp; every pattern must run on RE2 alone.
  allowMatchingProperties: true,
};

let compiled: Map<string, ValidateFunction> | undefined;
let compiledAtRunTime = 0;

/**
 * Compiles a schema once per distinct content; rules with the same params share the result. In
 * the bundle the built-in schemas (with default params) come precompiled, so only a schema the
 * build could not know (a param overridden by the config) is compiled at run time.
 */
export function compileOnce(schema: object): ValidateFunction {
  compiled ??= new Map(precompiled()?.validators);
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv().compile(schema);
    compiled.set(key, validate);
    compiledAtRunTime++;
  }
  return validate;
}

/** How many schemas this process has compiled (rather than found precompiled), for the profile. */
export function runtimeCompileCount(): number {
  return compiledAtRunTime;
}
