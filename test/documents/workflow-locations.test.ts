import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range, SourceDocument } from '../../src/core/source-document.js';
import type { Subject } from '../../src/core/subject.js';
import { LineIndex } from '../../src/core/text-lines.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { parseWorkflow } from '../../src/documents/workflow-document.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';

const range = (line: number, column: number, endLine: number, endColumn: number): Range => ({ start: { line, column }, end: { line: endLine, column: endColumn } });

function textAt(text: string, at: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(at.start.line, at.start.column), lines.offset(at.end.line, at.end.column));
}

function only(doc: SourceDocument, type: Subject['type']): Subject {
  const found = doc.subjects.filter((subject) => subject.type === type);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const workflow = (run: string[]) => ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', ...run, ''].join('\n');

describe('a docker run continued over several lines of a run: block (issue #14, item 14)', () => {
  it('places --privileged on line 4 of the command and -v /:/host on line 5, start and end', () => {
    const text = workflow([
      '      - run: |', //                         6
      '          docker run \\', //                 7  (line 1 of the command)
      '            --rm \\', //                     8
      '            --name probe \\', //             9
      '            --privileged \\', //            10  (line 4)
      '            -v /:/host \\', //              11  (line 5)
      '            alpine:3.20 true', //           12
    ]);
    const doc = parseWorkflow('.github/workflows/ci.yml', text, 'workflow');
    const container = only(doc, 'container');
    expect(locateFinding(container, '/privileged').range).toEqual(range(10, 13, 10, 25));
    expect(locateFinding(container, '/volumes/0/source').range).toEqual(range(11, 13, 11, 23));
    expect(locateFinding(only(doc, 'image'), '/tag').range).toEqual(range(12, 13, 12, 24));
    // What is about the command as a whole stays on its first line.
    expect(locateFinding(container, '').range).toEqual(range(7, 11, 7, 23));
  });

  it('places each flag of a folded block on its own line, though folding joined the lines', () => {
    for (const header of ['>', '>-', '>+']) {
      const text = workflow([`      - run: ${header}`, '          docker run --rm', '          --privileged', '          -v /:/host', '          alpine:3.20', '          echo done']);
      const doc = parseWorkflow('.github/workflows/ci.yml', text, 'workflow');
      const container = only(doc, 'container');
      expect(locateFinding(container, '/privileged').range, header).toEqual(range(8, 11, 8, 23));
      expect(locateFinding(container, '/volumes/0').range, header).toEqual(range(9, 11, 9, 21));
    }
  });

  it('reads a block with an explicit indentation indicator and a quoted multi-line string', () => {
    const literal = workflow(['      - run: |2', '            docker run \\', '          --cap-add SYS_ADMIN alpine:3.20']);
    const capAdd = only(parseWorkflow('w.yml', literal, 'workflow'), 'container');
    expect(locateFinding(capAdd, '/cap_add/0').range).toEqual(range(8, 11, 8, 30));
    const quoted = workflow(['      - run: "docker run', '          --pid=host', "          -e 'TOKEN=abc def' alpine:3.20\""]);
    const pid = only(parseWorkflow('w.yml', quoted, 'workflow'), 'container');
    expect(locateFinding(pid, '/pid').range).toEqual(range(7, 11, 7, 21));
    expect(locateFinding(pid, '/environment/TOKEN').range).toEqual(range(8, 11, 8, 29));
  });

  it('places the words of a continued docker run inside a Dockerfile RUN', () => {
    const text = ['FROM docker:27-cli', 'RUN docker run --rm \\', '      --privileged \\', '      -v /:/host alpine:3.20 true', ''].join('\n');
    const doc = parseDockerfile('Dockerfile', text);
    const command = only(doc, 'command');
    expect((command.value as { args: string[] }).args.slice(0, 5)).toEqual(['run', '--rm', '--privileged', '-v', '/:/host']);
    expect(locateFinding(command, '/args/2').range).toEqual(range(3, 7, 3, 19));
    expect(locateFinding(command, '/args/4').range).toEqual(range(4, 10, 4, 17));
  });
});

describe('the words of a command inside sh -c', () => {
  it('places docker run flags of an sh -c script on its own line of a run: block, not on earlier lines', () => {
    const text = workflow([
      '      - run: |', //                                                        6
      '          echo one', //                                                    7
      '          echo two', //                                                    8
      '          echo three', //                                                  9
      '          sh -c "docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine"', // 10
    ]);
    const doc = parseWorkflow('.github/workflows/ci.yml', text, 'workflow');
    const container = only(doc, 'container');
    // The inner spans were offsets in the unquoted script, taken as offsets of the whole block: lines 8 and 9.
    expect(locateFinding(container, '/privileged').range).toEqual(range(10, 29, 10, 41));
    expect(textAt(text, locateFinding(container, '/privileged').range)).toBe('--privileged');
    expect(textAt(text, locateFinding(container, '/volumes/0/source').range)).toBe('-v /var/run/docker.sock:/var/run/docker.sock');
  });

  it('places a word of a Dockerfile RUN inside sh -c, and a quoted one that has no place on its command\'s line', () => {
    const text = ['FROM alpine:3.20', 'RUN echo hello world there && sh -c "curl -k https://x | sh"', 'RUN sh -c "curl \\"-k\\" https://x"', ''].join('\n');
    const commands = parseDockerfile('Dockerfile', text).subjects.filter((subject) => subject.type === 'command' && (subject.value as { name: string }).name === 'curl');
    expect(commands).toHaveLength(2);
    expect(textAt(text, locateFinding(commands[0]!, '/args/0').range)).toBe('-k');
    expect(locateFinding(commands[1]!, '/args/0').range.start.line).toBe(3);
  });
});

describe('the options: of a job container and of a service', () => {
  it('places each flag on its own words, in a folded block and in a quoted string', () => {
    const text = [
      'on: push', //                                            1
      'jobs:', //                                               2
      '  test:', //                                             3
      '    runs-on: ubuntu-latest', //                          4
      '    container:', //                                      5
      '      image: node:22', //                                6
      '      options: >-', //                                   7
      '        --cpus 2', //                                    8
      '        --privileged', //                                9
      '    services:', //                                      10
      '      dind:', //                                        11
      '        image: docker:27-dind', //                      12
      '        options: "--cap-add SYS_ADMIN -v /:/host"', //  13
      '    steps: [{ run: echo }]', //                         14
      '',
    ].join('\n');
    const doc = parseWorkflow('w.yml', text, 'workflow');
    const [job, dind] = doc.subjects.filter((s) => s.type === 'container');
    expect(locateFinding(job!, '/privileged').range).toEqual(range(9, 9, 9, 21));
    expect(locateFinding(job!, '/cpus').range).toEqual(range(8, 9, 8, 17));
    expect(locateFinding(dind!, '/cap_add/0').range).toEqual(range(13, 19, 13, 38));
    expect(locateFinding(dind!, '/volumes/0/source').range).toEqual(range(13, 39, 13, 49));
  });
});

/** Flags that set one field each, with the path a finding about them has. */
const FLAGS: Array<[flag: string, path: string]> = [
  ['--privileged', '/privileged'],
  ['-v /:/host', '/volumes/0'],
  ['--cap-add SYS_ADMIN', '/cap_add/0'],
  ['--pid host', '/pid'],
  ['--network=host', '/network_mode'],
  ['-e A=b', '/environment/A'],
  ['-u 0', '/user'],
];

describe('flags in random run: blocks', () => {
  it('reports each flag at a range whose text is the flag', () => {
    const style = fc.constantFrom('|', '|-', '|+', '>', '>-', 'plain');
    const flags = fc.shuffledSubarray(FLAGS, { minLength: 1 });
    const breaks = fc.array(fc.boolean(), { minLength: FLAGS.length, maxLength: FLAGS.length });
    fc.assert(
      fc.property(style, flags, breaks, fc.integer({ min: 0, max: 3 }), (header, chosen, newline, extra) => {
        // Literal blocks continue the command with a backslash; folded and plain ones fold lines into spaces.
        const continued = header.startsWith('|');
        const words = ['docker run --rm', ...chosen.map(([flag]) => flag), 'alpine:3.20'];
        // A more indented line keeps its line break in a folded block, which would end the command.
        const pad = ' '.repeat(10 + (header.startsWith('>') ? 0 : extra));
        let script = words[0]!;
        words.slice(1).forEach((word, i) => {
          script += newline[i] ? `${continued ? ' \\' : ''}\n${pad}${word}` : ` ${word}`;
        });
        const run = header === 'plain' ? `      - run: ${script}` : `      - run: ${header}\n          ${script}`;
        const text = workflow([run]);
        const doc = parseWorkflow('w.yml', text, 'workflow');
        const container = only(doc, 'container');
        for (const [flag, path] of chosen) expect(textAt(text, locateFinding(container, path).range)).toBe(flag);
      }),
    );
  });
});
