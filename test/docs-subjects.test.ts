import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleDocuments } from '../src/commands/subjects-example.js';
import { formatSchemaError, SUBJECT_SCHEMAS, SUBJECT_TYPES, validateSubjectValue } from '../src/policy/subject-schemas.js';
import { compactJson, exampleSubject, renderSubjectsDoc, typeOf } from '../src/report/docs/subjects-doc.js';

const committed = join(import.meta.dirname, '..', 'docs', 'subjects.md');

describe('docs/subjects.md', () => {
  it('is what the subject schemas render (regenerate with `node dist/cli.js subjects > docs/subjects.md`)', async () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderSubjectsDoc(await exampleDocuments()));
  });

  it('has a section, a property table and a real example for every subject type', async () => {
    const page = renderSubjectsDoc(await exampleDocuments());
    for (const type of SUBJECT_TYPES) {
      expect(page).toContain(`## \`${type}\``);
      for (const name of Object.keys(SUBJECT_SCHEMAS[type].properties ?? {})) expect(page, `${type}.${name}`).toContain(`| \`${name}\` |`);
    }
    expect(page.match(/```json/g)).toHaveLength(SUBJECT_TYPES.length);
  });

  it('shows examples taken from a real parse, each valid against its schema', async () => {
    const documents = await exampleDocuments();
    expect(documents.flatMap((document) => document.problems)).toEqual([]);
    for (const type of SUBJECT_TYPES) {
      const subject = exampleSubject(documents, type);
      expect(subject, type).toBeDefined();
      const result = validateSubjectValue(type, subject!.value);
      expect(result.valid ? [] : result.errors.map(formatSchemaError), type).toEqual([]);
    }
    // The linked Compose service shows what the link stage adds.
    expect(exampleSubject(documents, 'container')!.value).toMatchObject({ build: { context: './app', resolved: 'app/Dockerfile' }, user: 'node' });
    expect(exampleSubject(documents, 'command')!.value).toMatchObject({ name: 'docker', docker: { subcommand: 'run', image: 'app' } });
  });

  it('names types as a pack author reads them', () => {
    expect(typeOf({ type: 'array', items: { type: 'string' } })).toBe('string[]');
    expect(typeOf({ type: 'object', additionalProperties: { type: ['string', 'null'] } })).toBe('map of string or null');
    expect(typeOf({ enum: ['a', 'b'] })).toBe('"a" \\| "b"');
    expect(typeOf({ const: true })).toBe('true');
    expect(typeOf({ type: ['array', 'string'], items: { type: 'string' } })).toBe('string[] or string');
    expect(typeOf({})).toBe('any');
  });

  it('prints examples as JSON that parses back to the value', async () => {
    const documents = await exampleDocuments();
    for (const type of SUBJECT_TYPES) {
      const value = exampleSubject(documents, type)!.value;
      expect(JSON.parse(compactJson(value, ''))).toEqual(value);
    }
    expect(compactJson({ a: [1, 2], b: {}, c: { d: null } }, '')).toBe('{\n  "a": [1, 2],\n  "b": {},\n  "c": { "d": null }\n}');
  });
});
