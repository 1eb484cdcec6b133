// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` here is Dockerfile text, not a template.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range, SourceDocument } from '../../src/core/source-document.js';
import type { Subject, SubjectType } from '../../src/core/subject.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';
import type { CommandValue } from '../../src/subjects/command.js';
import type { DockerfileStage } from '../../src/subjects/dockerfile-stage.js';
import type { ImageRef } from '../../src/subjects/image.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const range = (line: number, column: number, endLine: number, endColumn: number): Range => ({
  start: { line, column },
  end: { line: endLine, column: endColumn },
});

function subjects(doc: SourceDocument, type: SubjectType): Subject[] {
  return doc.subjects.filter((subject) => subject.type === type);
}

function stage(doc: SourceDocument, name: string): Subject<DockerfileStage> {
  const found = subjects(doc, 'dockerfile.stage').find((subject) => subject.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found as Subject<DockerfileStage>;
}

function commands(doc: SourceDocument) {
  return subjects(doc, 'command').map((subject) => ({
    name: subject.name,
    value: subject.value as CommandValue,
    at: locateFinding(subject, '').range,
  }));
}

describe('parseDockerfile: locate', () => {
  const doc = parseDockerfile(
    'Dockerfile',
    lines(
      'FROM alpine:3.19', //                              1
      'RUN apk add --no-cache \\', //                     2
      '      curl \\', //                                 3
      '      git', //                                     4
      'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc --network=none npm ci', // 5
    ),
  );

  it('shows an instruction from its keyword to the end of its first line, without the continuation', () => {
    expect(doc.problems).toEqual([]);
    expect(doc.locate('/instructions/1')).toEqual(range(2, 1, 2, 23));
    expect(doc.locate('/instructions/1/keyword')).toEqual(range(2, 1, 2, 4));
  });

  it('locates arguments on continuation lines exactly', () => {
    expect(doc.locate('/instructions/1/args/2')).toEqual(range(2, 13, 2, 23));
    expect(doc.locate('/instructions/1/args/3')).toEqual(range(3, 7, 3, 11));
    expect(doc.locate('/instructions/1/args/4')).toEqual(range(4, 7, 4, 10));
  });

  it('locates one line of a multi-line instruction with a line offset', () => {
    expect(doc.locate('/instructions/1', 0)).toEqual(range(2, 1, 2, 23));
    expect(doc.locate('/instructions/1', 1)).toEqual(range(3, 7, 3, 11));
    expect(doc.locate('/instructions/1', 2)).toEqual(range(4, 7, 4, 10));
    // Past the instruction's last line: the instruction itself.
    expect(doc.locate('/instructions/1', 3)).toEqual(range(2, 1, 2, 23));
  });

  it('locates flags by name', () => {
    expect(doc.locate('/instructions/2/flags/mount')).toEqual(range(5, 5, 5, 53));
    expect(doc.locate('/instructions/2/flags/mount/0')).toEqual(range(5, 5, 5, 53));
    expect(doc.locate('/instructions/2/flags/network')).toEqual(range(5, 54, 5, 68));
    expect(doc.locate('/instructions/2/args/0')).toEqual(range(5, 69, 5, 72));
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(doc.locate('/instructions/1/args/9')).toEqual(range(2, 1, 2, 23));
    expect(doc.locate('/instructions/2/flags/chmod')).toEqual(range(5, 1, 5, 75));
    expect(doc.locate('/instructions/1/form')).toEqual(range(2, 1, 2, 23));
    expect(doc.locate('/instructions/7')).toEqual(range(1, 1, 1, 17));
    expect(doc.locate('/stages/0')).toEqual(range(1, 6, 1, 17));
    expect(doc.locate('/stages/0/user')).toEqual(range(1, 6, 1, 17));
    expect(doc.locate('/stages/3')).toEqual(range(1, 1, 1, 17));
    expect(doc.locate('')).toEqual(range(1, 1, 1, 17));
    expect(doc.locate('/nothing/here')).toEqual(range(1, 1, 1, 17));
  });

  it('reads RUN flags as a map of lists', () => {
    const value = stage(doc, 'stage 0').value;
    expect(value.instructions[1]).toEqual({
      keyword: 'RUN',
      args: ['npm', 'ci'],
      flags: { mount: ['type=secret,id=npmrc,target=/root/.npmrc'], network: ['none'] },
      form: 'shell',
    });
    const located = locateFinding(stage(doc, 'stage 0'), '/instructions/1/flags/mount');
    expect(located.range).toEqual(range(5, 5, 5, 53));
  });
});

describe('parseDockerfile: parser directives and escape', () => {
  it('reads # syntax, # check and a backtick escape with Windows paths', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        '# syntax=docker/dockerfile:1.7',
        '# escape=`',
        '# check=skip=JSONArgsRecommended',
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
        'RUN powershell -Command `',
        '    Invoke-WebRequest https://x/setup.exe -OutFile C:\\setup.exe ; `',
        '    C:\\setup.exe /quiet',
      ),
    );
    expect(doc.problems).toEqual([]);
    expect(subjects(doc, 'dockerfile')[0]!.value).toEqual({
      directives: { syntax: 'docker/dockerfile:1.7', escape: '`', check: 'skip=JSONArgsRecommended' },
      stageCount: 1,
      finalStage: 0,
    });
    expect(doc.locate('/directives/check')).toEqual(range(3, 1, 3, 33));
    expect(doc.locate('/instructions/1')).toEqual(range(5, 1, 5, 24));
    expect(doc.locate('/instructions/1/args/5')).toEqual(range(6, 52, 6, 64));
    expect(doc.locate('/instructions/1', 1)).toEqual(range(6, 5, 6, 66));
    expect(commands(doc)).toEqual([
      {
        name: 'stage 0/RUN 1/powershell',
        value: {
          name: 'powershell',
          args: ['-Command', 'Invoke-WebRequest', 'https://x/setup.exe', '-OutFile', 'C:\\setup.exe'],
          sudo: false,
          origin: 'dockerfile',
        },
        at: range(5, 1, 5, 24),
      },
      {
        name: 'stage 0/RUN 1/C:\\setup.exe',
        value: { name: 'C:\\setup.exe', args: ['/quiet'], sudo: false, origin: 'dockerfile' },
        at: range(7, 5, 7, 24),
      },
    ]);
  });
});

