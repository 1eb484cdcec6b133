// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import type { Subject, SubjectType } from '../../src/core/subject.js';
import { parseWorkflow } from '../../src/documents/workflow-document.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';
import type { CommandValue } from '../../src/subjects/command.js';

const WORKFLOW = [
  'on: [pull_request_target, workflow_run]', //                               1
  'permissions: write-all', //                                                2
  'env:', //                                                                  3
  '  DOCKER_HOST: tcp://docker:2375', //                                      4
  'defaults:', //                                                             5
  '  run:', //                                                                6
  '    working-directory: services', //                                       7
  'jobs:', //                                                                 8
  '  build:', //                                                              9
  '    runs-on: ubuntu-24.04', //                                            10
  '    permissions: { contents: read }', //                                  11
  '    steps:', //                                                           12
  '      - uses: actions/checkout@v4', //                                    13
  '        with:', //                                                        14
  '          ref: ${{ github.event.pull_request.head.sha }}', //             15
  '      - run: |', //                                                       16
  '          echo "${{ github.event.pull_request.title }}"', //              17
  '          cd api', //                                                     18
  '          docker build -t app -f docker/Dockerfile .', //                 19
  '          docker exec --privileged -u 0 app sh', //                       20
  '          docker login -u bot -p hunter2 ghcr.io', //                     21
  '          docker compose -f ../compose.ci.yml up -d', //                  22
  '      - shell: pwsh', //                                                  23
  '        run: docker run --privileged alpine', //                          24
  '      - uses: docker/build-push-action@v6', //                            25
  '        with:', //                                                        26
  '          context: web', //                                               27
  '          build-args: TOKEN=${{ secrets.TOKEN }}', //                     28
  '          push: true', //                                                 29
  '  test:', //                                                              30
  '    runs-on: ubuntu-24.04', //                                            31
  '    strategy:', //                                                        32
  '      matrix:', //                                                        33
  '        opts: [--privileged, --cap-add SYS_ADMIN]', //                    34
  '        include:', //                                                     35
  '          - opts: --read-only', //                                        36
  '    container:', //                                                       37
  '      image: ghcr.io/acme/ci:1', //                                       38
  '      options: ${{ matrix.opts }}', //                                    39
  '      credentials:', //                                                   40
  '        username: bot', //                                                41
  '        password: hunter2', //                                            42
  '    services:', //                                                        43
  '      db:', //                                                            44
  '        image: postgres:16', //                                           45
  '        credentials:', //                                                 46
  '          username: ${{ github.actor }}', //                              47
  '          password: ${{ secrets.GHCR_TOKEN }}', //                        48
  '    steps:', //                                                           49
  '      - run: gh pr checkout ${{ github.event.number }} && docker compose up', // 50
  '        working-directory: e2e', //                                       51
  '  windows:', //                                                           52
  '    runs-on: windows-latest', //                                          53
  '    steps:', //                                                           54
  '      - run: docker run --privileged alpine', //                          55
  '      - shell: bash', //                                                  56
  '        run: docker ps', //                                               57
  '  call:', //                                                              58
  '    uses: acme/wf/.github/workflows/deploy.yml@v1', //                    59
  '    with: { env: prod }', //                                              60
  '    secrets: { token: "${{ secrets.T }}" }', //                           61
  '',
];

function find(doc: SourceDocument, type: SubjectType, name: string): Subject {
  const found = doc.subjects.find((subject) => subject.type === type && subject.name === name);
  if (!found) throw new Error(`no ${type} ${name} in ${doc.subjects.map((s) => `${s.type}:${s.name}`).join(', ')}`);
  return found;
}

const names = (doc: SourceDocument, type: SubjectType) => doc.subjects.filter((s) => s.type === type).map((s) => s.name);
const startOf = (subject: Subject, instancePath = '') => locateFinding(subject, instancePath).range.start;

