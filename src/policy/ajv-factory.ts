import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

let shared: Ajv2020 | undefined;

/**
 * The one Ajv instance of the process. Compiling is the expensive part of JSON Schema, so every
 * schema is compiled once here and reused for every subject of every file (STYLE.md: no `new Ajv()`
 * in a per-file loop). `allErrors` because one subject can break a rule in several places and each
 * place deserves its own finding; `strictSchema` so a typo such as `propertys` in a custom rule is
 * an error on load rather than a rule that never fires.
 */
export function ajv(): Ajv2020 {
  shared ??= new Ajv2020({
    allErrors: true,
    strict: false,
    strictSchema: true,
    allowUnionTypes: true,
    validateFormats: false,
  });
  return shared;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema once per distinct content; rules with the same params share the result. */
export function compileOnce(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv().compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}