describe('parseDockerfile: stages', () => {
  it('lets a final FROM base inherit the base stage’s non-root USER, anchored in the base stage', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        'FROM node:20-alpine AS base', //                            1
        'RUN addgroup -S app && adduser -S app -G app', //           2
        'USER app', //                                               3
        '', //                                                       4
        'FROM base AS build', //                                     5
        'RUN npm ci', //                                             6
        '', //                                                       7
        'FROM base', //                                              8
        'COPY --from=build /app /app', //                            9
        'CMD ["node", "server.js"]', //                              10
      ),
    );
    expect(doc.problems).toEqual([]);
    const final = stage(doc, 'stage 2');
    expect(final.pointer).toBe('/stages/2');
    expect(final.value).toEqual({
      index: 2,
      from: 'base',
      fromStage: 0,
      user: 'app',
      isFinal: true,
      instructions: [
        { keyword: 'COPY', args: ['/app', '/app'], flags: { from: ['build'] }, form: 'shell' },
        { keyword: 'CMD', args: ['node', 'server.js'], flags: {}, form: 'json' },
      ],
      variables: [],
      expose: [],
    });
    expect(locateFinding(final, '/user').range).toEqual(range(3, 1, 3, 9));
    expect(locateFinding(final, '/from').range).toEqual(range(8, 6, 8, 10));
    expect(locateFinding(final, '/instructions/0/flags/from').range).toEqual(range(9, 6, 9, 18));
    expect(locateFinding(final, '/instructions/1/args/1').range).toEqual(range(10, 14, 10, 25));
    expect(locateFinding(final, '/isFinal').range).toEqual(range(8, 6, 8, 10));
    expect(stage(doc, 'build').value.user).toBe('app');
    expect(stage(doc, 'base').value.isFinal).toBe(false);
    // Only the stage that starts from a registry image is an image subject.
    expect(subjects(doc, 'image').map((subject) => [subject.name, subject.pointer])).toEqual([['base', '/stages/0']]);
    expect(subjects(doc, 'dockerfile')[0]!.value).toEqual({ directives: {}, stageCount: 3, finalStage: 2 });
  });

  it('reports the USER that switches back to root in the final stage', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines('FROM python:3.12-slim AS base', 'USER 10001', 'FROM base', 'USER root', 'RUN apt-get update'),
    );
    const final = stage(doc, 'stage 1');
    expect(final.value.user).toBe('root');
    expect(locateFinding(final, '/user').range).toEqual(range(4, 1, 4, 10));
    expect(stage(doc, 'base').value.user).toBe('10001');
  });

  it('leaves user absent when no stage sets one, and inherits HEALTHCHECK (NONE disables)', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines('FROM nginx:1.27 AS web', 'HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]', 'EXPOSE 80 443/tcp', 'FROM web', 'FROM nginx:1.27', 'HEALTHCHECK NONE'),
    );
    const web = stage(doc, 'web').value;
    expect(web.user).toBeUndefined();
    expect(web.healthcheck).toEqual({ test: ['CMD', 'curl', '-f', 'http://localhost/'], disable: false });
    expect(web.expose).toEqual(['80', '443/tcp']);
    expect(locateFinding(stage(doc, 'web'), '/expose/1').range).toEqual(range(3, 11, 3, 18));
    const inheriting = stage(doc, 'stage 1');
    expect(inheriting.value.healthcheck).toEqual(web.healthcheck);
    expect(locateFinding(inheriting, '/healthcheck/test/0').range).toEqual(range(2, 1, 2, 67));
    expect(stage(doc, 'stage 2').value.healthcheck).toEqual({ test: [], disable: true });
  });
});

