import { describe, expect, it } from 'vitest';
import { lines, seen } from '../support/scan-files.js';

// Compose's `!reset` and `!override` (https://docs.docker.com/reference/compose-file/merge/#reset-value,
// compose-go loader/reset.go): the merged service is judged, located where the deciding value is.
const RULES = ['container-privileged', 'container-docker-socket', 'container-port-all-interfaces', 'container-dangerous-capability', 'compose-schema', 'parse-error', 'container-secret-in-environment'];

const base = lines(
  'services:',
  '  agent:',
  '    image: example/agent:2.4.1',
  '    privileged: true',
  '    volumes:',
  '      - /var/run/docker.sock:/var/run/docker.sock',
  '    ports: ["9000:9000"]',
);

describe('!reset and !override in an override file', () => {
  it('the issue example: merged, agent is neither privileged nor mounts the socket nor publishes a port', async () => {
    const override = lines('services:', '  agent:', '    privileged: !reset null', '    volumes: !reset []', '    ports: !reset []');
    expect(await seen({ 'compose.yaml': base, 'compose.override.yaml': override }, RULES)).toEqual([]);
  });

  it('without the tags the base values stay (the override merges lists, so the socket is still mounted)', async () => {
    const override = lines('services:', '  agent:', '    privileged: false', '    volumes: []', '    ports: []');
    expect(await seen({ 'compose.yaml': base, 'compose.override.yaml': override }, RULES)).toEqual([
      { rule: 'container-docker-socket', path: 'compose.yaml', line: 6, column: 9 },
      { rule: 'container-port-all-interfaces', path: 'compose.yaml', line: 7, column: 13 },
    ]);
  });

  it('!override replaces a list instead of appending to it, and the finding is in the override', async () => {
    const override = lines('services:', '  agent:', '    ports: !override ["0.0.0.0:9443:9443"]', '    volumes: !override', '      - ./data:/data');
    expect(await seen({ 'compose.yaml': base, 'compose.override.yaml': override }, RULES)).toEqual([
      { rule: 'container-port-all-interfaces', path: 'compose.override.yaml', line: 3, column: 23 },
      { rule: 'container-privileged', path: 'compose.yaml', line: 4, column: 5 },
    ]);
  });

  it('!override on a scalar is the new value, converted as Compose converts it', async () => {
    const safe = lines('services:', '  agent:', '    privileged: !override false');
    const unsafe = lines('services:', '  agent:', '    privileged: !override true');
    const quiet = { 'compose.yaml': base.replace('privileged: true', 'privileged: false'), 'compose.override.yaml': unsafe };
    expect(await seen({ 'compose.yaml': base, 'compose.override.yaml': safe }, ['container-privileged', 'compose-schema'])).toEqual([]);
    expect(await seen(quiet, ['container-privileged', 'compose-schema'])).toEqual([{ rule: 'container-privileged', path: 'compose.override.yaml', line: 3, column: 5 }]);
  });

  it('!reset on one environment variable removes only that one', async () => {
    const withEnv = lines('services:', '  app:', '    image: nginx:1.27', '    environment:', '      API_TOKEN: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', '      MODE: prod');
    const override = lines('services:', '  app:', '    environment:', '      API_TOKEN: !reset null');
    expect(await seen({ 'compose.yaml': withEnv }, ['container-secret-in-environment'])).toHaveLength(1);
    expect(await seen({ 'compose.yaml': withEnv, 'compose.override.yaml': override }, ['container-secret-in-environment'])).toEqual([]);
  });

  it('!reset through extends: the extending service drops an inherited capability', async () => {
    const files = {
      'compose.yaml': lines('services:', '  worker:', '    extends: { file: common.yml, service: base }', '    cap_add: !reset []'),
      'common.yml': lines('services:', '  base:', '    image: example/worker:1.0', '    cap_add: [SYS_ADMIN]'),
    };
    const result = await seen(files, ['container-dangerous-capability']);
    // `base` itself is still judged in common.yml; `worker` no longer inherits SYS_ADMIN.
    expect(result).toEqual([{ rule: 'container-dangerous-capability', path: 'common.yml', line: 4, column: 15 }]);
  });

  it('a tag in a workflow file is not a Compose directive: the value is kept', async () => {
    const workflow = lines('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    container:', '      image: node:22', '      options: !reset --privileged', '    steps:', '      - run: npm test');
    expect(await seen({ '.github/workflows/ci.yml': workflow }, ['container-privileged'])).toHaveLength(1);
  });
});
