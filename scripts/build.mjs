// Bundles the Action (dist/index.js, running dist/action-run.js) and the CLI (dist/cli.js, running
// dist/cli-run.js) into self-contained ESM files that run with no node_modules. esbuild rather than Rollup: one dependency, no plugin chain, and a
// build in well under a second, so CI's "dist is what a fresh build makes" check stays cheap.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const policies = join(root, 'policies');

/** Every built-in pack file, so the bundle carries the packs instead of reading them from disk. */
function packFiles() {
  const files = {};
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.ya?ml$/.test(entry.name)) files[relative(policies, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  visit(policies);
  return files;
}

const embedPacks = {
  name: 'embed-builtin-packs',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]policy[\\/]builtin-pack-files\.ts$/ }, () => ({
      contents: `export function builtinPackFiles() { return ${JSON.stringify(packFiles())}; }`,
      loader: 'js',
    }));
  },
};

// CommonJS dependencies (ajv, dockerfile-ast) call require() for Node built-ins; an ESM bundle
// needs a real require for that.
const requireShim = "import { createRequire as __containmentRequire } from 'node:module';\nconst require = __containmentRequire(import.meta.url);";

/**
 * Loads the built-in packs with the sources' own loader (which validates every file against the
 * meta-schema and compiles every schema, so a broken pack fails the build), by bundling the few
 * modules it needs into a temporary file and importing that.
 */
