// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) into self-contained ESM files that
// run with no node_modules. esbuild rather than Rollup: one dependency, no plugin chain, and a
// build in well under a second, so CI's "dist is what a fresh build makes" check stays cheap.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [embedPacks],
};

await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outfile: join(root, 'dist/index.js'), banner: { js: requireShim } });
await build({
  ...common,
  entryPoints: [join(root, 'src/cli.ts')],
  outfile: join(root, 'dist/cli.js'),
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
});
// The bundles are ESM; this marks them so wherever dist/ is copied, with or without the
// repository's package.json beside it.
writeFileSync(join(root, 'dist/package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
