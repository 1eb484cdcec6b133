// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` here is Compose text, not a template.
import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { cleanHostPath } from '../../src/subjects/host-path.js';
import { lines, scanFiles, seen } from '../support/scan-files.js';

describe('cleanHostPath (as the daemon cleans a bind source)', () => {
  it.each([
    ['//var/run/./docker.sock', '/var/run/docker.sock'],
    ['/var/run/docker.sock/', '/var/run/docker.sock'],
    ['/var/lib/../run//docker.sock', '/var/run/docker.sock'],
    ['///', '/'],
    ['/', '/'],
    ['./data/', './data/'],
    ['~/.ssh', '~/.ssh'],
    ['C:\\data', 'C:\\data'],
  ])('%s is %s', (written, cleaned) => {
    expect(cleanHostPath(written)).toBe(cleaned);
  });
});

describe('the Docker socket, however it is written', () => {
  it('recognises a rootless socket behind an unset ${XDG_RUNTIME_DIR}, in short and long syntax', async () => {
    const compose = lines(
      'services:',
      '  agent:',
      '    image: example/agent:1.0',
      '    volumes:',
      '      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock:ro',
      '      - ${DATA_DIR}:/data',
      '      - type: bind',
      '        source: $XDG_RUNTIME_DIR/podman/podman.sock',
      '        target: /run/podman.sock',
    );
    expect(await seen({ 'compose.yaml': compose }, ['container-docker-socket'])).toEqual([
      { rule: 'container-docker-socket', path: 'compose.yaml', line: 5, column: 9 },
      { rule: 'container-docker-socket', path: 'compose.yaml', line: 7, column: 9 },
    ]);
  });

  it('marks every engine socket in the inventory, from the same pack list the rules use', async () => {
    const compose = lines(
      'services:',
      '  a: { image: x/a:1, volumes: ["/run/podman/podman.sock:/var/run/docker.sock"] }',
      '  b: { image: x/b:1, volumes: ["//var/run/./docker.sock/:/sock"] }',
      '  c: { image: x/c:1, volumes: ["/run/user/1000/docker.sock:/sock"] }',
      '  d: { image: x/d:1, volumes: ["/var/run/docker-data:/data"] }',
    );
    const result = await scanFiles({ 'compose.yaml': compose });
    expect(result.inventory!.containers.map((c) => [c.name, c.dockerSocket])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', false],
    ]);
    const docker = loadBuiltinPacks().find((pack) => pack.id === 'docker')!;
    const using = docker.rules.filter((rule) => 'dockerSocketPaths' in rule.params).map((rule) => rule.id);
    expect(using.sort()).toEqual(['container-docker-socket', 'container-docker-socket-proxy', 'container-sensitive-host-mount']);
    for (const rule of docker.rules.filter((r) => using.includes(r.id))) expect(rule.params['dockerSocketPaths']).toBe(docker.params?.['dockerSocketPaths']);
  });

  it('the socket as a secret or config file is a bind mount of it, located at the file', async () => {
    const compose = lines('services:', '  app:', '    image: example/app:1.0', '    configs: [{ source: engine, target: /etc/engine.sock }]', 'configs:', '  engine:', '    file: /var/run/docker.sock');
    expect(await seen({ 'compose.yaml': compose }, ['container-docker-socket'])).toEqual([{ rule: 'container-docker-socket', path: 'compose.yaml', line: 7, column: 5 }]);
  });
});