describe('parseWorkflow: run scripts', () => {
  const doc = parseWorkflow('.github/workflows/pr.yml', WORKFLOW.join('\n'), 'workflow');

  it('parses without problems', () => {
    expect(doc.problems).toEqual([]);
  });

  it('emits a command per simple command of a POSIX run:, each at its own line', () => {
    expect(names(doc, 'command')).toEqual([
      'build/step 1/echo',
      'build/step 1/cd',
      'build/step 1/docker',
      'build/step 1/docker (2)',
      'build/step 1/docker (3)',
      'build/step 1/docker (4)',
      'build/step 2/docker',
      'test/step 0/gh',
      'test/step 0/docker',
      'windows/step 0/docker',
      'windows/step 1/docker',
    ]);
    const lines = doc.subjects.filter((s) => s.type === 'command').map((s) => startOf(s));
    expect(lines).toEqual([
      { line: 17, column: 11 },
      { line: 18, column: 11 },
      { line: 19, column: 11 },
      { line: 20, column: 11 },
      { line: 21, column: 11 },
      { line: 22, column: 11 },
      { line: 24, column: 14 },
      { line: 50, column: 14 },
      { line: 50, column: 14 },
      { line: 55, column: 14 },
      { line: 57, column: 14 },
    ]);
    expect(find(doc, 'command', 'build/step 1/echo')).toMatchObject({
      pointer: '/jobs/build/steps/1/run',
      anchors: [{ path: '', pointer: '/jobs/build/steps/1/run', range: { start: { line: 17, column: 11 }, end: { line: 17, column: 56 } } }],
    });
  });

  it('reads pwsh steps and steps that default to PowerShell on Windows, each word in place', () => {
    expect(names(doc, 'container').filter((name) => name.includes('docker run'))).toEqual(['build/step 2: docker run alpine', 'windows/step 0: docker run alpine']);
    const pwsh = find(doc, 'container', 'build/step 2: docker run alpine');
    expect(pwsh.value).toMatchObject({ privileged: true, image: 'alpine' });
    expect(locateFinding(pwsh, '/privileged').range).toEqual({ start: { line: 24, column: 25 }, end: { line: 24, column: 37 } });
    expect(find(doc, 'container', 'windows/step 0: docker run alpine').value).toMatchObject({ privileged: true });
  });

  it('puts docker exec facts on the command (A21)', () => {
    const exec = find(doc, 'command', 'build/step 1/docker (2)').value as CommandValue;
    expect(exec).toEqual({
      name: 'docker',
      args: ['exec', '--privileged', '-u', '0', 'app', 'sh'],
      sudo: false,
      origin: 'workflow',
      docker: { subcommand: 'exec', globalFlags: {}, flags: { privileged: ['true'], user: ['0'] }, container: 'app' },
    });
  });

  it('puts docker login -p on the command (D3)', () => {
    expect(find(doc, 'command', 'build/step 1/docker (3)').value).toMatchObject({ docker: { subcommand: 'login', flags: { password: ['hunter2'] }, registry: 'ghcr.io' } });
  });

  it('resolves the files docker build and docker compose name against defaults, working-directory and cd (E2)', () => {
    const step = find(doc, 'workflow.step', 'build/step 1').value;
    expect(step).toMatchObject({ workingDirectory: 'services', builds: ['services/api/docker/Dockerfile'], composeFiles: ['services/compose.ci.yml'], checkouts: [{ ref: '${{github.event.pull_request.head.sha}}', path: '', reached: true }] });
    expect(find(doc, 'workflow.step', 'build/step 3').value).toMatchObject({ builds: ['web/Dockerfile'], with: { 'build-args': 'TOKEN=${{ secrets.TOKEN }}', push: 'true' } });
    expect(find(doc, 'workflow.step', 'test/step 0').value).toMatchObject({ composeFiles: ['e2e/compose.yaml'], checkouts: [{ ref: 'refs/pull/${{github.event.number}}/head', path: 'e2e', reached: true }] });
  });

  it('records the refs a job checks out, its commands and build contexts, and sums the job up for D5', () => {
    const checkout = find(doc, 'workflow.step', 'build/step 0');
    expect(checkout.value).toMatchObject({ checkouts: [{ ref: '${{github.event.pull_request.head.sha}}', path: '', reached: true }], credentialPersisted: true, triggers: ['pull_request_target', 'workflow_run'] });
    const build = find(doc, 'workflow.step', 'build/step 1');
    expect(build.value).toMatchObject({
      commands: ['echo ${{ github.event.pull_request.title }}', 'cd api', 'docker build -t app -f docker/Dockerfile .', 'docker exec --privileged -u 0 app sh', 'docker login -u bot -p hunter2 ghcr.io', 'docker compose -f ../compose.ci.yml up -d'],
      buildContexts: ['services/api'],
      credentialPersisted: true,
    });
    // The step that runs code shows the checkout as evidence; the checkout itself does not.
    expect(build.evidence).toEqual([{ document: doc, pointer: '/jobs/build/steps/0', message: 'the job checks out `${{github.event.pull_request.head.sha}}` here' }]);
    expect(checkout.evidence).toBeUndefined();
    expect(find(doc, 'workflow.step', 'build/step 3').value).toMatchObject({ buildContexts: ['web'] });
    expect(find(doc, 'workflow.job', 'build').value).toMatchObject({
      triggers: ['pull_request_target', 'workflow_run'],
      permissions: { contents: 'read' },
      runsDocker: true,
      builds: ['services/api/docker/Dockerfile', 'web/Dockerfile'],
      composeFiles: ['services/compose.ci.yml'],
    });
    expect(find(doc, 'workflow', '.github/workflows/pr.yml').value).toMatchObject({ permissions: 'write-all', env: { DOCKER_HOST: 'tcp://docker:2375' } });
  });

  it('lists what the expressions of a run: expand, anchored on their lines (D6)', () => {
    const build = find(doc, 'workflow.step', 'build/step 1');
    expect(build.value).toMatchObject({ expansions: [{ input: 'run', context: 'github.event.pull_request.title' }] });
    expect(locateFinding(build, '/expansions/0/context').range.start).toEqual({ line: 17, column: 11 });
    expect(find(doc, 'workflow.step', 'build/step 3').value).toMatchObject({ expansions: [{ input: 'docker/build-push-action:build-args', context: 'secrets.token' }] });
    expect(find(doc, 'workflow.step', 'test/step 0').value).toMatchObject({ expansions: [{ input: 'run', context: 'github.event.number' }] });
  });

  it('keeps job container credentials as written (D3), located at their keys', () => {
    const literal = find(doc, 'container', 'test/container [opts=--privileged]');
    expect(literal.value).toMatchObject({ credentials: { username: 'bot', password: 'hunter2' } });
    expect(startOf(literal, '/credentials/password')).toEqual({ line: 42, column: 9 });
    expect(find(doc, 'container', 'test/services/db').value).toMatchObject({ credentials: { username: '${{ github.actor }}', password: '${{ secrets.GHCR_TOKEN }}' } });
  });

  it('expands ${{ matrix.opts }} over a literal matrix, one container per value', () => {
    expect(names(doc, 'container').filter((name) => !name.includes('docker run'))).toEqual([
      'test/container [opts=--privileged]',
      'test/container [opts=--cap-add SYS_ADMIN]',
      'test/container [opts=--read-only]',
      'test/services/db',
    ]);
    expect(find(doc, 'container', 'test/container [opts=--privileged]').value).toMatchObject({ privileged: true, image: 'ghcr.io/acme/ci:1' });
    const capAdd = find(doc, 'container', 'test/container [opts=--cap-add SYS_ADMIN]');
    expect(capAdd.value).toMatchObject({ cap_add: ['SYS_ADMIN'] });
    expect(capAdd.value).not.toHaveProperty('privileged');
    expect(startOf(capAdd, '/cap_add/0')).toEqual({ line: 39, column: 7 });
    expect(find(doc, 'container', 'test/container [opts=--read-only]').value).toMatchObject({ read_only: true });
  });

  it('expands the keys a container uses even when the whole matrix is too large to expand', () => {
    // 65 shards x 2 option sets: 130 jobs, over the 64 a whole matrix is expanded to (GitHub runs up to 256).
    const shards = Array.from({ length: 65 }, (_, i) => i).join(', ');
    const workflow = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      `        shard: [${shards}]`,
      '        opts: ["--read-only", "--privileged"]',
      '        exclude:',
      '          - { shard: 3, opts: "--privileged" }',
      '    container:',
      '      image: ghcr.io/acme/ci:1',
      '      options: ${{ matrix.opts }}',
      '    steps:',
      '      - run: make test SHARD=${{ matrix.shard }}',
      '',
    ].join('\n');
    const big = parseWorkflow('.github/workflows/shards.yml', workflow, 'workflow');
    expect(names(big, 'container')).toEqual(['test/container [opts=--read-only]', 'test/container [opts=--privileged]']);
    expect(find(big, 'container', 'test/container [opts=--privileged]').value).toMatchObject({ privileged: true });
    // An exclude of the used key alone still applies.
    const excluded = parseWorkflow('.github/workflows/shards.yml', workflow.replace('{ shard: 3, opts: "--privileged" }', '{ opts: "--privileged" }'), 'workflow');
    expect(names(excluded, 'container')).toEqual(['test/container']);
    expect(find(excluded, 'container', 'test/container').value).toMatchObject({ read_only: true });
  });

  it('judges the flags of docker compose run as a container of the service, with no image of that name', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: docker compose run --rm app make test',
      '      - run: docker compose -f ci.yaml run --cap-add SYS_ADMIN -v /:/host -u 0 app sh',
      '      - run: docker-compose run -e TOKEN=x worker',
      '',
    ].join('\n');
    const doc = parseWorkflow('.github/workflows/run.yml', workflow, 'workflow');
    expect(names(doc, 'container')).toEqual(['a/step 0: docker compose run app', 'a/step 1: docker compose run app', 'a/step 2: docker compose run worker']);
    expect(names(doc, 'image')).toEqual([]);
    const added = find(doc, 'container', 'a/step 1: docker compose run app');
    expect(added.value).toMatchObject({ origin: 'docker-cli', cap_add: ['SYS_ADMIN'], volumes: [expect.objectContaining({ type: 'bind', source: '/', target: '/host' })], user: '0' });
    expect(added.value).not.toHaveProperty('image');
    // On the flag and its value: `--cap-add SYS_ADMIN`.
    expect(locateFinding(added, '/cap_add/0').range).toEqual({ start: { line: 7, column: 44 }, end: { line: 7, column: 63 } });
  });

  it('reads a reusable workflow call with its inputs and secrets', () => {
    expect(find(doc, 'workflow.job', 'call').value).toMatchObject({ uses: 'acme/wf/.github/workflows/deploy.yml@v1', with: { env: 'prod' }, secrets: { token: '${{ secrets.T }}' } });
  });
});

