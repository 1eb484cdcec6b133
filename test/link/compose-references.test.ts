import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { lines, scanFiles, seen } from '../support/scan-files.js';

// Compose reads `include:` entries and `extends.file` targets whatever their names
// (https://docs.docker.com/reference/compose-file/include/, .../extends/): so does Containment.
describe('files reached through include: and extends.file, whatever their names', () => {
  it('judges a privileged service in an included stack/database.yaml, located there', async () => {
    const files = {
      'compose.yaml': lines('include:', '  - stack/database.yaml', 'services:', '  web:', '    image: nginx:1.27'),
      'stack/database.yaml': lines('services:', '  db:', '    image: postgres:16.4', '    privileged: true'),
    };
    expect(await seen(files, ['container-privileged', 'compose-reference-unresolved'])).toEqual([{ rule: 'container-privileged', path: 'stack/database.yaml', line: 4, column: 5 }]);
  });

  it('follows the long include form and a list of paths, in any folder', async () => {
    const files = {
      'deploy/compose.yaml': lines('include:', '  - path: [../infra/queue.yml, ./extra/cache.service]', 'services: {}'),
      'infra/queue.yml': lines('services:', '  queue:', '    image: rabbitmq:3.13', '    network_mode: host'),
      'deploy/extra/cache.service': lines('services:', '  cache:', '    image: redis:7.4', '    pid: host'),
    };
    expect(await seen(files, ['container-host-network', 'container-host-namespace', 'compose-reference-unresolved'])).toEqual([
      { rule: 'container-host-namespace', path: 'deploy/extra/cache.service', line: 4, column: 5 },
      { rule: 'container-host-network', path: 'infra/queue.yml', line: 4, column: 5 },
    ]);
  });

  it('judges SYS_ADMIN inherited through extends: { file: common-services.yml }, located in that file, with the service as related', async () => {
    const files = {
      'compose.yaml': lines('services:', '  web:', '    extends: { file: common-services.yml, service: base }', '    image: example/web:1.0'),
      'common-services.yml': lines('services:', '  base:', '    image: example/base:1.0', '    cap_add: [SYS_ADMIN]'),
    };
    const result = await scanFiles(files);
    const found = result.findings.filter((f) => f.ruleId === 'container-dangerous-capability');
    expect(found.map((f) => [f.path, f.range.start.line, f.range.start.column])).toEqual([
      ['common-services.yml', 4, 15],
      ['common-services.yml', 4, 15],
    ]);
    // One for `base` itself, one for `web`, which says where `web` is defined.
    expect(found.flatMap((f) => (f.related ?? []).map((r) => [r.path, r.range.start.line]))).toEqual([['compose.yaml', 2]]);
  });

  it('discovers compose-<name>.yaml and docker-compose-<name>.yml on their own', async () => {
    const files = {
      'compose-monitoring.yaml': lines('services:', '  node:', '    image: prom/node-exporter:v1.8.2', '    pid: host'),
      'ops/docker-compose-ci.yml': lines('services:', '  runner:', '    image: example/runner:1.0', '    privileged: true'),
    };
    expect(await seen(files, ['container-host-namespace', 'container-privileged'])).toEqual([
      { rule: 'container-host-namespace', path: 'compose-monitoring.yaml', line: 4, column: 5 },
      { rule: 'container-privileged', path: 'ops/docker-compose-ci.yml', line: 4, column: 5 },
    ]);
  });
});

describe('COMPOSE_FILE in a .env of a folder without a Compose file', () => {
  it('reads the file it names once, relative to the .env, with no unresolved reference', async () => {
    const root = await mkdtemp(join(tmpdir(), 'containment-compose-file-'));
    try {
      await mkdir(join(root, 'dotenv', 'development'), { recursive: true });
      await writeFile(join(root, 'dotenv', '.env'), 'COMPOSE_FILE="${COMPOSE_FILE:-development/compose.yaml}"\nIMAGE_NAME=example/app\n');
      await writeFile(join(root, 'dotenv', 'development', 'compose.yaml'), lines('services:', '  backend:', '    image: $IMAGE_NAME:1.0', '    privileged: true'));
      const result = await scan({ root });
      const found = result.findings.filter((f) => ['compose-reference-unresolved', 'container-privileged'].includes(f.ruleId)).map((f) => [f.ruleId, f.path, f.range.start.line]);
      // Once on its own (no .env beside it) and once through COMPOSE_FILE: the same finding, reported once.
      expect(found).toEqual([['container-privileged', 'dotenv/development/compose.yaml', 4]]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