describe('parseDockerfile: FROM and global ARGs', () => {
  const digest = `sha256:${'a'.repeat(64)}`;

  it('expands a global ARG with a pinned default', () => {
    const doc = parseDockerfile('Dockerfile', lines(`ARG BASE=python:3.12-slim@${digest}`, 'FROM --platform=linux/amd64 ${BASE} AS app'));
    const [image] = subjects(doc, 'image') as Array<Subject<ImageRef>>;
    expect(image!.name).toBe('app');
    expect(image!.value).toEqual({
      ref: `python:3.12-slim@${digest}`,
      registry: 'docker.io',
      repository: 'library/python',
      tag: '3.12-slim',
      digest,
      isLatest: false,
      isVariable: false,
      origin: 'dockerfile-from',
    });
    expect(doc.locate(image!.pointer)).toEqual(range(2, 29, 2, 36));
    expect(stage(doc, 'app').value.platform).toBe('linux/amd64');
    expect(locateFinding(stage(doc, 'app'), '/platform').range).toEqual(range(2, 6, 2, 28));
  });

  it('keeps an ARG without a default as a variable', () => {
    const doc = parseDockerfile('Dockerfile', lines('ARG BASE', 'FROM $BASE AS app'));
    const [image] = subjects(doc, 'image') as Array<Subject<ImageRef>>;
    expect(image!.value.isVariable).toBe(true);
    expect(image!.value.ref).toBe('$BASE');
    expect(stage(doc, 'app').value.from).toBe('$BASE');
  });

  it('applies :- and :+ defaults the way Docker does', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        'ARG TAG=3.19',
        'ARG EMPTY=',
        'ARG UNSET',
        'FROM alpine:${TAG:-latest} AS a',
        'FROM alpine:${NEVER_DECLARED:-3.18} AS b',
        'FROM alpine${TAG:+:pinned} AS c',
        'FROM alpine:${EMPTY:-3.17} AS d',
        'FROM alpine:${UNSET:-3.16} AS e',
        'FROM scratch AS f',
      ),
    );
    const refs = (subjects(doc, 'image') as Array<Subject<ImageRef>>).map((subject) => [subject.name, subject.value.ref, subject.value.isVariable]);
    expect(refs).toEqual([
      ['a', 'alpine:3.19', false],
      ['b', 'alpine:3.18', false],
      ['c', 'alpine:pinned', false],
      ['d', 'alpine:3.17', false],
      // UNSET can still be set with --build-arg: unknown.
      ['e', 'alpine:${UNSET:-3.16}', true],
    ]);
  });
});

