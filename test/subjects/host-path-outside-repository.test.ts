// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` here is Compose or shell text, not a template.
import { describe, expect, it } from 'vitest';
import { cleanHostPath, resolveProjectPath, resolveTemplatePath } from '../../src/subjects/host-path.js';
import { lines, seen } from '../support/scan-files.js';

const RULES = ['container-docker-socket', 'container-sensitive-host-mount'];
const ESCAPE = '../../../../../../../../../..';

describe('a relative bind source that climbs out of the repository', () => {
  it.each([
    [`${ESCAPE}/var/run/docker.sock`, '', '/var/run/docker.sock'],
    [ESCAPE, '', '/'],
    ['..', '', '/'],
    ['../etc/./ssl/', '', '/etc/ssl'],
    ['../../run/docker.sock', 'deploy', '/run/docker.sock'],
    ['..', 'deploy', '..'],
    ['../src', '.devcontainer', '../src'],
    ['./data/../../x', '', '/x'],
    ['./data', 'a/b', './data'],
    ['data/../../../var/run/docker.sock', 'a', '/var/run/docker.sock'],
  ])('%s from folder "%s" is %s', (written, folder, resolved) => {
    expect(resolveProjectPath(written, folder)).toBe(resolved);
  });

  it.each([
    ['~/../../var/run/docker.sock', '/var/run/docker.sock'],
    ['~/..', '/'],
    ['~/./.ssh/', '~/.ssh'],
    ['~', '~'],
    ['$HOME/../../etc', '/etc'],
    ['${HOME}/x/../..', '/'],
  ])('home path %s is %s', (written, cleaned) => {
    expect(cleanHostPath(written)).toBe(cleaned);
  });

  it.each([
    ['$PWD/../../../var/run/docker.sock', '/var/run/docker.sock'],
    ['${PWD}/..', '/'],
    ['${{ github.workspace }}/../../../../..', '/'],
    ['${{ GITHUB.WORKSPACE }}/../../etc', '/etc'],
    ['$GITHUB_WORKSPACE/../run/docker.sock', '/run/docker.sock'],
    ['$PWD/data', undefined],
    ['$PWD/../$X', undefined],
    ['$DATA/../..', undefined],
    ['$HOME/.ssh', '~/.ssh'],
    ['${HOME}/../../run/docker.sock', '/run/docker.sock'],
    ['$HOME/$X', undefined],
  ])('template %s reaches %s', (written, resolved) => {
    expect(resolveTemplatePath(written, '')).toBe(resolved);
  });

  it('reports the socket and the host root reached by climbing in Compose short and long syntax', async () => {
    const compose = lines(
      'services:',
      '  pwn:',
      '    image: alpine:3.20',
      '    volumes:',
      `      - ${ESCAPE}/var/run/docker.sock:/var/run/docker.sock`,
      `      - ${ESCAPE}:/host`,
      '      - ~/../../var/run/docker.sock:/s',
      '      - type: bind',
      `        source: ${ESCAPE}/etc`,
      '        target: /e',
      '      - ./data:/data',
    );
    expect(await seen({ 'compose.yaml': compose }, RULES)).toEqual([
      { rule: 'container-docker-socket', path: 'compose.yaml', line: 5, column: 9 },
      { rule: 'container-sensitive-host-mount', path: 'compose.yaml', line: 6, column: 9 },
      { rule: 'container-docker-socket', path: 'compose.yaml', line: 7, column: 9 },
      { rule: 'container-sensitive-host-mount', path: 'compose.yaml', line: 8, column: 9 },
    ]);
  });

  it('resolves against the Compose file folder, so `..` from a subfolder stays in the repository', async () => {
    const compose = lines('services:', '  dev:', '    image: node:22', '    volumes:', '      - ..:/workspace:cached', '      - ../..:/up');
    expect(await seen({ '.devcontainer/compose.yaml': compose }, RULES)).toEqual([
      { rule: 'container-sensitive-host-mount', path: '.devcontainer/compose.yaml', line: 6, column: 9 },
    ]);
  });

  it('reads secrets, configs and bind-driver volumes whose file or device climbs out', async () => {
    const compose = lines(
      'services:',
      '  w:',
      '    image: x/w:1',
      '    volumes: [engine:/sock]',
      '    secrets: [api]',
      '    configs: [conf]',
      'volumes:',
      '  engine:',
      `    driver_opts: { type: none, o: bind, device: ${ESCAPE}/run/docker.sock }`,
      'secrets:',
      '  api:',
      `    file: ${ESCAPE}/var/run/docker.sock`,
      'configs:',
      '  conf:',
      `    file: ${ESCAPE}/etc/shadow`,
    );
    const found = await seen({ 'compose.yaml': compose }, RULES);
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ['container-docker-socket', 4],
      ['container-docker-socket', 12],
      ['container-sensitive-host-mount', 15],
    ]);
  });

  it('reads `docker run -v` and `--mount` in a workflow relative to the workspace', async () => {
    const workflow = lines(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - run: docker run -v ${ESCAPE}/var/run/docker.sock:/s alpine:3.20 true`,
      '      - run: docker run --mount type=bind,src=../../..,dst=/host alpine:3.20 true',
      '      - run: docker run -v "$PWD/../../../../run/docker.sock:/s" alpine:3.20 true',
      '      - run: docker run -v "${{ github.workspace }}/../../..:/h" alpine:3.20 true',
      '      - run: docker run -v ./src:/src -v "$PWD:/w" alpine:3.20 true',
    );
    const found = await seen({ '.github/workflows/ci.yml': workflow }, RULES);
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ['container-docker-socket', 6],
      ['container-sensitive-host-mount', 7],
      ['container-docker-socket', 8],
      ['container-sensitive-host-mount', 9],
    ]);
  });
});

describe('a job container or service volume that climbs out of the workspace', () => {
  it('is judged as the host path it reaches', async () => {
    const workflow = lines(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: node:22',
      '      volumes:',
      `        - ${ESCAPE}/var/run/docker.sock:/var/run/docker.sock`,
      '      options: -v ../../../..:/host',
      '    steps:',
      '      - run: npm test',
    );
    const found = await seen({ '.github/workflows/ci.yml': workflow }, RULES);
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ['container-docker-socket', 8],
      ['container-sensitive-host-mount', 9],
    ]);
  });
});

describe('a socket behind a variable prefix', () => {
  it('reports `${X}/var/run/docker.sock`: an unset X leaves the socket path', async () => {
    const compose = lines(
      'services:',
      '  a:',
      '    image: x/a:1',
      '    volumes:',
      '      - ${X}/var/run/docker.sock:/var/run/docker.sock',
      '      - ${ROOT:-}/run/docker.sock:/s',
      '      - $PREFIX/run/podman/podman.sock:/p',
      '      - ${DATA}/docker.sock.d:/d',
      '      - ${DATA}/app:/app',
    );
    const found = await seen({ 'compose.yaml': compose }, RULES);
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ['container-docker-socket', 5],
      ['container-docker-socket', 6],
      ['container-docker-socket', 7],
    ]);
  });

  it('reports `$HOME/.ssh` and `~/.aws` as credential folders', async () => {
    const workflow = lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: docker run -v "$HOME/.ssh:/k" -v ~/.aws:/a alpine:3.20 true');
    const found = await seen({ '.github/workflows/ci.yml': workflow }, RULES);
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ['container-sensitive-host-mount', 6],
      ['container-sensitive-host-mount', 6],
    ]);
  });
});
