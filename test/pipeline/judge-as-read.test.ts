import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { workingTree } from '../../src/discover/working-tree.js';
import { compileRules } from '../../src/evaluate/evaluate.js';
import { LinkReach } from '../../src/link/link-reach.js';
import { judgeAsRead } from '../../src/pipeline/judge-as-read.js';
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
    const events: string[] = [];
    const { documents } = await readProject(memoryTree(files), [], undefined, undefined, {
      begin: (discovered) => {
        reach = new LinkReach(discovered);
      },
      take: (document) => {
        // Dockerfiles come after `settle`, and LinkReach does not decide them.
        if (document.kind === 'dockerfile') {
          expect(() => reach!.keeps(document)).toThrow(/does not decide Dockerfiles/);
          events.push(`dockerfile ${document.path}`);
          return document.path !== 'built/Dockerfile';
        }
        if (reach!.keeps(document)) return false;
        events.push(`taken ${document.path}`);
        return true;
      },
      settle: ({ documents }) => {
        events.push(`settled ${documents.map((d) => d.path).join(' ')}`);
      },
    });
    expect(events).toEqual([
      'taken .github/workflows/lint.yml',
      'taken solo/compose.yaml',
      'settled stack/compose.yaml',
      'dockerfile a/Dockerfile',
      'dockerfile b/Dockerfile',
      'dockerfile built/Dockerfile',
    ]);
    // What `settle` received is the caller's: only a Dockerfile not taken is left.
    expect(documents.map((d) => d.path)).toEqual(['built/Dockerfile']);
  });

  it('links and judges a group as soon as its last Dockerfile is read, before the Dockerfiles after it', async () => {
    const files = {
      'a/compose.yaml': 'services:\n  web:\n    build: .\n    privileged: true\n',
      'a/Dockerfile': 'FROM alpine:3.20\n',
      'b/compose.yaml': 'services:\n  api:\n    build: .\n',
      'b/Dockerfile': 'FROM alpine:3.20\n',
      'c/Dockerfile': 'FROM alpine:3.20\n',
      'solo/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./x:/x\n',
      'solo/compose.override.yaml': 'services:\n  db:\n    privileged: true\n',
    };
    const tree = memoryTree(files);
    const events: string[] = [];
    // Reads run sixteen at a time: each Dockerfile's read ends on a timer of its own, in path
    // order, so each is parsed and taken before the next one's read ends.
    const dockerfiles = ['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile'];
    const logged = {
      ...tree,
      read: (path: string) =>
        dockerfiles.includes(path)
          ? new Promise<Awaited<ReturnType<typeof tree.read>>>((resolve) =>
              setTimeout(() => {
                events.push(`read ${path}`);
                resolve(tree.read(path));
              }, 10 * (dockerfiles.indexOf(path) + 1)),
            )
          : tree.read(path),
    };
    const rules = compileRules(packs.flatMap((pack) => pack.rules));
    await judgeAsRead(logged, [], rules, {
      timed: (stage, run) => {
        if (stage === 'judge linked') events.push('judge linked');
        return run();
      },
    });
    const reads = (path: string) => events.indexOf(`read ${path}`);
    const judged = events.flatMap((event, index) => (event === 'judge linked' ? [index] : []));
    // solo/ reads no Dockerfile: judged before the first Dockerfile is read. a/ between a/Dockerfile
    // and b/Dockerfile, b/ between b/Dockerfile and c/Dockerfile.
    expect(judged).toHaveLength(3);
    expect(judged[0]).toBeLessThan(reads('a/Dockerfile'));
    expect(judged[1]).toBeGreaterThan(reads('a/Dockerfile'));
    expect(judged[1]).toBeLessThan(reads('b/Dockerfile'));
    expect(judged[2]).toBeGreaterThan(reads('b/Dockerfile'));
    expect(judged[2]).toBeLessThan(reads('c/Dockerfile'));
  });

  it('lets the documents it settled go while the Dockerfiles are read', async () => {
    // Found with a heap snapshot: a variable of the reader's async function kept every settled
    // document alive to the end of the read. Collected documents are told by a finalization
    // registry; a collection is forced while the last Dockerfile is read, and none after it.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const files: Record<string, string> = { 'Dockerfile': 'FROM alpine:3.20\n' };
    for (let i = 0; i < 20; i++) files[`s${i}/compose.yaml`] = 'services:\n  web:\n    build: .\n';
    const tree = memoryTree(files);
    const collected = new Set<string>();
    const registry = new FinalizationRegistry<string>((path) => collected.add(path));
    const forced = {
      ...tree,
      read: async (path: string) => {
        if (path === 'Dockerfile') gc();
        return tree.read(path);
      },
    };
    let settled = 0;
    await readProject(forced, [], undefined, undefined, {
      begin: () => {},
      take: (document) => document.kind === 'dockerfile',
      settle: ({ documents }) => {
        settled = documents.length;
        for (const document of documents) registry.register(document, document.path);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(20);
    expect(collected.size).toBe(20);
  });
});
