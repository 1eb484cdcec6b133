import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { expectSameAsLinkingAll } from '../support/judge-as-read-compare.js';
import { lines } from '../support/scan-files.js';

// `docker build -f /tmp/df` is reported as a build not judged; a workflow that runs a Compose file
// from outside the scanned folder starts services that were never checked, and was silent
// (helper-38).

const workflow = (...steps: string[]) =>
  lines('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((step) => `      - ${step}`));

async function unresolved(files: Record<string, string>): Promise<string[]> {
  const findings = await expectSameAsLinkingAll(memoryTree(files));
  return findings
    .filter((f) => f.ruleId === 'compose-reference-unresolved')
    .map((f) => `${f.path}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.severity} ${f.message.split(',')[0]}`);
}

describe('a workflow that runs a Compose file from outside the scanned folder', () => {
  it.each([
    ['docker compose -f /tmp/stack.yml up -d', '/tmp/stack.yml'],
    ['docker compose --file ../outside.yml up -d', '../outside.yml'],
    ['docker-compose -f /srv/app/docker-compose.yml up -d', '/srv/app/docker-compose.yml'],
    ['COMPOSE_FILE=/etc/stack.yml docker compose up -d', '/etc/stack.yml'],
  ])('`%s` is reported at the step', async (run, path) => {
    expect(await unresolved({ '.github/workflows/ci.yml': workflow(`run: ${run}`) })).toEqual([
      `.github/workflows/ci.yml:7:9-7:${14 + run.length} high This step runs the Compose file ${path}`,
    ]);
  });

  it('climbing out from a working directory', async () => {
    const files = { '.github/workflows/ci.yml': workflow('run: docker compose -f ../../stack.yml up -d\n        working-directory: deploy') };
    expect(await unresolved(files)).toEqual(['.github/workflows/ci.yml:7:9-7:53 high This step runs the Compose file ../../stack.yml']);
  });

  it('is silent for files inside, missing ones (a step may generate them) and unknown ones', async () => {
    const files = {
      'deploy/stack.yml': lines('services:', '  web:', '    image: nginx:1.27'),
      '.github/workflows/ci.yml': workflow(
        'run: docker compose -f deploy/stack.yml up -d',
        'run: docker compose -f generated.yml up -d',
        'run: docker compose -f "$STACK" up -d',
        'run: docker compose up -d',
      ),
    };
    expect(await unresolved(files)).toEqual([]);
  });
});
