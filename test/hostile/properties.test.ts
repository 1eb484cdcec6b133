import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentKind, Range, SourceDocument } from '../../src/core/source-document.js';
import { isIgnored, parseGitignore } from '../../src/discover/gitignore.js';
import { parseUnifiedDiff } from '../../src/discover/unified-diff.js';
import { parseEnvFile } from '../../src/documents/compose-env-file.js';
import { interpolate } from '../../src/documents/compose-interpolate.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { readYaml } from '../../src/documents/yaml-source.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { link } from '../../src/link/link.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { capFindingsPerFile } from '../../src/select/findings-cap.js';
import { readSuppressionComments } from '../../src/select/suppression-comments.js';
import { parseMountFlag } from '../../src/subjects/docker-mount.js';
import { parseImageRef } from '../../src/subjects/image-ref.js';
import { parsePortSpec } from '../../src/subjects/port-spec.js';
import { parseVolumeSpec } from '../../src/subjects/volume-spec.js';

/**
 * Properties of every parser and of `locate()`: no input makes them throw, every range they give
 * lies inside the file, and fingerprints are stable (the same input twice, and lines added above).
 *
 * `CONTAINMENT_FC_RUNS` sets the number of cases per property: modest by default so the local
 * suite stays fast; CI runs `CONTAINMENT_FC_RUNS=2000` (about a minute for this file).
 */
const RUNS = Math.max(1, Number(process.env['CONTAINMENT_FC_RUNS'] ?? '') || 60);
const PARAMS = { numRuns: RUNS };
// Each property may take a while at CI's run count; a hang still fails.
const TIMEOUT = Math.max(20_000, RUNS * 60);

const RULES = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules));

/** Lines that make a file of each kind interesting: real keys and instructions, odd ones, and noise. */
const COMPOSE_LINES = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    privileged: true',
  '    user: root',
  '    ports: ["80:80", "127.0.0.1:443:443/tcp"]',
  '    volumes:',
  '      - /var/run/docker.sock:/var/run/docker.sock',
  '      - type: bind',
  '        source: /',
  '        target: /host',
  '    environment:',
  '      PASSWORD: hunter2',
  '      - A=${B:-c}',
  '    cap_add: [ALL]',
  '    network_mode: host',
  '    <<: *base',
  'x-base: &base',
  '  pid: host',
  '  db:',
  '    extends: web',
  '    build: .',
  'version: "3"',
  '---',
  '  "@everyone <b>": {image: "x\\n::error::y"}',
  '    command: |',
  '      docker run --privileged x',
  '# containment: ignore[container-privileged] because',
  '\t- [',
  ': : :',
  '',
];
const DOCKERFILE_LINES = [
  'FROM alpine:3.20 AS build',
  'FROM build',
  'FROM $BASE',
  'ARG BASE=ubuntu:latest',
  'USER root',
  'USER 1000:1000',
  'RUN curl -fsSL https://x | sh && sudo apt-get install -y foo',
  'RUN --mount=type=secret,id=a cat /run/secrets/a \\',
  '  && echo done',
  'RUN ["/bin/sh", "-c", "echo hi"]',
  'RUN <<EOF',
  'echo in heredoc',
  'EOF',
  'COPY --from=build /a /b',
  'ADD https://example.com/x.tar.gz /x',
  'HEALTHCHECK NONE',
  'EXPOSE 22',
  'ENV SECRET_KEY=abc',
  '# containment: ignore[dockerfile-final-stage-root] base image sets it',
  'ONBUILD RUN x',
  'NOTANINSTRUCTION x',
  '\\',
  '',
];
const WORKFLOW_LINES = [
  'on: [push, pull_request_target]',
  'permissions: write-all',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    container:',
  '      image: node:20',
  '      options: --privileged -v /var/run/docker.sock:/s',
  '    services:',
  '      redis: {image: redis}',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - uses: docker://alpine:latest',
  '      - run: |',
  '          docker run --privileged ${{ matrix.image }}',
  '          sudo rm -rf /',
  '      - run: echo ${{ github.event.pull_request.title }}',
  'runs:',
  '  using: composite',
  '  steps:',
  '    - run: docker run -v /:/host x',
  '      shell: bash',
  '  image: docker://evil',
  '{',
  '',
];

const FRAGMENTS: Record<DocumentKind, string[]> = {
  compose: COMPOSE_LINES,
  dockerfile: DOCKERFILE_LINES,
  workflow: WORKFLOW_LINES,
  action: WORKFLOW_LINES,
};

/** A file of `kind`: its known lines in any order and amount, with random text mixed in. */
function fileOf(kind: DocumentKind): fc.Arbitrary<string> {
  const line = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS[kind]) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });
  const eol = fc.constantFrom('\n', '\n', '\n', '\r\n');
  return fc.tuple(fc.array(line, { maxLength: 30 }), eol, fc.boolean()).map(([lines, newline, bom]) => {
    const body = lines.join(newline);
    return `${bom ? '\uFEFF' : ''}${kind === 'dockerfile' ? `FROM alpine:3.20${newline}` : ''}${body}${newline}`;
  });
}

const KINDS: DocumentKind[] = ['compose', 'dockerfile', 'workflow', 'action'];
const PATHS: Record<DocumentKind, string> = {
  compose: 'compose.yaml',
  dockerfile: 'Dockerfile',
  workflow: '.github/workflows/ci.yml',
  action: 'action.yml',
};

