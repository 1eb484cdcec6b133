import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/documents/parse-document.js';
import { link } from '../../src/link/link.js';

// A Dockerfile that Compose or a workflow builds and that was not read (the scan reads one under
// any name, test/pipeline/unnamed-dockerfiles.test.ts; linked alone here, it was not), or one
// written inline in the Compose file, is one high finding where it is named (helper-27).
const problems = (documents: ReturnType<typeof parseDocument>[]) =>
  link(documents).flatMap((document) => document.problems.filter((problem) => problem.ruleId === 'build-file-not-judged').map((problem) => ({ path: document.path, start: problem.range.start, message: problem.message })));

const COMPOSE = [
  'services:', //                                         1
  '  web:', //                                            2
  '    build:', //                                        3
  '      context: .', //                                  4
  '      dockerfile: build.txt', //                       5
  '  inline:', //                                         6
  '    build:', //                                        7
  '      context: .', //                                  8
  '      dockerfile_inline: |', //                        9
  '        FROM alpine:3.20', //                         10
  '  named:', //                                         11
  '    build: { context: ., dockerfile: api.Dockerfile }', // 12
  '  prod:', //                                          13
  '    build: { context: ., dockerfile: Dockerfile.prod }', // 14
  '  podman:', //                                        15
  '    build: { context: ., dockerfile: Containerfile }', // 16
  '  plain:', //                                         17
  '    build: .', //                                     18
  '',
].join('\n');

describe('build-file-not-judged', () => {
  it('reports a Compose build from a file whose name is not a Dockerfile\'s, and from dockerfile_inline, at what names it', () => {
    const found = problems([parseDocument('compose', 'compose.yaml', COMPOSE), parseDocument('dockerfile', 'api.Dockerfile', 'FROM alpine:3.20\n')]);
    expect(found).toEqual([
      { path: 'compose.yaml', start: { line: 5, column: 7 }, message: expect.stringMatching(/^web builds its image from build\.txt, which is not a file in the scanned folder that Containment could read, so the image it builds was not checked\. Commit the Dockerfile it builds inside the scanned folder/) },
      { path: 'compose.yaml', start: { line: 9, column: 7 }, message: expect.stringMatching(/^inline builds its image from `dockerfile_inline` text, which Containment does not judge as a Dockerfile/) },
    ]);
  });

  it('reports a workflow step that builds from such a file, and not one that builds a Dockerfile', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: docker build -f ci/image.conf -t x .',
      '      - run: docker build -f ci/app.Dockerfile -t y .',
      // A variable is unknown here, not a misnamed file (helper-30).
      '      - run: docker build -f "$DOCKERFILE" -t z .',
      '      - run: docker build -f ${{ matrix.dockerfile }} -t w .',
      '',
    ].join('\n');
    const found = problems([parseDocument('workflow', '.github/workflows/b.yml', workflow)]);
    expect(found).toEqual([
      { path: '.github/workflows/b.yml', start: { line: 6, column: 9 }, message: expect.stringMatching(/^This step builds an image from ci\/image\.conf, which is not a file in the scanned folder that Containment could read/) },
    ]);
  });
});
