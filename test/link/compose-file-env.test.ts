import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { expectSameAsLinkingAll as compare } from '../support/judge-as-read-compare.js';

// `docker compose up` without `-f` reads the files COMPOSE_FILE lists, whatever their names: a
// workflow that sets it brings up `deploy/stack.yml`, which must be judged like any Compose file.

const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
const workflow = (env: string, steps: string[]) =>
  `on: push\n${env}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - ${step}\n`).join('')}`;
const privileged = async (files: Record<string, string>) =>
  (await compare(memoryTree(files))).filter((f) => f.ruleId === 'container-privileged').map((f) => f.path);

describe('COMPOSE_FILE set for a workflow step', () => {
  it('reads the files the workflow\'s, the job\'s or the step\'s env names, relative to the working directory', async () => {
    expect(await privileged({ '.github/workflows/ci.yml': workflow('env:\n  COMPOSE_FILE: deploy/stack.yml\n', ['run: docker compose up -d']), 'deploy/stack.yml': PRIVILEGED })).toEqual(['deploy/stack.yml']);
    expect(
      await privileged({
        '.github/workflows/ci.yml': workflow('', ['run: docker compose up -d\n        env:\n          COMPOSE_FILE: base.yml:extra.yml\n        working-directory: ops']),
        'ops/base.yml': 'services:\n  db:\n    image: postgres:17\n',
        'ops/extra.yml': PRIVILEGED,
      }),
    ).toEqual(['ops/extra.yml']);
  });

  it('follows `export COMPOSE_FILE=…` and `COMPOSE_FILE=… docker compose`, and lets `-f` win', async () => {
    expect(await privileged({ '.github/workflows/ci.yml': workflow('', ['run: |\n          export COMPOSE_FILE=stack.yml\n          docker compose up -d']), 'stack.yml': PRIVILEGED })).toEqual(['stack.yml']);
    expect(await privileged({ '.github/workflows/ci.yml': workflow('', ['run: COMPOSE_FILE=stack.yml docker compose up -d']), 'stack.yml': PRIVILEGED })).toEqual(['stack.yml']);
    expect(
      await privileged({ '.github/workflows/ci.yml': workflow('env:\n  COMPOSE_FILE: stack.yml\n', ['run: docker compose -f compose.yaml up -d']), 'stack.yml': PRIVILEGED, 'compose.yaml': 'services:\n  a:\n    image: nginx:1.27\n' }),
    ).toEqual([]);
  });

  it('splits on `;` too, reads workspace paths from the root, and loads no override beside the files it names (helper-33)', async () => {
    expect(
      await privileged({
        '.github/workflows/ci.yml': workflow('env:\n  COMPOSE_FILE: "deploy/a.yml;deploy/b.yml"\n  COMPOSE_PATH_SEPARATOR: ";"\n', ['run: docker compose up -d']),
        'deploy/a.yml': 'services:\n  db:\n    image: postgres:17\n',
        'deploy/b.yml': PRIVILEGED,
      }),
    ).toEqual(['deploy/b.yml']);
    expect(
      await privileged({
        '.github/workflows/ci.yml': workflow('', ['run: docker compose up -d\n        working-directory: ops\n        env:\n          COMPOSE_FILE: ${{ github.workspace }}/deploy/stack.yml']),
        'deploy/stack.yml': PRIVILEGED,
      }),
    ).toEqual(['deploy/stack.yml']);
    // The override would turn `privileged` off, but COMPOSE_FILE does not load it.
    expect(
      await privileged({
        '.github/workflows/ci.yml': workflow('env:\n  COMPOSE_FILE: compose.yaml\n', ['run: docker compose up -d']),
        'compose.yaml': PRIVILEGED,
        'compose.override.yaml': 'services:\n  web:\n    privileged: false\n',
      }),
    ).toContain('compose.yaml');
  });

  it('leaves a value set by an expression unknown', async () => {
    expect(await privileged({ '.github/workflows/ci.yml': workflow('env:\n  COMPOSE_FILE: ${{ vars.STACK }}\n', ['run: docker compose up -d']), 'stack.yml': PRIVILEGED })).toEqual([]);
  });
});
