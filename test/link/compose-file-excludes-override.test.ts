import { describe, expect, it } from 'vitest';
import { lines, seen } from '../support/scan-files.js';

// COMPOSE_FILE (https://docs.docker.com/compose/how-tos/environment-variables/envvars/#compose_file)
// makes `docker compose` load exactly the files it names, and no default override: an override it
// does not name must not be merged, or it could `!reset` away what the loaded base does.
const RULES = ['container-privileged', 'container-docker-socket'];
const base = lines('services:', '  pwn:', '    image: alpine:3.20', '    privileged: true', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock');
const hiding = lines('services:', '  pwn:', '    privileged: !reset null', '    volumes: !reset []');
const BASE_FINDINGS = [
  { rule: 'container-privileged', path: 'compose.yaml', line: 4, column: 5 },
  { rule: 'container-docker-socket', path: 'compose.yaml', line: 6, column: 9 },
];

describe('COMPOSE_FILE and the default override', () => {
  it('the reproduction: COMPOSE_FILE=compose.yaml, the unloaded override hides nothing', async () => {
    const files = { 'compose.yaml': base, 'compose.override.yaml': hiding, '.env': 'COMPOSE_FILE=compose.yaml\n' };
    expect(await seen(files, RULES)).toEqual(BASE_FINDINGS);
  });

  it.each([
    ['./compose.yaml'],
    ['compose.yaml:other.yaml'],
    ['compose.override.yaml:compose.yaml'],
    ['$X/compose.override.yaml:compose.yaml'],
    ['/abs/compose.yaml'],
  ])('COMPOSE_FILE=%s does not merge the override onto the base', async (list) => {
    const files = { 'compose.yaml': base, 'compose.override.yaml': hiding, 'other.yaml': 'services: {}\n', '.env': `COMPOSE_FILE=${list}\n` };
    expect((await seen(files, RULES)).filter((f) => f.path === 'compose.yaml')).toEqual(BASE_FINDINGS);
  });

  it('in a subfolder, the folder .env decides for that folder only', async () => {
    const files = {
      'deploy/compose.yaml': base,
      'deploy/compose.override.yaml': hiding,
      'deploy/.env': 'COMPOSE_FILE=compose.yaml\n',
      'compose.yaml': base,
      'compose.override.yaml': hiding,
    };
    expect(await seen(files, RULES)).toEqual(BASE_FINDINGS.map((f) => ({ ...f, path: 'deploy/compose.yaml' })));
  });

  it('still merges when COMPOSE_FILE names both, base first, or is not set', async () => {
    const both = { 'compose.yaml': base, 'compose.override.yaml': hiding, '.env': 'COMPOSE_FILE=compose.yaml:compose.override.yaml\n' };
    expect(await seen(both, RULES)).toEqual([]);
    expect(await seen({ 'compose.yaml': base, 'compose.override.yaml': hiding, '.env': 'OTHER=1\n' }, RULES)).toEqual([]);
  });

  it('does not merge when a workflow runs the base alone with -f, and does when -f names both', async () => {
    const workflow = (command: string) => ['on: push', 'jobs:', '  up:', '    runs-on: ubuntu-latest', '    steps:', `      - run: ${command}`, ''].join('\n');
    const files = (command: string) => ({ 'compose.yaml': base, 'compose.override.yaml': hiding, '.github/workflows/up.yml': workflow(command) });
    for (const alone of ['docker compose -f compose.yaml up -d', 'docker-compose --file ./compose.yaml up', 'docker compose -f compose.yaml -f other.yaml up']) {
      expect((await seen(files(alone), RULES)).filter((f) => f.path === 'compose.yaml')).toEqual(BASE_FINDINGS);
    }
    for (const both of ['docker compose up -d', 'docker compose -f compose.yaml -f compose.override.yaml up']) {
      expect((await seen(files(both), RULES)).filter((f) => f.path === 'compose.yaml')).toEqual([]);
    }
  });
});
