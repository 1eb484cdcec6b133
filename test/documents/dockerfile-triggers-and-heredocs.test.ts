import { describe, expect, it } from 'vitest';
import type { Range, SourceDocument } from '../../src/core/source-document.js';
import type { Subject } from '../../src/core/subject.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';
import type { CommandValue } from '../../src/subjects/command.js';
import type { DockerfileStage } from '../../src/subjects/dockerfile-stage.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const range = (line: number, column: number, endLine: number, endColumn: number): Range => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
const commands = (doc: SourceDocument) =>
  doc.subjects.filter((s) => s.type === 'command').map((s) => [s.name, (s.value as CommandValue).pipeline?.map((next) => next.name) ?? null, locateFinding(s, '').range]);

describe('RUN heredocs: each body is the standard input of the command carrying its marker', () => {
  it('reads a heredoc fed to sh on a continued line as a script, at its exact place', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines('FROM alpine:3.20', 'RUN apk add --no-cache curl && \\', '    sh <<SCRIPT', 'curl -fsSL https://example.com/install.sh | sh', 'SCRIPT', 'USER app'),
    );
    expect(doc.problems).toEqual([]);
    expect(commands(doc)).toEqual([
      ['stage 0/RUN 1/apk', null, range(2, 1, 2, 31)],
      ['stage 0/RUN 1/sh', null, range(3, 5, 3, 16)],
      ['stage 0/RUN 1/curl', ['sh'], range(4, 1, 4, 47)],
      ['stage 0/RUN 1/sh (2)', null, range(4, 1, 4, 47)],
    ]);
    const stage = doc.subjects.find((s) => s.type === 'dockerfile.stage')!.value as DockerfileStage;
    expect(stage.user).toBe('app');
  });

  it('handles <<-, quoted markers and several heredocs in one RUN', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        'FROM debian:12', //                                1
        "RUN cat <<'CONF' > /etc/app.conf && bash <<-\"EOS\"", // 2
        'curl https://not-run.example | sh', //             3
        'CONF', //                                          4
        '\twget -qO- https://example.com/x.sh | sh', //     5
        '\tEOS', //                                         6
        'RUN python3 <<EOF', //                             7
        'import os', //                                     8
        'EOF', //                                           9
      ),
    );
    expect(doc.problems).toEqual([]);
    expect(commands(doc)).toEqual([
      ['stage 0/RUN 1/cat', null, range(2, 1, 2, 50)],
      ['stage 0/RUN 1/bash', null, range(2, 1, 2, 50)],
      ['stage 0/RUN 1/wget', ['sh'], range(5, 2, 5, 41)],
      ['stage 0/RUN 1/sh', null, range(5, 2, 5, 41)],
      ['stage 0/RUN 2/python3', null, range(7, 1, 7, 18)],
    ]);
  });

  it('runs a RUN made only of a heredoc unless its #! names another interpreter', () => {
    const doc = parseDockerfile('Dockerfile', lines('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'EOF', 'RUN <<EOF', '#!/usr/bin/env python3', 'print(1)', 'EOF'));
    expect(commands(doc).map(([name]) => name)).toEqual(['stage 0/RUN 1/apt-get']);
  });
});

describe('ONBUILD', () => {
  const doc = parseDockerfile(
    'Dockerfile',
    lines(
      'FROM node:22-slim', //                                              1
      'ONBUILD RUN curl -fsSL https://example.com/b.sh | bash', //         2
      'ONBUILD ADD https://example.com/tool.tgz /opt/', //                 3
      'ONBUILD RUN <<EOF', //                                              4
      'wget -qO- https://example.com/c.sh | sh', //                        5
      'EOF', //                                                            6
      'ONBUILD CMD ["node", "child.js"]', //                               7
      'CMD ["node", "server.js"]', //                                      8
    ),
  );

  it('gives each trigger the value of the instruction it wraps, marked onbuild', () => {
    expect(doc.problems).toEqual([]);
    const stage = doc.subjects.find((s) => s.type === 'dockerfile.stage') as Subject<DockerfileStage>;
    expect(stage.value.instructions.map((i) => [i.keyword, i.onbuild ?? false, i.args[0]])).toEqual([
      ['RUN', true, 'curl'],
      ['ADD', true, 'https://example.com/tool.tgz'],
      ['RUN', true, expect.any(String)],
      ['CMD', true, 'node'],
      ['CMD', false, 'node'],
    ]);
    expect(doc.locate('/instructions/2/args/0')).toEqual(range(3, 13, 3, 41));
  });

  it('reads the commands of ONBUILD RUN on their own lines', () => {
    expect(commands(doc)).toEqual([
      ['stage 0/ONBUILD RUN 1/curl', ['bash'], range(2, 1, 2, 55)],
      ['stage 0/ONBUILD RUN 1/bash', null, range(2, 1, 2, 55)],
      ['stage 0/ONBUILD RUN 2/wget', ['sh'], range(5, 1, 5, 40)],
      ['stage 0/ONBUILD RUN 2/sh', null, range(5, 1, 5, 40)],
    ]);
  });
});

describe('images pulled by COPY --from and RUN --mount=from', () => {
  it('are image subjects at their flag; stage names and indexes are not', () => {
    const doc = parseDockerfile(
      'Dockerfile',
      lines(
        'ARG TOOLS=ghcr.io/example/tools:2.1.0', //                                   1
        'FROM golang:1.23 AS Build', //                                               2
        'RUN --mount=type=cache,target=/root/.cache --mount=from=busybox:1.36,target=/bb true', // 3
        'FROM alpine:3.20', //                                                        4
        'COPY --from=build /out/app /app', //                                         5
        'COPY --from=0 /a /a', //                                                     6
        'COPY --from=${TOOLS} /bin/tool /usr/local/bin/', //                          7
        'ONBUILD COPY --from=nginx:1.27 /etc/nginx /etc/nginx', //                    8
      ),
    );
    expect(doc.problems).toEqual([]);
    const images = doc.subjects.filter((s) => s.type === 'image').map((s) => [s.name, (s.value as { ref: string; origin: string }).ref, (s.value as { origin: string }).origin, locateFinding(s, '/tag').range]);
    expect(images).toEqual([
      ['Build', 'golang:1.23', 'dockerfile-from', range(2, 6, 2, 17)],
      ['stage 1', 'alpine:3.20', 'dockerfile-from', range(4, 6, 4, 17)],
      ['Build/RUN --mount 1', 'busybox:1.36', 'dockerfile-mount-from', range(3, 44, 3, 80)],
      ['stage 1/COPY --from 1', 'ghcr.io/example/tools:2.1.0', 'dockerfile-copy-from', range(7, 6, 7, 21)],
      ['stage 1/COPY --from 2', 'nginx:1.27', 'dockerfile-copy-from', range(8, 14, 8, 31)],
    ]);
  });
});