describe('parseWorkflow: composite action scripts', () => {
  const ACTION = [
    'runs:', //                                                              1
    '  using: composite', //                                                 2
    '  steps:', //                                                           3
    '    - shell: bash', //                                                  4
    '      run: |', //                                                       5
    '        export DOCKER_HOST=tcp://0.0.0.0:2375', //                      6
    '        DOCKER_HOST=tcp://ci:2375 docker \\', //                        7
    '          run --privileged -v /:/host alpine', //                       8
    '    - shell: python', //                                                9
    '      run: print("docker run --privileged x")', //                     10
    '',
  ];
  const doc = parseWorkflow('action.yml', ACTION.join('\n'), 'action');

  it('emits commands with origin action, assignments kept, at their lines', () => {
    expect(names(doc, 'command')).toEqual(['step 0/export', 'step 0/docker']);
    const dockerRun = find(doc, 'command', 'step 0/docker');
    expect(dockerRun.value).toMatchObject({ origin: 'action', env: { DOCKER_HOST: 'tcp://ci:2375' }, docker: { subcommand: 'run', image: 'alpine', flags: { privileged: ['true'], volume: ['/:/host'] } } });
    expect(find(doc, 'command', 'step 0/export').value).toMatchObject({ args: ['DOCKER_HOST=tcp://0.0.0.0:2375'] });
    expect(startOf(dockerRun)).toEqual({ line: 7, column: 9 });
    const container = find(doc, 'container', 'step 0: docker run alpine');
    expect(container.value).toMatchObject({ privileged: true, volumes: [{ type: 'bind', source: '/', target: '/host' }] });
    // The flags of a command continued over two lines are each on their own line and column.
    expect(locateFinding(container, '/privileged').range).toEqual({ start: { line: 8, column: 15 }, end: { line: 8, column: 27 } });
    expect(locateFinding(container, '/volumes/0/source').range).toEqual({ start: { line: 8, column: 28 }, end: { line: 8, column: 38 } });
    expect(find(doc, 'workflow.step', 'step 0').value).toMatchObject({ triggers: [] });
  });

  it('leaves python steps alone', () => {
    expect(names(doc, 'container')).toEqual(['step 0: docker run alpine']);
  });
});