/** A range lies inside `text`: lines exist, columns at most one past the line's end, start before end. */
function expectInside(text: string, range: Range): void {
  const lines = text.split('\n');
  const { start, end } = range;
  for (const position of [start, end]) {
    expect(position.line).toBeGreaterThanOrEqual(1);
    expect(position.line).toBeLessThanOrEqual(lines.length);
    expect(position.column).toBeGreaterThanOrEqual(1);
    expect(position.column).toBeLessThanOrEqual((lines[position.line - 1]?.length ?? 0) + 1);
  }
  expect(end.line > start.line || (end.line === start.line && end.column >= start.column)).toBe(true);
}

function fingerprints(kind: DocumentKind, text: string): string[] {
  const document = parseDocument(kind, PATHS[kind], text);
  return evaluate(link([document]), RULES)
    .map((finding) => finding.fingerprint)
    .sort();
}

/** Comment lines added above everything (after FROM in a Dockerfile, where directives end). */
function withLinesAbove(kind: DocumentKind, text: string, count: number): string {
  const comments = '# a comment added above\n'.repeat(count);
  if (kind !== 'dockerfile') return `${comments}${text}`;
  const firstLineEnd = text.indexOf('\n') + 1;
  return `${text.slice(0, firstLineEnd)}${comments}${text.slice(firstLineEnd)}`;
}

const pointer = fc.array(fc.oneof(fc.constantFrom('services', 'web', 'jobs', 'build', 'steps', 'stages', 'instructions', '0', '1', '2', 'image', 'keyword', 'args'), fc.string({ maxLength: 6 })), { maxLength: 6 }).map((parts) => parts.map((part) => `/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));

describe.each(KINDS)('parsing a %s file (property)', (kind) => {
  it('never throws, and every problem, subject and finding is located inside the file', () => {
    fc.assert(
      fc.property(fc.oneof(fileOf(kind), fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 })), (text) => {
        const document: SourceDocument = parseDocument(kind, PATHS[kind], text);
        for (const problem of document.problems) expectInside(document.text, problem.range);
        for (const subject of document.subjects) expectInside(document.text, document.locate(subject.pointer));
        for (const finding of evaluate(link([document]), RULES)) expectInside(document.text, finding.range);
      }),
      PARAMS,
    );
  }, TIMEOUT);

  it('locates any pointer, existing or not, with any line offset, inside the file', () => {
    fc.assert(
      fc.property(fileOf(kind), pointer, fc.option(fc.integer({ min: -2, max: 40 }), { nil: undefined }), (text, where, offset) => {
        const document = parseDocument(kind, PATHS[kind], text);
        expectInside(document.text, document.locate(where, offset));
      }),
      PARAMS,
    );
  }, TIMEOUT);

  it('gives the same fingerprints for the same input, and after lines are added above', () => {
    fc.assert(
      fc.property(fileOf(kind), fc.integer({ min: 1, max: 5 }), (text, added) => {
        const first = fingerprints(kind, text);
        expect(fingerprints(kind, text)).toEqual(first);
        // A BOM belongs at the very start; moved below added lines it would be content.
        const plain = text.replace(/^\uFEFF/, '');
        expect(fingerprints(kind, withLinesAbove(kind, plain, added))).toEqual(fingerprints(kind, plain));
      }),
      PARAMS,
    );
  }, TIMEOUT);
});

describe('readYaml().locate (property)', () => {
  it('locates every pointer of any document inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fileOf('compose'), fc.string({ maxLength: 200 })), pointer, fc.nat(3), (text, where, index) => {
        const yaml = readYaml(text);
        for (const problem of yaml.problems) expectInside(text, problem.range);
        expectInside(text, yaml.locate(where, undefined, index));
      }),
      PARAMS,
    );
  }, TIMEOUT);
});

describe('the small parsers (property)', () => {
  it('never throw on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        parseEnvFile(text);
        interpolate(text, new Map([['A', 'b']]));
        parseImageRef(text, 'compose-service');
        parsePortSpec(text);
        parseVolumeSpec(text);
        parseMountFlag(text);
        isIgnored([{ base: '', rules: parseGitignore(text) }], 'a/b/compose.yaml', false);
        parseUnifiedDiff(text);
        for (const comment of readSuppressionComments(text)) expectInside(text, comment.range);
      }),
      PARAMS,
    );
  }, TIMEOUT);

  it('the findings cap keeps every finding up to the cap, the most severe beyond it, and names what it left out', () => {
    const severity = fc.constantFrom('critical', 'high', 'medium', 'low', 'info' as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b'), severity), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (items, max) => {
        const findings = items.map(([path, sev], index) => ({
          ruleId: 'r',
          severity: sev,
          title: 't',
          message: 'm',
          path,
          pointer: '',
          range: { start: { line: index + 1, column: 1 }, end: { line: index + 1, column: 2 } },
          fingerprint: String(index),
          related: [],
        }));
        const notices: Array<{ level: 'warning' | 'notice'; message: string; path?: string }> = [];
        const kept = capFindingsPerFile(findings, notices, max);
        for (const path of ['a', 'b']) {
          const all = findings.filter((f) => f.path === path);
          const mine = kept.filter((f) => f.path === path);
          expect(mine.length).toBe(Math.min(all.length, max));
          expect(notices.filter((n) => n.path === path)).toHaveLength(all.length > max ? 1 : 0);
          const rank = ['critical', 'high', 'medium', 'low', 'info'];
          const worstDropped = Math.min(...all.filter((f) => !mine.includes(f)).map((f) => rank.indexOf(f.severity)));
          for (const f of mine) expect(rank.indexOf(f.severity)).toBeLessThanOrEqual(worstDropped);
        }
        // Order is kept.
        expect(kept.map((f) => Number(f.fingerprint))).toEqual([...kept.map((f) => Number(f.fingerprint))].sort((x, y) => x - y));
      }),
      PARAMS,
    );
  }, TIMEOUT);
});
