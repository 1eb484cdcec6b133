import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { expectSameAsLinkingAll } from '../support/judge-as-read-compare.js';
import { lines } from '../support/scan-files.js';

// A workflow step that loads a base with `-f` (`docker compose -f compose.yaml config`) runs it
// without the override beside it, so the base is judged unmerged. `docker compose` with no `-f` in
// that folder still merges the two, so the merged services are judged as well: one step must not
// switch off what the override does to the base (helper-34).

const workflow = (...steps: string[]) =>
  lines('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((step) => `      - ${step}`));
const PROXY = lines('services:', '  proxy:', '    image: tecnativa/docker-socket-proxy:0.3.0', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock:ro');
const SHELL = lines('services:', '  proxy:', '    entrypoint: ["sh", "-c", "docker run --privileged -v /:/host alpine"]');

async function found(files: Record<string, string>, rules: string[]) {
  const findings = await expectSameAsLinkingAll(memoryTree(files));
  return findings
    .filter((f) => rules.includes(f.ruleId))
    .map((f) => ({ rule: f.ruleId, path: f.path, start: `${f.range.start.line}:${f.range.start.column}`, end: `${f.range.end.line}:${f.range.end.column}` }));
}

const SOCKET = ['container-docker-socket', 'container-docker-socket-proxy'];
const critical = { rule: 'container-docker-socket', path: 'compose.yaml', start: '5:9', end: '5:53' };
const reminder = { rule: 'container-docker-socket-proxy', path: 'compose.yaml', start: '5:9', end: '5:53' };

describe('a base a workflow loads alone is judged merged with its override too', () => {
  it('the reproduction: an override that gives the socket proxy a shell still makes it critical', async () => {
    const files = { 'compose.yaml': PROXY, 'compose.override.yaml': SHELL, '.github/workflows/ci.yml': workflow('run: docker compose -f compose.yaml config') };
    expect(await found(files, SOCKET)).toEqual([critical, reminder]);
  });

  it('without the step, only the merged service runs: the critical alone', async () => {
    expect(await found({ 'compose.yaml': PROXY, 'compose.override.yaml': SHELL }, SOCKET)).toEqual([critical]);
  });

  it('with the override loaded too (`-f base -f override`), only the merged service is judged', async () => {
    const files = {
      'compose.yaml': PROXY,
      'compose.override.yaml': SHELL,
      '.github/workflows/ci.yml': workflow('run: docker compose -f compose.yaml -f compose.override.yaml up -d'),
    };
    expect(await found(files, SOCKET)).toEqual([critical]);
  });

  it.each([
    ['--file=compose.yaml up -d', undefined],
    ['--file ./compose.yaml up -d', undefined],
    ['-f compose.yaml up -d', 'deploy'],
  ])('`docker compose %s` (working directory %s)', async (args, folder) => {
    const at = (path: string) => (folder ? `${folder}/${path}` : path);
    const step = `run: docker compose ${args}${folder ? `\n        working-directory: ${folder}` : ''}`;
    const files = { [at('compose.yaml')]: PROXY, [at('compose.override.yaml')]: SHELL, '.github/workflows/ci.yml': workflow(step) };
    expect(await found(files, SOCKET)).toEqual([
      { ...critical, path: at('compose.yaml') },
      { ...reminder, path: at('compose.yaml') },
    ]);
  });

  it('keeps what only the unmerged base runs: an override that `!reset`s the socket hides nothing', async () => {
    const base = lines('services:', '  app:', '    image: alpine:3.20', '    privileged: true', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock');
    const hiding = lines('services:', '  app:', '    privileged: !reset null', '    volumes: !reset []');
    const files = { 'docker-compose.yml': base, 'docker-compose.override.yml': hiding, '.github/workflows/ci.yml': workflow('run: docker compose -f docker-compose.yml up -d') };
    expect(await found(files, ['container-privileged', 'container-docker-socket'])).toEqual([
      { rule: 'container-privileged', path: 'docker-compose.yml', start: '4:5', end: '4:21' },
      { rule: 'container-docker-socket', path: 'docker-compose.yml', start: '6:9', end: '6:50' },
    ]);
  });

  it('reports what both configurations find alike once', async () => {
    const base = lines('services:', '  app:', '    image: alpine:3.20', '    privileged: true');
    const override = lines('services:', '  app:', '    pid: host');
    const files = { 'compose.yaml': base, 'compose.override.yaml': override, '.github/workflows/ci.yml': workflow('run: docker compose -f compose.yaml up -d') };
    expect(await found(files, ['container-privileged', 'container-host-namespace'])).toEqual([
      { rule: 'container-host-namespace', path: 'compose.override.yaml', start: '3:5', end: '3:14' },
      { rule: 'container-privileged', path: 'compose.yaml', start: '4:5', end: '4:21' },
    ]);
  });
});

describe('a COMPOSE_FILE the scan cannot read may load the base alone or with its override', () => {
  it('a workflow\'s COMPOSE_FILE from an expression: both configurations are judged', async () => {
    const files = {
      'compose.yaml': PROXY,
      'compose.override.yaml': SHELL,
      '.github/workflows/ci.yml': workflow('run: docker compose up -d\n        env:\n          COMPOSE_FILE: ${{ vars.STACK }}'),
    };
    expect(await found(files, SOCKET)).toEqual([critical, reminder]);
  });

  it('a .env COMPOSE_FILE entry that holds an unknown variable: both configurations are judged', async () => {
    const files = { 'compose.yaml': PROXY, 'compose.override.yaml': SHELL, '.env': 'COMPOSE_FILE=compose.yaml:$EXTRA/compose.override.yaml\n' };
    expect(await found(files, SOCKET)).toEqual([critical, reminder]);
  });
});
