import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Range, SourceDocument } from '../../src/core/source-document.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';

/**
 * Pins parseDockerfile's whole output (subjects, values, anchors, problems and the ranges that
 * `locate` answers for a grid of pointers) on a corpus of tricky Dockerfiles. The snapshots in
 * test/fixtures/dockerfile-corpus/*.json were taken before the parser was rewritten for speed;
 * `UPDATE_DOCKERFILE_CORPUS=1` rewrites them (only do that for an intended change of output).
 */
const corpus = join(import.meta.dirname, '../fixtures/dockerfile-corpus');
const update = process.env.UPDATE_DOCKERFILE_CORPUS === '1';

const at = (range: Range): string => `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;

function snapshot(doc: SourceDocument): unknown {
  const lineCount = doc.text.split('\n').length;
  const probes: Record<string, string> = {};
  const probe = (pointer: string, lineOffset?: number) => {
    probes[lineOffset === undefined ? pointer : `${pointer} @${lineOffset}`] = at(doc.locate(pointer, lineOffset));
  };
  probe('');
  for (let i = 0; i <= lineCount; i++) {
    const base = `/instructions/${i}`;
    probe(base);
    probe(`${base}/keyword`);
    for (let k = 0; k < 4; k++) probe(`${base}/args/${k}`);
    for (const flag of ['mount', 'from', 'platform', 'chown', 'interval', 'retries', 'start-period', 'weird']) probe(`${base}/flags/${flag}`);
    probe(`${base}/flags/mount/1`);
    for (let line = 0; line < 4; line++) probe(base, line);
  }
  for (let s = 0; s < 6; s++) probe(`/stages/${s}`);
  for (const name of ['syntax', 'escape', 'check']) probe(`/directives/${name}`);
  return {
    problems: doc.problems.map((problem) => ({ ...problem, range: at(problem.range) })),
    subjects: doc.subjects.map((subject) => ({
      type: subject.type,
      name: subject.name,
      pointer: subject.pointer,
      value: subject.value,
      anchors: subject.anchors?.map(({ range, ...anchor }) => ({ ...anchor, at: at(range ?? doc.locate(anchor.pointer, anchor.line)) })),
      at: at(doc.locate(subject.pointer)),
    })),
    probes,
  };
}

describe('parseDockerfile on the corpus', () => {
  const files = readdirSync(corpus).filter((name) => name.endsWith('.Dockerfile')).sort();
  it('has a corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  for (const name of files) {
    it(`matches the snapshot of ${name}`, () => {
      const text = readFileSync(join(corpus, name), 'utf8');
      const actual = JSON.parse(JSON.stringify(snapshot(parseDockerfile(name, text))));
      const file = join(corpus, name.replace(/\.Dockerfile$/, '.json'));
      if (update || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
