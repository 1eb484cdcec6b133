import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { workingTree } from '../../src/discover/working-tree.js';
import { LinkReach } from '../../src/link/link-reach.js';
import { readProject } from '../../src/pipeline/read-project.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { expectSameAsLinkingAll as compare } from '../support/judge-as-read-compare.js';
import { REPO } from '../support/run-cli.js';

const packs = loadBuiltinPacks();

describe('judging each file as it is read gives what judging the linked project at once gives', () => {
  it('on every example of every built-in rule', async () => {
    let examples = 0;
    for (const rule of packs.flatMap((pack) => pack.rules)) {
      for (const test of rule.tests ?? []) {
        try {
          await compare(memoryTree({ ...test.files, [test.file]: test.content }));
        } catch (error) {
          throw new Error(`${rule.id} example ${examples}: ${(error as Error).message.slice(0, 3000)}`);
        }
        examples++;
      }
    }
    expect(examples).toBeGreaterThan(250);
  });

  it.each(['hardened', 'insecure', 'typical'])('on the %s fixture repository', async (name) => {
    await compare(workingTree(join(REPO, 'test/fixtures', name)));
  });

  it('reads again a Compose file another one extends, after judging it on its own', async () => {
    const files = {
      'base/docker-compose.base.yml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      'app/compose.yaml': 'services:\n  api:\n    extends:\n      file: ../base/docker-compose.base.yml\n      service: web\n',
    };
    const findings = await compare(memoryTree(files));
    // Reported where `privileged: true` is written, once for the service that extends it (with
    // that service as related location) and once for the extended service itself.
    const privileged = findings.filter((f) => f.ruleId === 'container-privileged');
    expect(privileged.map((f) => `${f.path}:${f.range.start.line}`)).toEqual(['base/docker-compose.base.yml:4', 'base/docker-compose.base.yml:4']);
    expect(privileged.map((f) => f.message.split(' ')[0]).sort()).toEqual(['api', 'web']);
    expect(privileged.flatMap((f) => f.related.map((r) => r.path))).toContain('app/compose.yaml');
  });

  it('reads again a Dockerfile that a service builds only once merged from the file it extends', async () => {
    const files = {
      'base/docker-compose.base.yml': 'services:\n  web:\n    build: ./img\n',
      'app/compose.yaml': 'services:\n  api:\n    extends:\n      file: ../base/docker-compose.base.yml\n      service: web\n',
      'app/img/Dockerfile': 'FROM alpine:3.20\nUSER app\n',
      'other/Dockerfile': 'FROM alpine:3.20\n',
    };
    await compare(memoryTree(files));
  });

  it('reads again a reusable workflow a kept workflow calls', async () => {
    const files = {
      '.github/workflows/ci.yml': 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/publish.yml\n    secrets: inherit\n',
      // Builds nothing of this repository and names no file: judged and dropped when read.
      '.github/workflows/publish.yml': 'on: workflow_call\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker push ghcr.io/o/r:1\n',
    };
    const findings = await compare(memoryTree(files));
    // The caller's finding needs the called workflow's jobs: it was read again for the link stage.
    expect(findings.filter((f) => f.ruleId === 'workflow-secrets-inherit-image-build').map((f) => f.path)).toEqual(['.github/workflows/ci.yml']);
  });

  it('on override files, a workflow building a Dockerfile, `docker compose -f` and a `.dockerignore`', async () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'compose.override.yaml': 'services:\n  web:\n    privileged: true\n    build: ./web\n',
      'web/Dockerfile': 'FROM node:22\n',
      'tools/Dockerfile': 'FROM alpine:3.20\nRUN curl https://x.example/i.sh | sh\n',
      'deploy/compose.yaml': 'services:\n  job:\n    image: busybox:1.36\n    network_mode: host\n',
      '.dockerignore': '.git\n',
      '.github/workflows/ci.yml': [
        'on: pull_request',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - run: docker build -f tools/Dockerfile .',
        '      - run: docker compose -f deploy/compose.yaml up -d',
        '',
      ].join('\n'),
    };
    await compare(memoryTree(files));
  });
});

describe('what is kept for linking', () => {
  it('drops, as they are parsed, the files nothing links, and keeps the ones that link', async () => {
    const files = {
      'a/Dockerfile': 'FROM alpine:3.20\n',
      'b/Dockerfile': 'FROM alpine:3.20\n',
      'built/Dockerfile': 'FROM alpine:3.20\n',
      'solo/compose.yaml': 'services:\n  x:\n    image: nginx:1.27\n',
      'stack/compose.yaml': 'services:\n  y:\n    build: ../built\n',
      '.github/workflows/lint.yml': 'on: push\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    };
    let reach: LinkReach | undefined;
    const taken: string[] = [];
    const { documents } = await readProject(memoryTree(files), [], undefined, undefined, {
      begin: (discovered) => {
        reach = new LinkReach(discovered);
      },
      take: (document) => {
        if (reach!.keeps(document)) return false;
        taken.push(document.path);
        return true;
      },
    });
    expect(taken.sort()).toEqual(['.github/workflows/lint.yml', 'a/Dockerfile', 'b/Dockerfile', 'solo/compose.yaml']);
    expect(documents.map((d) => d.path)).toEqual(['built/Dockerfile', 'stack/compose.yaml']);
  });
});
