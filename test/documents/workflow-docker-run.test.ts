// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are part of the scripts under test.
import { describe, expect, it } from 'vitest';
import { findDockerRuns } from '../../src/documents/workflow-docker-run.js';

describe('findDockerRuns', () => {
  it.each([
    ['docker run alpine', ['alpine']],
    ['sudo -E -u root docker run alpine', ['alpine']],
    ['FOO=1 env -i docker --context ci -H tcp://x:2376 --debug container run alpine', ['alpine']],
    ['/usr/bin/docker create alpine', ['alpine']],
    ['ID=$(docker run -d alpine)', ['-d', 'alpine']],
    ['if docker run --rm alpine true; then echo ok; fi', ['--rm', 'alpine', 'true']],
    ['docker pull a | docker run -i ${{ matrix.image }} > out.txt', ['-i', '${{ matrix.image }}']],
  ])('%s', (script, argv) => {
    expect(findDockerRuns(script)).toEqual([{ line: 0, subcommand: script.includes('create') ? 'create' : 'run', argv }]);
  });

  it('reports the line where a continued command starts', () => {
    const script = 'echo hi\n\ndocker run \\\n  --privileged \\\n  alpine\necho done\ndocker ps; docker run busybox';
    expect(findDockerRuns(script)).toEqual([
      { line: 2, subcommand: 'run', argv: ['--privileged', 'alpine'] },
      { line: 6, subcommand: 'run', argv: ['busybox'] },
    ]);
  });

  it.each(['docker build .', 'docker compose run web', 'echo docker run x', '# docker run x', 'dockerd run'])('ignores %s', (script) => {
    expect(findDockerRuns(script)).toEqual([]);
  });
});