describe('parseWorkflow: robustness', () => {
  it('never throws, and every command anchor locates inside the file', () => {
    const line = fc.constantFrom(
      'on: pull_request_target',
      'jobs:',
      '  a:',
      '    strategy:',
      '      matrix:',
      '        o: [--privileged, "${{ x }}", [1]]',
      '        include: [{o: -u 0}, 3]',
      '    container:',
      '      options: ${{ matrix.o }}',
      '      credentials: {password: x}',
      '    steps:',
      '      - run: |',
      '      - run: >',
      '      - run: "a\\n b"',
      '          docker run -v /:/h $(docker exec -u 0 x) `y`',
      '          cat <<EOF',
      '          EOF',
      '          cd .. && docker compose up',
      '          docker build -f ${{ inputs.f }} .',
      '        shell: pwsh',
      '        working-directory: ../..',
      '      - uses: actions/checkout@v4',
      '        with: {ref: "${{ github.head_ref }}"}',
      'runs:',
      '  steps:',
      '    - run: echo ${{ github.event.issue.title }}',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.string()), { maxLength: 25 }), fc.constantFrom('workflow' as const, 'action' as const), (lines, kind) => {
        const text = lines.join('\n');
        const doc = parseWorkflow('w.yml', text, kind);
        const lineCount = text.split('\n').length;
        for (const subject of doc.subjects) {
          const { range } = locateFinding(subject, '');
          expect(range.start.line).toBeGreaterThanOrEqual(1);
          expect(range.end.line).toBeLessThanOrEqual(lineCount);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('places a command of a folded block on its own line, though folding moved it', () => {
    const doc = parseWorkflow('w.yml', 'jobs:\n  a:\n    steps:\n      - run: >\n          echo a\n\n          docker run x\n', 'workflow');
    const docker = find(doc, 'command', 'a/step 0/docker');
    expect(locateFinding(docker, '').range).toEqual({ start: { line: 7, column: 11 }, end: { line: 7, column: 23 } });
  });
});
