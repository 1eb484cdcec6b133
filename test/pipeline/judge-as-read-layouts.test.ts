import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { workingTree } from '../../src/discover/working-tree.js';
import { parseProject } from '../../src/pipeline/parse-project.js';
import { expectSameAsLinkingAll as compare, treeWithUnlisted as withUnlisted } from '../support/judge-as-read-compare.js';

describe('adversarial layouts: judging as read equals linking everything', () => {
  it('an override file that only an include reaches (not listed) merges into a listed base alone in its folder', async () => {
    const files = {
      'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'x/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
      'app/compose.yaml': 'include:\n  - ../x/compose.override.yaml\nservices:\n  api:\n    image: nginx:1.27\n',
    };
    await compare(withUnlisted(files, ['x/compose.override.yaml']));
  });
  it('a base file that only an include reaches (not listed) takes a listed override alone in its folder', async () => {
    const files = {
      'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    user: "1000"\n',
      'x/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
      'app/compose.yaml': 'include:\n  - ../x/compose.yaml\nservices:\n  api:\n    image: nginx:1.27\n',
    };
    await compare(withUnlisted(files, ['x/compose.yaml']));
  });
  it('a base file past the scan budget, reached by extends, takes the override listed alone in its folder', async () => {
    const files = {
      'a/compose.yaml': 'services:\n  api:\n    extends:\n      file: ../z/docker-compose.yml\n      service: web\n',
      // Path order: the override is within the budget of two files, the base is not.
      'z/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
      'z/docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n',
    };
    const findings = await compare(memoryTree(files), { files: 2 });
    // Merged into the base: one `privileged: true` for `web`, with the base as related location
    // (`api` extends the base file as written, without its override).
    const privileged = findings.filter((f) => f.ruleId === 'container-privileged');
    expect(privileged.map((f) => [f.path, f.message.split(' ')[0]])).toEqual([['z/compose.override.yaml', 'web']]);
    expect(privileged[0]!.related.map((r) => r.path)).toContain('z/docker-compose.yml');
  });
  it('a file read with two sets of variables (an include with env_file, an extends) links the discovered read', async () => {
    const files = {
      'a/compose.yaml': 'include:\n  - path: ../lib/compose.yaml\n    env_file: ../inc.env\nservices:\n  a:\n    image: nginx:1.27\n',
      'b/compose.yaml': 'services:\n  api:\n    extends:\n      file: ../lib/compose.yaml\n      service: web\n',
      'inc.env': 'PRIV=true\n',
      'lib/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIV:-false}\n',
    };
    await compare(memoryTree(files));
  });

  it('a Compose file that is both an override sibling and the file another extends', async () => {
    const files = {
      'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'x/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
      'app/compose.yaml': 'services:\n  api:\n    extends:\n      file: ../x/compose.override.yaml\n      service: web\n',
    };
    await compare(memoryTree(files));
  });

  it('a Dockerfile that a workflow builds and a Compose service builds with a target stage', async () => {
    const files = {
      'app/Dockerfile': 'FROM node:22 AS build\nUSER node\nFROM alpine:3.20 AS final\nHEALTHCHECK CMD true\n',
      'app/compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      target: BUILD\n',
      '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -f app/Dockerfile .\n',
    };
    await compare(memoryTree(files));
  });

  it('a called workflow that calls another, which builds only through a third', async () => {
    const files = {
      '.github/workflows/a.yml': 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/b.yml\n    secrets: inherit\n',
      '.github/workflows/b.yml': 'on: workflow_call\njobs:\n  call:\n    uses: ./.github/workflows/c.yml@main\n    secrets: inherit\n',
      '.github/workflows/c.yml': 'on: workflow_call\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker push ghcr.io/o/r:1\n',
    };
    const findings = await compare(memoryTree(files));
    expect(findings.filter((f) => f.ruleId === 'workflow-secrets-inherit-image-build').map((f) => f.path)).toEqual(['.github/workflows/b.yml']);
  });

  it('paths written with `..`, `./` and another case than the file on disk', async () => {
    const files = {
      'app/Dockerfile': 'FROM alpine:3.20\nRUN curl https://x.example/i.sh | sh\n',
      'App/compose.yaml': 'services:\n  web:\n    build: ../app/./\n',
      'lib/compose.yaml': 'services:\n  db:\n    image: redis:7\n    privileged: true\n',
      '.github/workflows/ci.yml': [
        'on: pull_request',
        'jobs:',
        '  b:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: docker build -f ./tools/../APP/Dockerfile .',
        '      - run: docker compose -f ./x/../lib/compose.yaml up -d',
        '',
      ].join('\n'),
    };
    await compare(memoryTree(files));
  });

  it('a Dockerfile only an override merged from an unlisted file builds', async () => {
    const files = {
      'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'x/compose.override.yaml': 'services:\n  web:\n    build: ../img\n',
      'img/Dockerfile': 'FROM alpine:3.20\n',
      'app/compose.yaml': 'include:\n  - path: ../x/compose.override.yaml\n',
    };
    await compare(withUnlisted(files, ['x/compose.override.yaml']));
  });

  it('a COMPOSE_FILE in a folder without a Compose file names a file beside a listed one', async () => {
    const files = {
      'ops/.env': 'COMPOSE_FILE=../x/compose.override.yaml\n',
      'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'x/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
    };
    await compare(withUnlisted(files, ['x/compose.override.yaml']));
  });

  it('a retracted file that an extends had already read again, and a second listed file in the same folder', async () => {
    const files = {
      'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    user: root\n',
      'x/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
      'x/compose-tools.yaml': 'services:\n  tool:\n    image: busybox:1.36\n    network_mode: host\n',
      'app/compose.yaml': 'include:\n  - ../x/compose.override.yaml\nservices:\n  a:\n    image: nginx:1.27\n',
      'b/compose.yaml': 'services:\n  api:\n    extends:\n      file: ../x/compose.yaml\n      service: web\n',
    };
    await compare(withUnlisted(files, ['x/compose.override.yaml', 'x/compose-tools.yaml']));
    await compare(withUnlisted(files, ['x/compose.override.yaml']));
  });

  it('a workflow that only pulls with `docker compose -f` keeps a base from its override, in a group that waits for a Dockerfile', async () => {
    const files = {
      '.github/workflows/pull.yml':
        'on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f deploy/compose.yaml pull\n',
      'deploy/compose.yaml': 'services:\n  web:\n    build: ../img\n    privileged: true\n',
      'deploy/compose.override.yaml': 'services:\n  web:\n    privileged: false\n',
      'img/Dockerfile': 'FROM alpine:3.20\n',
      'z/Dockerfile': 'FROM alpine:3.20\nUSER root\n',
    };
    const findings = await compare(memoryTree(files));
    // Loaded without its override, the base runs privileged.
    expect(findings.some((f) => f.ruleId === 'container-privileged' && f.path === 'deploy/compose.yaml')).toBe(true);
  });

  it('two Compose folders and a workflow that build one Dockerfile, and a group whose Dockerfile is past the scan budget', async () => {
    const files = {
      '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f shared/Dockerfile .\n',
      'a/compose.yaml': 'services:\n  web:\n    build: ../shared\n',
      'b/compose.yaml': 'services:\n  api:\n    build:\n      context: ../shared\n      target: final\n',
      'c/compose.yaml': 'services:\n  job:\n    build: ../zz\n',
      'shared/Dockerfile': 'FROM alpine:3.20 AS final\nUSER root\n',
      'zz/Dockerfile': 'FROM alpine:3.20\n',
    };
    await compare(memoryTree(files));
    // Path order: zz/Dockerfile is the sixth file, past a budget of five.
    await compare(memoryTree(files), { files: 5 });
  });

  it('three Compose folders and three workflows whose Dockerfiles chain their groups together', async () => {
    const compose = {
      'a/compose.yaml': 'services:\n  a:\n    build: ../d1\n    privileged: true\n',
      'c/compose.yaml': 'services:\n  c:\n    build: ../d2\n    privileged: true\n',
      'z/compose.yaml': 'services:\n  z1:\n    build: ../d1\n  z2:\n    build: ../d2\n',
      'd1/Dockerfile': 'FROM alpine:3.20\n',
      'd2/Dockerfile': 'FROM alpine:3.20\n',
    };
    const findings = await compare(memoryTree(compose));
    expect(findings.filter((f) => f.ruleId === 'container-privileged').map((f) => f.path)).toEqual(['a/compose.yaml', 'c/compose.yaml']);
    const job = (builds: string, extra = '') => `on: pull_request_target\njobs:\n  b:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${builds}`;
    await compare(
      memoryTree({
        '.github/workflows/a.yml': job('      - run: docker build -f d1/Dockerfile d1\n', '    permissions: write-all\n'),
        '.github/workflows/b.yml': job('      - run: docker build -f d2/Dockerfile d2\n', '    permissions: write-all\n'),
        '.github/workflows/c.yml': job('      - run: docker build -f d1/Dockerfile d1\n      - run: docker build -f d2/Dockerfile d2\n'),
        'd1/Dockerfile': 'FROM alpine:3.20\n',
        'd2/Dockerfile': 'FROM alpine:3.20\n',
      }),
    );
    // A shared Dockerfile past the file budget: the groups wait for the one that is read.
    await compare(memoryTree({ ...compose, 'e/compose.yaml': compose['z/compose.yaml'] }), { files: 4 });
  });

  it('an include that reads a Dockerfile or a workflow as a Compose file, which a workflow builds or calls', async () => {
    const build = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - run: docker build -f sub/Dockerfile sub\n';
    // The Compose file read at the Dockerfile's path is judged, on both ways, with its variables or without.
    for (const include of ['include:\n  - sub/Dockerfile\n', 'include:\n  - path: sub/Dockerfile\n    env_file: x.env\n']) {
      const findings = await compare(
        memoryTree({
          '.github/workflows/ci.yml': build,
          'compose.yaml': `${include}services:\n  a:\n    image: nginx:1.27\n`,
          'x.env': 'A=1\n',
          'sub/Dockerfile': 'services:\n  evil:\n    image: nginx:1.27\n    privileged: true\n',
        }),
      );
      expect(findings.some((f) => f.ruleId === 'container-privileged' && f.path === 'sub/Dockerfile')).toBe(true);
    }
    await compare(
      memoryTree({
        '.github/workflows/a.yml': 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/b.yml\n    secrets: inherit\n',
        '.github/workflows/b.yml': 'on: workflow_call\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f Dockerfile .\n      - run: docker push ghcr.io/o/r:1\n',
        'compose.yaml': 'include:\n  - .github/workflows/b.yml\nservices:\n  a:\n    image: nginx:1.27\n',
        Dockerfile: 'FROM alpine:3.20\n',
      }),
    );
  });

  it('a Compose file only a workflow names, with `docker compose -f`, under a name not like a Compose file', async () => {
    const privileged = 'services:\n  evil:\n    image: nginx:1.27\n    privileged: true\n';
    const step = (run: string, extra = '') => `on: push\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n${extra}`;
    for (const [workflow, path] of [
      [step('docker compose -f deploy/stack.yml up -d'), 'deploy/stack.yml'],
      [step('docker compose --file=stack.yml pull', '        working-directory: ops\n'), 'ops/stack.yml'],
      [step('docker compose -f base.yml -f prod.yml up'), 'prod.yml'],
    ] as const) {
      const findings = await compare(memoryTree({ '.github/workflows/up.yml': workflow, [path]: privileged, 'base.yml': 'services:\n  a:\n    image: nginx:1.27\n' }));
      expect(findings.filter((f) => f.ruleId === 'container-privileged').map((f) => f.path)).toEqual([path]);
    }
    // Missing, outside the repository, or written with a variable: nothing read, nothing reported.
    for (const run of ['docker compose -f gone.yml up', 'docker compose -f ../x.yml up', 'docker compose -f ${{ env.FILE }} up']) {
      const findings = await compare(memoryTree({ '.github/workflows/up.yml': step(run), 'x.yml': privileged }));
      expect(findings.filter((f) => f.ruleId === 'container-privileged' || f.ruleId === 'scan-incomplete')).toEqual([]);
    }
  });

  it('on disk: a file a workflow runs with `docker compose -f` that links out of the folder is a scan-incomplete finding', async () => {
    const root = mkdtempSync(join(tmpdir(), 'judge-as-read-'));
    const outside = mkdtempSync(join(tmpdir(), 'judge-as-read-outside-'));
    try {
      mkdirSync(join(root, '.github/workflows'), { recursive: true });
      writeFileSync(join(root, '.github/workflows/up.yml'), 'on: push\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f stack.yml up\n');
      writeFileSync(join(outside, 'stack.yml'), 'services:\n  evil:\n    image: nginx:1.27\n    privileged: true\n');
      symlinkSync(join(outside, 'stack.yml'), join(root, 'stack.yml'));
      await compare(workingTree(root));
      const { incomplete } = await parseProject(workingTree(root), []);
      expect(incomplete.map((f) => [f.ruleId, f.path])).toEqual([['scan-incomplete', 'stack.yml']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a job whose `uses:` names a Compose file does not read it again without its `.env`', async () => {
    const findings = await compare(
      memoryTree({
        '.github/workflows/a.yml': 'on: push\njobs:\n  call:\n    uses: ./app/compose.yaml\n',
        'app/compose.yaml': 'services:\n  a:\n    image: ${IMG:-nginx:1.27}\n    privileged: ${PRIV:-true}\n',
        'app/.env': 'IMG=redis:latest\nPRIV=false\n',
      }),
    );
    // Judged with its `.env` only: not privileged, and the image it runs is redis.
    expect(findings.filter((f) => f.ruleId === 'container-privileged')).toEqual([]);
    expect(findings.filter((f) => f.message.startsWith('a uses `nginx'))).toEqual([]);
    expect(findings.filter((f) => f.message.startsWith('a uses `redis:latest`')).length).toBeGreaterThan(0);
  });

  it('files refused while read give their scan-incomplete findings in path order, whatever kind is read first', async () => {
    const files = { 'a/Dockerfile': 'FROM alpine:3.20\n', 'b/compose.yaml': 'services:\n  s:\n    image: nginx:1.27\n', 'c/.github/x': '' };
    const tree = memoryTree(files);
    const refusing = {
      ...tree,
      read: async (path: string) =>
        path === 'a/Dockerfile' || path === 'b/compose.yaml' ? { refused: { level: 'warning' as const, message: `${path} cannot be read`, path } } : tree.read(path),
    };
    await compare(refusing);
  });

  it('on disk: a link that makes one Compose file two listed paths, and a git-ignored override an include reaches', async () => {
    const root = mkdtempSync(join(tmpdir(), 'judge-as-read-'));
    try {
      const files: Record<string, string> = {
        '.gitignore': 'x/compose.override.yaml\n',
        'x/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
        'x/compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
        'app/compose.yaml': 'include:\n  - ../x/compose.override.yaml\nservices:\n  a:\n    image: nginx:1.27\n',
        'lib/docker-compose.yml': 'services:\n  db:\n    image: redis:7\n    cap_add: [SYS_ADMIN]\n',
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      // The same file listed in a folder of its own and beside an extends of it.
      mkdirSync(join(root, 'y'));
      symlinkSync('../lib/docker-compose.yml', join(root, 'y/compose.yaml'));
      mkdirSync(join(root, 'b'));
      writeFileSync(join(root, 'b/compose.yaml'), 'services:\n  api:\n    extends:\n      file: ../y/compose.yaml\n      service: db\n', { flag: 'w' });
      await compare(workingTree(root));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

