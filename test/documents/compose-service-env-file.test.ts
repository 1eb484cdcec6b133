import { describe, expect, it } from 'vitest';
import type { ContainerSpec } from '../../src/subjects/container.js';
import { lines, scanFiles, seen } from '../support/scan-files.js';

const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

// A service's `env_file:` (https://docs.docker.com/reference/compose-file/services/#env_file) is
// read through the scan's tree, like `.env`, and its variables are the container's environment.
describe("a service's env_file", () => {
  it('gives the container its variables, environment: winning, located at the env_file entry', async () => {
    const files = {
      'app/compose.yaml': lines('services:', '  api:', '    image: example/api:1.0', '    env_file:', '      - ./config/api.env', '      - path: ./config/local.env', '        required: false', '    environment:', '      MODE: prod'),
      'app/config/api.env': lines('# api settings', `API_TOKEN=${TOKEN}`, 'MODE=dev', 'LOG_LEVEL=info'),
    };
    const result = await scanFiles(files);
    const api = result.findings.filter((f) => f.ruleId === 'container-secret-in-environment');
    expect(api.map((f) => [f.path, f.range.start.line, f.range.start.column])).toEqual([['app/compose.yaml', 5, 9]]);
    expect(result.findings.filter((f) => f.ruleId === 'compose-reference-unresolved')).toEqual([]);
  });

  it('sets the container environment from the file (a unit view of the merge)', async () => {
    const { parseCompose } = await import('../../src/documents/compose-document.js');
    const document = parseCompose('compose.yaml', lines('services:', '  api:', '    image: x/api:1', '    env_file: [a.env, b.env]', '    environment: { MODE: prod }'), undefined, new Map([
      ['a.env', 'A=1\nMODE=dev\nSHARED=from-a\n'],
      ['b.env', 'SHARED=from-b\nREF=${A}\n'],
    ]));
    const value = document.subjects.find((s) => s.type === 'container')!.value as ContainerSpec;
    expect(value.environment).toEqual({ A: '1', SHARED: 'from-b', REF: null, MODE: 'prod' });
  });

  it('reports a required env_file that is missing or outside the folder at its line, and skips an optional missing one', async () => {
    const files = {
      'compose.yaml': lines('services:', '  api:', '    image: example/api:1.0', '    env_file:', '      - missing.env', '      - ../../etc/passwd', '      - { path: optional.env, required: false }'),
    };
    expect(await seen(files, ['compose-reference-unresolved'])).toEqual([
      { rule: 'compose-reference-unresolved', path: 'compose.yaml', line: 5, column: 9 },
      { rule: 'compose-reference-unresolved', path: 'compose.yaml', line: 6, column: 9 },
    ]);
    const messages = (await scanFiles(files)).findings.filter((f) => f.ruleId === 'compose-reference-unresolved').map((f) => f.message);
    expect(messages[0]).toMatch(/^`missing\.env` was not read: it does not exist, so Compose refuses this file\. The environment variables it gives this service were not checked; name a file inside the repository\.$/);
  });
});

describe('a Compose file read with two sets of variables', () => {
  it('is judged once where both reads agree, and where they differ the difference is reported', async () => {
    const files = {
      'compose.yaml': lines('include:', '  - path: stack/compose.yaml', '    env_file: prod.env', 'services: {}'),
      'prod.env': 'PRIV=true\n',
      'stack/compose.yaml': lines('services:', '  db:', '    image: postgres:16.4', '    privileged: ${PRIV:-false}', '    cap_add: [SYS_ADMIN]'),
    };
    const found = await seen(files, ['container-privileged', 'container-dangerous-capability', 'container-no-memory-limit']);
    expect(found).toEqual([
      { rule: 'container-no-memory-limit', path: 'stack/compose.yaml', line: 2, column: 3 },
      // Only the include's variables make it privileged: reported once, from that read.
      { rule: 'container-privileged', path: 'stack/compose.yaml', line: 4, column: 5 },
      { rule: 'container-dangerous-capability', path: 'stack/compose.yaml', line: 5, column: 15 },
    ]);
  });
});