describe('parseDockerfile: RUN commands', () => {
  it('gives curl | sh its pipe on the right line of a three-line RUN', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        'FROM ubuntu:24.04',
        'RUN apt-get update && \\',
        '    curl -fsSL https://get.example.com/install.sh \\',
        '      | sh',
      ),
    );
    expect(commands(doc)).toEqual([
      {
        name: 'stage 0/RUN 1/apt-get',
        value: { name: 'apt-get', args: ['update'], sudo: false, origin: 'dockerfile' },
        at: range(2, 1, 2, 22),
      },
      {
        name: 'stage 0/RUN 1/curl',
        value: { name: 'curl', args: ['-fsSL', 'https://get.example.com/install.sh'], pipedTo: 'sh', pipeline: [{ name: 'sh', args: [] }], sudo: false, origin: 'dockerfile' },
        at: range(3, 5, 3, 50),
      },
      {
        name: 'stage 0/RUN 1/sh',
        value: { name: 'sh', args: [], sudo: false, origin: 'dockerfile' },
        at: range(4, 7, 4, 11),
      },
    ]);
    for (const subject of subjects(doc, 'command')) expect(subject.pointer).toBe('/instructions/1');
  });

  it('reads compound commands in a CRLF file', () => {
    const text = ['FROM alpine:3.19', 'RUN if [ -n "$X" ]; then \\', '      wget -O- https://x | sh; \\', '    fi', ''].join('\r\n');
    const doc = parseDockerfile('Dockerfile', text);
    expect(commands(doc).map((command) => [command.value.name, command.value.args, command.value.pipedTo, command.at])).toEqual([
      ['[', ['-n', '$X', ']'], undefined, range(2, 1, 2, 25)],
      ['wget', ['-O-', 'https://x'], 'sh', range(3, 7, 3, 31)],
      ['sh', [], undefined, range(3, 7, 3, 31)],
    ]);
  });

  it('sees through sudo and its options', () => {
    const doc = parseDockerfile('Dockerfile', lines('FROM debian:12', 'RUN sudo -u root DEBIAN_FRONTEND=noninteractive apt-get install -y vim 2>&1'));
    expect(commands(doc).map((command) => command.value)).toEqual([
      { name: 'apt-get', args: ['install', '-y', 'vim'], sudo: true, env: { DEBIAN_FRONTEND: 'noninteractive' }, origin: 'dockerfile' },
    ]);
  });

  it('reads exec form as one command and invalid JSON as shell form', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines('FROM debian:12', 'RUN ["sudo", "apt-get", "install", "a b"]', 'RUN [ -f /etc/x ] || touch /etc/x', 'CMD node server.js', 'ENTRYPOINT ["tini", "--"]'),
    );
    const instructions = stage(doc, 'stage 0').value.instructions;
    expect(instructions.map((instruction) => [instruction.keyword, instruction.form, instruction.args])).toEqual([
      ['RUN', 'json', ['sudo', 'apt-get', 'install', 'a b']],
      ['RUN', 'shell', ['[', '-f', '/etc/x', ']', '||', 'touch', '/etc/x']],
      ['CMD', 'shell', ['node', 'server.js']],
      ['ENTRYPOINT', 'json', ['tini', '--']],
    ]);
    expect(doc.locate('/instructions/1/args/3')).toEqual(range(2, 36, 2, 41));
    expect(commands(doc).map((command) => [command.value, command.at])).toEqual([
      [{ name: 'apt-get', args: ['install', 'a b'], sudo: true, origin: 'dockerfile' }, range(2, 1, 2, 42)],
      [{ name: '[', args: ['-f', '/etc/x', ']'], sudo: false, origin: 'dockerfile' }, range(3, 1, 3, 34)],
      [{ name: 'touch', args: ['/etc/x'], sudo: false, origin: 'dockerfile' }, range(3, 1, 3, 34)],
    ]);
  });

  it('runs a heredoc body as a script, on its own lines, and leaves data heredocs alone', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        'FROM debian:12', //                                                  1
        'RUN <<EOF', //                                                       2
        'set -eux', //                                                        3
        'apt-get update', //                                                  4
        'apt-get install -y --no-install-recommends ca-certificates', //      5
        'EOF', //                                                             6
        'RUN python3 <<EOF', //                                               7
        'import os; os.system("rm -rf /")', //                                8
        'EOF', //                                                             9
      ),
    );
    expect(doc.problems).toEqual([]);
    expect(commands(doc).map((command) => [command.name, command.value.name, command.at])).toEqual([
      ['stage 0/RUN 1/set', 'set', range(3, 1, 3, 9)],
      ['stage 0/RUN 1/apt-get', 'apt-get', range(4, 1, 4, 15)],
      ['stage 0/RUN 1/apt-get (2)', 'apt-get', range(5, 1, 5, 59)],
      ['stage 0/RUN 2/python3', 'python3', range(7, 1, 7, 18)],
    ]);
  });
});

