// The floor: the least work any scanner of these files must do, in one Node process. It walks the
// tree (skipping .git and node_modules), reads every file Containment would read, parses each YAML
// file with `yaml` (all documents, merge keys, to plain JS) and splits each Dockerfile into lines.
// No rules, no locations, no report. `node bench/floor.mjs DIR` prints the file count.
//
// `node bench/floor.mjs DIR --dockerfile-ast` parses each Dockerfile with dockerfile-ast instead of
// splitting it into lines: the library Containment reads Dockerfiles with, so the floor of a
// scanner that reads their instructions at all (line continuations, heredocs, JSON forms) with it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const COMPOSE = /^(?:compose(?:[._-][^/]+)?|docker-compose[^/]*)\.ya?ml$/;
const DOCKERFILE = /^(?:[Dd]ockerfile|Containerfile)(?:\.[^/]+)?$|^[^/]+\.[Dd]ockerfile$/;
const ACTION = /^action\.ya?ml$/;

function kindOf(relative, name) {
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(relative)) return 'yaml';
  if (COMPOSE.test(name) || ACTION.test(name)) return 'yaml';
  if (DOCKERFILE.test(name) && !name.endsWith('.dockerignore')) return 'dockerfile';
  return undefined;
}

let walked = 0;
async function walk(root, relative, out) {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name === '.git' || entry.name === 'node_modules') return;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return walk(root, path, out);
      walked++;
      const kind = entry.isFile() ? kindOf(path, entry.name) : undefined;
      if (kind) out.push({ path: join(root, path), kind });
    }),
  );
}

const root = process.argv[2] ?? '.';
const parseDockerfiles = process.argv.includes('--dockerfile-ast');
// Loaded only for that floor, so that the plain floor stays what it was: loading it takes 13-20 ms.
const { DockerfileParser } = parseDockerfiles ? await import('dockerfile-ast') : {};
const files = [];
await walk(root, '', files);
let units = 0;
await Promise.all(
  files.map(async ({ path, kind }) => {
    const text = await readFile(path, 'utf8');
    if (kind === 'yaml') {
      for (const doc of parseAllDocuments(text, { merge: true })) units += doc.toJS({ maxAliasCount: 1000 }) ? 1 : 0;
    } else if (parseDockerfiles) {
      units += DockerfileParser.parse(text).getInstructions().length;
    } else {
      units += text.split(/\r?\n/).length;
    }
  }),
);
process.stdout.write(`${files.length} files, ${units} documents and ${parseDockerfiles ? 'instructions' : 'lines'}, ${walked} walked\n`);
