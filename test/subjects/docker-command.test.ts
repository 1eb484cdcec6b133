// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are part of the scripts under test.
import { describe, expect, it } from 'vitest';
import { splitShellCommands } from '../../src/languages/shell-commands.js';
import { readDockerCommand } from '../../src/subjects/docker-command.js';

/** The docker commands of a script, as the workflow parser reads them. */
const docker = (script: string) =>
  splitShellCommands(script).flatMap((command) => readDockerCommand(command.name, command.args) ?? []);

describe('readDockerCommand', () => {
  it.each([
    ['docker run alpine', 'run', 'alpine'],
    ['sudo -E -u root docker run alpine', 'run', 'alpine'],
    ['FOO=1 env -i docker --context ci -H tcp://x:2376 --debug container run alpine', 'run', 'alpine'],
    ['/usr/bin/docker create alpine', 'create', 'alpine'],
    ['ID=$(docker run -d alpine)', 'run', 'alpine'],
    ['if docker run --rm alpine true; then echo ok; fi', 'run', 'alpine'],
    ['docker pull a | docker run -i ${{ matrix.image }} > out.txt', 'run', '${{ matrix.image }}'],
  ])('finds the image of %s', (script, subcommand, image) => {
    expect(docker(script).filter((d) => d.subcommand === subcommand).map((d) => d.image)).toEqual([image]);
  });

  it('keeps global options apart (DOCKER_HOST as -H)', () => {
    expect(docker('docker -H tcp://build:2375 --tls=false ps')).toEqual([
      { subcommand: 'ps', globalFlags: { host: ['tcp://build:2375'], tls: ['false'] }, flags: {} },
    ]);
  });

  it('reads docker exec flags and its container (A21)', () => {
    expect(docker('docker exec --privileged -u 0 -it web sh -c "id"')).toEqual([
      { subcommand: 'exec', globalFlags: {}, flags: { privileged: ['true'], user: ['0'], interactive: ['true'], tty: ['true'] }, container: 'web' },
    ]);
    expect(docker('docker container exec --user=root -e A=1 db psql')[0]).toMatchObject({ subcommand: 'exec', flags: { user: ['root'], env: ['A=1'] }, container: 'db' });
  });

  it('tells a literal login password from --password-stdin (D3)', () => {
    expect(docker('docker login -u bot -p hunter2 ghcr.io')).toEqual([
      { subcommand: 'login', globalFlags: {}, flags: { username: ['bot'], password: ['hunter2'] }, registry: 'ghcr.io' },
    ]);
    expect(docker('echo "$T" | docker login --username bot --password-stdin')[0]).toEqual({ subcommand: 'login', globalFlags: {}, flags: { username: ['bot'], 'password-stdin': ['true'] } });
  });

  it('reads docker build, image build and buildx build', () => {
    expect(docker('docker build -t app:1 --build-arg A=1 -f app/Dockerfile.prod --push .')[0]).toEqual({
      subcommand: 'build',
      globalFlags: {},
      flags: { tag: ['app:1'], 'build-arg': ['A=1'], file: ['app/Dockerfile.prod'], push: ['true'] },
      context: '.',
    });
    expect(docker('docker buildx build --provenance=mode=max ctx')[0]).toMatchObject({ subcommand: 'build', flags: { provenance: ['mode=max'] }, context: 'ctx' });
    expect(docker('docker image build -fDockerfile .')[0]).toMatchObject({ subcommand: 'build', flags: { file: ['Dockerfile'] }, context: '.' });
  });

  it('reads docker compose and docker-compose with their files and command', () => {
    expect(docker('docker compose -f a.yml --file b.yml -p proj up -d --build')[0]).toEqual({
      subcommand: 'compose',
      globalFlags: {},
      flags: { file: ['a.yml', 'b.yml'], 'project-name': ['proj'], d: ['true'], build: ['true'] },
      composeCommand: 'up',
    });
    expect(docker('docker-compose -f ci/compose.yml exec --privileged -u root web sh')[0]).toMatchObject({
      subcommand: 'compose',
      flags: { file: ['ci/compose.yml'], privileged: ['true'], user: ['root'] },
      composeCommand: 'exec',
    });
  });

  it('ignores other programs and docker in words that are not the program', () => {
    expect(docker('echo docker run x; dockerd run; # docker run y')).toEqual([]);
    expect(readDockerCommand('docker', [])).toEqual({ subcommand: '', globalFlags: {}, flags: {} });
  });
});