async function buildTimeModules() {
  const entry = [
    "export { loadBuiltinPacks } from './src/policy/builtin-packs.ts';",
    "export { AJV_OPTIONS } from './src/policy/ajv-factory.ts';",
    "export { substituteParams } from './src/policy/params.ts';",
    "export { PACK_META_SCHEMA, RULE_META_SCHEMA } from './src/policy/rule-meta-schema.ts';",
    "export { CONFIG_SCHEMA } from './src/select/config-schema.ts';",
    "export { COMPOSE_AJV_OPTIONS, composeSchemaDraft, composeSpecSchema } from './src/documents/compose-schema.ts';",
  ].join('\n');
  const out = await build({ ...common, plugins: [embedPacks], stdin: { contents: entry, resolveDir: root, loader: 'ts' }, banner: { js: requireShim }, write: false });
  const dir = mkdtempSync(join(tmpdir(), 'containment-build-'));
  try {
    const file = join(dir, 'build-time.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Standalone code calls the regular-expression engine by its `code` name (`linearRegExp`, see
 * src/core/linear-regex.ts): this import makes it the same RE2 engine the sources use, never
 * JavaScript's backtracking RegExp, in the form that compiles each pattern on first use (every one
 * compiled here already).
 */
const LINEAR_REGEXP_IMPORT = `import { lazyLinearRegExp as linearRegExp } from ${JSON.stringify(join(root, 'src/core/linear-regex.ts'))};`;

/**
 * The source of the bundle's src/policy/precompiled.ts: the built-in packs as JSON, and Ajv
 * standalone code for every schema known at build time, keyed as `compileOnce` keys them (the
 * JSON of the schema, rules' `$param`s replaced by their defaults). A config that overrides a
 * param makes a different schema, which is compiled at run time as before.
 */
async function precompiledModule() {
  const m = await buildTimeModules();
  const packs = m.loadBuiltinPacks();
  const schemas = new Map();
  const add = (schema) => {
    const key = JSON.stringify(schema);
    if (!schemas.has(key)) schemas.set(key, `v${schemas.size}`);
  };
  for (const rule of packs.flatMap((pack) => pack.rules)) {
    for (const field of ['when', 'schema']) if (rule[field] !== undefined) add(m.substituteParams(rule[field], { ...rule.params }));
  }
  for (const schema of [m.CONFIG_SCHEMA, m.PACK_META_SCHEMA, m.RULE_META_SCHEMA]) add(schema);

  const ajv = new Ajv2020({ ...m.AJV_OPTIONS, code: { ...m.AJV_OPTIONS.code, source: true, esm: true } });
  for (const [key, name] of schemas) ajv.addSchema(JSON.parse(key), name);
  const names = Object.fromEntries([...schemas.values()].map((name) => [name, name]));
  const code = standaloneCode(ajv, names);
  const validators = [...schemas].map(([key, name]) => `[${JSON.stringify(key)}, ${name}]`).join(',\n  ');
  return [
    '// Generated by scripts/build.mjs: the built-in packs, loaded and compiled at build time.',
    LINEAR_REGEXP_IMPORT,
    code,
    'let packs;',
    `const validators = [\n  ${validators},\n];`,
    'export function precompiled() {',
    `  packs ??= JSON.parse(${JSON.stringify(JSON.stringify(packs))});`,
    '  return { packs, validators };',
    '}',
    '',
  ].join('\n');
}

/**
 * The source of the bundle's src/documents/compose-schema-precompiled.ts: the Compose
 * Specification's schema as Ajv standalone code, since compiling it at start-up costs close to a
 * second.
 */
async function composeSchemaModule() {
  const m = await buildTimeModules();
  // Ajv from this script's own import, not the build-time bundle's copy: standaloneCode reads the
  // generated code through ajv's own classes.
  const Draft = m.composeSchemaDraft() === '2020-12' ? Ajv2020 : Ajv;
  const ajv = new Draft({ ...m.COMPOSE_AJV_OPTIONS, code: { ...m.COMPOSE_AJV_OPTIONS.code, source: true, esm: true } });
  ajv.addSchema(m.composeSpecSchema(), 'compose');
  return [
    '// Generated by scripts/build.mjs: the Compose Specification schema, compiled at build time.',
    LINEAR_REGEXP_IMPORT,
    standaloneCode(ajv, { composeValidate: 'compose' }),
    'export function precompiledComposeValidator() { return composeValidate; }',
    '',
  ].join('\n');
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
};

const precompiledSource = await precompiledModule();
const composeSchemaSource = await composeSchemaModule();
const embedPrecompiled = {
  name: 'embed-precompiled',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]policy[\\/]precompiled\.ts$/ }, () => ({
      contents: precompiledSource,
      loader: 'js',
      resolveDir: join(root, 'src/policy'),
    }));
    b.onLoad({ filter: /[\\/]src[\\/]documents[\\/]compose-schema-precompiled\.ts$/ }, () => ({
      contents: composeSchemaSource,
      loader: 'js',
      resolveDir: join(root, 'src/documents'),
    }));
    // The bundle never reads pack files: loadBuiltinPacks takes the precompiled packs.
    b.onLoad({ filter: /[\\/]src[\\/]policy[\\/]builtin-pack-files\.ts$/ }, () => ({
      contents: "export function builtinPackFiles() { throw new Error('The bundle carries the built-in packs precompiled.'); }",
      loader: 'js',
    }));
  },
};
// Each entry point is a small launcher that runs the program in a worker thread with a heap sized
// for a scan (src/commands/run-in-worker.ts); the program itself is a bundle of its own, loaded
// only by that worker.
await build({ ...common, plugins: [embedPrecompiled], entryPoints: [join(root, 'src/action-run.ts')], outfile: join(root, 'dist/action-run.js'), banner: { js: requireShim } });
await build({ ...common, plugins: [embedPrecompiled], entryPoints: [join(root, 'src/cli-run.ts')], outfile: join(root, 'dist/cli-run.js'), banner: { js: requireShim } });
await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outfile: join(root, 'dist/index.js') });
await build({ ...common, entryPoints: [join(root, 'src/cli.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } });
// Node holds a script's source as one string for as long as the process runs: a single non-ASCII
// character makes it a two-byte string, 6.5 MB instead of 3.3 MB, and slower to decode at every
// start. esbuild escapes non-ASCII in code (its default `charset: 'ascii'`) but keeps a few comments
// as written. Each UTF-16 unit left becomes `\uXXXX`: the same text in a comment, and the same
// value in a string or regular expression, should one ever get through.
for (const bundle of ['dist/action-run.js', 'dist/cli-run.js', 'dist/index.js', 'dist/cli.js']) {
  const file = join(root, bundle);
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}
// The bundles are ESM; this marks them so wherever dist/ is copied, with or without the
// repository's package.json beside it.
writeFileSync(join(root, 'dist/package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
