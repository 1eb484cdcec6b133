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
    // What follows the variable cannot bring the path back (helper-42).
    ["docker compose -f '/tmp/$X/stack.yml' up -d", '/tmp/$X/stack.yml'],
    ['docker compose -f "/tmp/${X}/stack.yml" up -d', '/tmp/$X/stack.yml'],
    ['docker compose -f "$RUNNER_TEMP/stack.yml" up -d', '$RUNNER_TEMP/stack.yml'],
    ['docker compose -f ~/stack.yml up -d', '~/stack.yml'],
    ['COMPOSE_FILE=/srv/$ENV/stack.yml docker compose up -d', '/srv/$ENV/stack.yml'],
  ])('`%s` is reported at the step', async (run, path) => {
    expect(await unresolved({ '.github/workflows/ci.yml': workflow(`run: ${run}`) })).toEqual([
      `.github/workflows/ci.yml:7:9-7:${14 + run.length} high This step runs the Compose file ${path}`,
    ]);
  });

  it('a Dockerfile built from outside, whatever the variables in its path', async () => {
    for (const [file, shown] of [["'/tmp/$X/Dockerfile'", '/tmp/$X/Dockerfile'], ['"${RUNNER_TEMP}/Dockerfile"', '$RUNNER_TEMP/Dockerfile'], ['"$HOME/df"', '$HOME/df']]) {
      const findings = await expectSameAsLinkingAll(memoryTree({ Dockerfile: 'FROM alpine:3.20\nUSER 1000\n', '.github/workflows/ci.yml': workflow(`run: docker build -f ${file} .`) }));
      expect(findings.filter((f) => f.ruleId === 'build-file-not-judged').map((f) => f.message.split(',')[0])).toEqual([`This step builds an image from ${shown}`]);
    }
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
        'run: docker compose -f "$GITHUB_WORKSPACE/deploy/stack.yml" up -d',
        'run: docker build -f "$DF" .',
        'run: docker compose up -d',
      ),
    };
    expect(await unresolved(files)).toEqual([]);
  });
});