describe('parseDockerfile: problems', () => {
  it('skips binary files', () => {
    const doc = parseDockerfile('Dockerfile', 'FROM alpine\0\x01\x02');
    expect(doc.subjects).toEqual([]);
    expect(doc.problems).toEqual([
      {
        ruleId: 'parse-error',
        message: 'This file named like a Dockerfile is binary (it contains NUL bytes), so it was not checked.',
        range: range(1, 1, 1, 2),
      },
    ]);
  });

  it('locates a binary file whose first line is empty at that empty line, not past its end', () => {
    // Found by the robustness property below: `\n\0` was located at 1:1-1:2, beyond line 1.
    for (const text of ['\n\0', '\r\n\0', '\0']) {
      const expected = text === '\0' ? range(1, 1, 1, 2) : range(1, 1, 1, 1);
      expect(parseDockerfile('Dockerfile', text).problems.map((p) => p.range)).toEqual([expected]);
    }
  });

  it('reports a file without FROM', () => {
    const doc = parseDockerfile('Dockerfile', lines('# just a comment', 'RUN echo hi'));
    expect(doc.subjects).toEqual([]);
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]!.ruleId).toBe('parse-error');
    expect(doc.problems[0]!.message).toContain('no FROM instruction');
    expect(doc.problems[0]!.range).toEqual(range(1, 1, 1, 17));
  });

  it('locates an unknown instruction and still judges the rest', () => {
    const doc = parseDockerfile('Dockerfile', lines('FROM alpine:3.19', 'RUNN echo hi', 'USER app'));
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]!.message).toMatch(/^The first word of this line is not a Dockerfile instruction.*RUN.*"\\"/);
    expect(doc.problems[0]!.range).toEqual(range(2, 1, 2, 5));
    expect(stage(doc, 'stage 0').value.user).toBe('app');
  });

  it('reports instructions other than ARG before the first FROM', () => {
    const doc = parseDockerfile('Dockerfile', lines('ARG A=1', 'ENV B=2', 'FROM alpine:3.19'));
    expect(doc.problems.map((problem) => [problem.ruleId, problem.range])).toEqual([['parse-error', range(2, 1, 2, 4)]]);
  });
});

describe('parseDockerfile: robustness', () => {
  const fragments = [
    'FROM alpine',
    'FROM $X AS a',
    'FROM a',
    'ARG X=1',
    'RUN a | b && \\',
    '  c',
    'RUN <<EOF',
    'EOF',
    'RUN ["x",',
    'USER',
    '# escape=`',
    '\\',
    '`',
    'HEALTHCHECK NONE',
    'COPY --from=a / /',
    '\r',
    'RUN a \\\r',
    '  b\r',
    '"',
    "'",
    '\u{1F600} é',
    '',
  ];
  const dockerfileLike = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string()), { maxLength: 12 }).map((parts) => parts.join('\n'));
  const pointers = ['', '/instructions/0', '/instructions/1/args/0', '/instructions/2/flags/from', '/instructions/0/keyword', '/stages/0', '/stages/1/user', '/directives/escape', '/x'];

  function within(text: string, found: Range): boolean {
    const lengths = text.split('\n').map((line) => line.length);
    const inside = (line: number, column: number) =>
      Number.isInteger(line) && line >= 1 && line <= lengths.length && column >= 1 && column <= lengths[line - 1]! + 1;
    const ordered = found.start.line < found.end.line || (found.start.line === found.end.line && found.start.column <= found.end.column);
    return inside(found.start.line, found.start.column) && inside(found.end.line, found.end.column) && ordered;
  }

  it('never throws and always locates inside the file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), dockerfileLike), (text) => {
        const doc = parseDockerfile('Dockerfile', text);
        for (const pointer of pointers) {
          for (const offset of [undefined, 0, 1, 3]) expect(within(text, doc.locate(pointer, offset))).toBe(true);
        }
        for (const problem of doc.problems) expect(within(text, problem.range)).toBe(true);
        for (const subject of doc.subjects) {
          expect(within(text, locateFinding(subject, '').range)).toBe(true);
          for (const anchor of subject.anchors ?? []) expect(within(text, locateFinding(subject, anchor.path).range)).toBe(true);
          expect(JSON.parse(JSON.stringify(subject.value))).toEqual(subject.value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
