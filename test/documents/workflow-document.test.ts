// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import type { Subject, SubjectType } from '../../src/core/subject.js';
import { parseWorkflow } from '../../src/documents/workflow-document.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

const WORKFLOW = [
  'name: ci',
  'on:',
  '  push:',
  '    branches: [main]',
  '  pull_request:',
  'permissions:',
  '  contents: read',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-24.04',
  '    container: node:20',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - id: pinned',
  `        uses: actions/setup-node@${SHA}`,
  '      - uses: ./.github/actions/local',
  '      - uses: docker://alpine:3.20',
  '      - run: |',
  '          echo one',
  '          echo two',
  '          echo three',
  '          docker run --privileged -v /:/host alpine',
  '  test:',
  '    runs-on: ubuntu-24.04',
  '    container:',
  '      image: ghcr.io/acme/ci:1.2',
  '      options: --cpus 2 --user=1000 -it',
  '      env:',
  '        NODE_ENV: test',
  '      ports:',
  '        - 8080:80',
  '      volumes:',
  '        - /var/run/docker.sock:/var/run/docker.sock',
  '    services:',
  '      dind:',
  '        image: docker:27-dind',
  '        options: --cap-add SYS_ADMIN --privileged',
  '      socket:',
  '        image: redis:7',
  '        options: --network host -v /var/run/docker.sock:/var/run/docker.sock',
  '      matrixed:',
  '        image: ${{ matrix.image }}',
  '        options: --user ${{ matrix.x }} --privileged=${{ matrix.x }}',
  '      skipped:',
  "        image: ''",
  '  deploy:',
  '    needs: [build, test]',
  '    uses: acme/workflows/.github/workflows/deploy.yml@v1',
  '    secrets: inherit',
  '',
];

/** 1-based line and column of the first occurrence of `needle` in `lines`. */
function position(lines: string[], needle: string): { line: number; column: number } {
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`not in fixture: ${needle}`);
  return { line: index + 1, column: lines[index]!.indexOf(needle) + 1 };
}

function find(doc: SourceDocument, type: SubjectType, name: string): Subject {
  const found = doc.subjects.find((subject) => subject.type === type && subject.name === name);
  if (!found) throw new Error(`no ${type} ${name} in ${doc.subjects.map((s) => `${s.type}:${s.name}`).join(', ')}`);
  return found;
}

const names = (doc: SourceDocument, type: SubjectType) => doc.subjects.filter((s) => s.type === type).map((s) => s.name);
const startOf = (subject: Subject, instancePath = '') => locateFinding(subject, instancePath).range.start;

describe('parseWorkflow: a workflow', () => {
  const doc = parseWorkflow('.github/workflows/ci.yml', WORKFLOW.join('\n'), 'workflow');
  const at = (needle: string) => position(WORKFLOW, needle);

  it('parses without problems', () => {
    expect(doc).toMatchObject({ kind: 'workflow', path: '.github/workflows/ci.yml', problems: [] });
  });

  it('emits the workflow with its triggers and permissions', () => {
    const workflow = find(doc, 'workflow', '.github/workflows/ci.yml');
    expect(workflow.pointer).toBe('');
    expect(workflow.value).toEqual({
      name: 'ci',
      on: { events: ['push', 'pull_request'], config: { push: { branches: ['main'] }, pull_request: null } },
      permissions: { contents: 'read' },
      env: {},
      inheritingJobs: ['build', 'test', 'deploy'],
    });
  });

  it('emits each job, named by its id', () => {
    expect(names(doc, 'workflow.job')).toEqual(['build', 'test', 'deploy']);
    expect(find(doc, 'workflow.job', 'build').value).toEqual({
      id: 'build',
      runsOn: 'ubuntu-24.04',
      needs: [],
      container: 'node:20',
      services: [],
      env: {},
      triggers: ['push', 'pull_request'],
      builds: [],
      composeFiles: [],
      runsDocker: true,
    });
    expect(find(doc, 'workflow.job', 'test').value).toMatchObject({ container: 'ghcr.io/acme/ci:1.2', services: ['dind', 'socket', 'matrixed', 'skipped'] });
    const deploy = find(doc, 'workflow.job', 'deploy');
    expect(deploy).toMatchObject({ pointer: '/jobs/deploy', value: { needs: ['build', 'test'], uses: 'acme/workflows/.github/workflows/deploy.yml@v1', secretsInherit: true } });
    expect(doc.locate(deploy.pointer).start).toEqual(at('deploy:'));
  });

  it('emits each step, named by id or 0-based index, pointing at its item', () => {
    expect(names(doc, 'workflow.step')).toEqual(['build/step 0', 'build/pinned', 'build/step 2', 'build/step 3', 'build/step 4']);
    const pinned = find(doc, 'workflow.step', 'build/pinned');
    expect(pinned).toMatchObject({ pointer: '/jobs/build/steps/1', value: { job: 'build', index: 1, id: 'pinned', uses: `actions/setup-node@${SHA}`, with: {}, env: {}, triggers: ['push', 'pull_request'] } });
    expect(doc.locate(pinned.pointer).start).toEqual(at('id: pinned'));
  });

  it('tells a tag, a SHA, a local action, a docker action and a reusable workflow apart', () => {
    expect(find(doc, 'action-ref', 'build/step 0').value).toEqual({ uses: 'actions/checkout@v4', owner: 'actions', repo: 'checkout', ref: 'v4', isSha: false, isLocal: false, isDocker: false, isWorkflow: false });
    expect(find(doc, 'action-ref', 'build/pinned').value).toMatchObject({ owner: 'actions', repo: 'setup-node', ref: SHA, isSha: true });
    expect(find(doc, 'action-ref', 'build/step 2').value).toMatchObject({ isLocal: true, path: '.github/actions/local', isSha: false });
    expect(find(doc, 'action-ref', 'build/step 3').value).toMatchObject({ isDocker: true, uses: 'docker://alpine:3.20' });
    const reusable = find(doc, 'action-ref', 'deploy');
    expect(reusable.value).toMatchObject({ owner: 'acme', repo: 'workflows', path: '.github/workflows/deploy.yml', ref: 'v1', isWorkflow: true, isSha: false });
    expect(doc.locate(reusable.pointer).start).toEqual(at('uses: acme/'));
    expect(doc.locate(find(doc, 'action-ref', 'build/pinned').pointer).start).toEqual(at('uses: actions/setup-node'));
  });

  it('emits the image of a docker:// action', () => {
    const image = doc.subjects.find((s) => s.type === 'image' && s.name === 'build/step 3')!;
    expect(image).toMatchObject({ pointer: '/jobs/build/steps/3/uses', value: { ref: 'alpine:3.20', repository: 'library/alpine', tag: '3.20', origin: 'docker-action' } });
  });

  it('reads a string container as its image, located at the container key', () => {
    const container = find(doc, 'container', 'build/container');
    expect(container.value).toMatchObject({ origin: 'job-container', image: 'node:20', cap_add: [], volumes: [] });
    expect(startOf(container, '/image')).toEqual(at('container: node:20'));
    const image = find(doc, 'image', 'build/container');
    expect(image).toMatchObject({ pointer: '/jobs/build/container', value: { ref: 'node:20', origin: 'job-container' } });
  });

  it('reads a map container with options, env, ports and volumes, each anchored where written', () => {
    const container = find(doc, 'container', 'test/container');
    expect(container.value).toMatchObject({
      origin: 'job-container',
      image: 'ghcr.io/acme/ci:1.2',
      cpus: '2',
      user: '1000',
      environment: { NODE_ENV: 'test' },
      ports: [{ published: '8080', target: '80', protocol: 'tcp' }],
      volumes: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: false }],
    });
    // Each flag of `options:` on its own words.
    expect(startOf(container, '/user')).toEqual(at('--user=1000'));
    expect(startOf(container, '/cpus')).toEqual(at('--cpus 2'));
    expect(startOf(container, '/environment/NODE_ENV')).toEqual(at('NODE_ENV: test'));
    expect(startOf(container, '/ports/0/published')).toEqual(at('8080:80'));
    expect(startOf(container, '/volumes/0/source')).toEqual(at('/var/run/docker.sock:/var/run/docker.sock'));
    expect(startOf(container, '/image')).toEqual(at('image: ghcr.io/acme/ci'));
    // A missing field is reported at the container's key.
    expect(startOf(container, '/read_only')).toEqual({ line: WORKFLOW.indexOf('    container:') + 1, column: 5 });
  });

  it('reads services options as docker flags', () => {
    const dind = find(doc, 'container', 'test/services/dind');
    expect(dind).toMatchObject({ pointer: '/jobs/test/services/dind', value: { origin: 'job-service', image: 'docker:27-dind', cap_add: ['SYS_ADMIN'], privileged: true } });
    const flags = at('SYS_ADMIN --privileged');
    expect(startOf(dind, '/privileged')).toEqual({ line: flags.line, column: flags.column + 'SYS_ADMIN '.length });
    expect(startOf(dind, '/cap_add/0')).toEqual(at('--cap-add SYS_ADMIN'));
    const socket = find(doc, 'container', 'test/services/socket');
    expect(socket.value).toMatchObject({ network_mode: 'host', volumes: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }] });
    expect(startOf(socket, '/volumes/0/source')).toEqual(at('-v /var/run/docker.sock'));
    expect(startOf(socket, '/network_mode')).toEqual(at('--network host'));
    expect(find(doc, 'image', 'test/services/socket').value).toMatchObject({ repository: 'library/redis', tag: '7', origin: 'job-service' });
  });

  it('treats ${{ }} expressions as unknown', () => {
    const matrixed = find(doc, 'container', 'test/services/matrixed');
    expect(matrixed.value).not.toHaveProperty('image');
    expect(matrixed.value).not.toHaveProperty('user');
    expect(matrixed.value).not.toHaveProperty('privileged');
    expect(find(doc, 'image', 'test/services/matrixed').value).toMatchObject({ ref: '${{ matrix.image }}', isVariable: true, isLatest: false });
  });

  it('skips a service whose image is empty, as GitHub does', () => {
    expect(names(doc, 'container')).not.toContain('test/services/skipped');
  });

  it('finds a docker run three lines into a run: | block, at its own line and column', () => {
    const container = find(doc, 'container', 'build/step 4: docker run alpine');
    expect(container.pointer).toBe('/jobs/build/steps/4/run');
    expect(container.anchors?.map((anchor) => anchor.path)).toEqual(['', '/privileged', '/volumes/0', '/volumes', '/image']);
    expect(container.value).toMatchObject({ origin: 'docker-cli', image: 'alpine', privileged: true, volumes: [{ type: 'bind', source: '/', target: '/host', read_only: false }] });
    const expected = at('docker run --privileged');
    expect(doc.locate('/jobs/build/steps/4/run', 3).start).toEqual(expected);
    expect(startOf(container, '')).toEqual(expected);
    expect(startOf(container, '/privileged')).toEqual(at('--privileged'));
    expect(startOf(container, '/volumes/0/source')).toEqual(at('-v /:/host'));
    const image = find(doc, 'image', 'build/step 4: docker run alpine');
    expect(image.value).toMatchObject({ repository: 'library/alpine', isLatest: true, origin: 'docker-cli' });
    const imageWord = at('/:/host alpine');
    expect(startOf(image, '/tag')).toEqual({ line: imageWord.line, column: imageWord.column + 'host /:/'.length });
  });
});

describe('parseWorkflow: an action', () => {
  const ACTION = [
    'name: lint',
    'runs:',
    '  using: composite',
    '  steps:',
    '    - uses: actions/cache@v4',
    '    - shell: bash',
    '      run: |',
    '        set -e',
    '        docker run --rm \\',
    '          -v "$PWD:/src" \\',
    '          --network=host ghcr.io/acme/tool:1 lint && docker container create -itp 80:80 nginx',
    '',
  ];
  const doc = parseWorkflow('action.yml', ACTION.join('\n'), 'action');

  it('emits composite steps with job "" and their action refs', () => {
    expect(names(doc, 'workflow.step')).toEqual(['step 0', 'step 1']);
    expect(find(doc, 'workflow.step', 'step 1')).toMatchObject({ pointer: '/runs/steps/1', value: { job: '', index: 1, shell: 'bash' } });
    expect(find(doc, 'action-ref', 'step 0')).toMatchObject({ pointer: '/runs/steps/0/uses', value: { owner: 'actions', repo: 'cache', ref: 'v4' } });
    expect(names(doc, 'workflow')).toEqual([]);
  });

  it('finds docker run across continuations and several commands on one line', () => {
    const tool = find(doc, 'container', 'step 1: docker run ghcr.io/acme/tool:1');
    expect(tool.value).toMatchObject({ image: 'ghcr.io/acme/tool:1', network_mode: 'host', volumes: [{ type: 'bind', target: '/src' }] });
    expect(tool.value).not.toHaveProperty('volumes.0.source');
    expect(startOf(tool, '/network_mode')).toEqual(position(ACTION, '--network=host'));
    expect(startOf(tool, '/volumes/0')).toEqual(position(ACTION, '-v "$PWD'));
    const nginx = find(doc, 'container', 'step 1: docker create nginx');
    expect(nginx.value).toMatchObject({ ports: [{ published: '80', target: '80' }] });
    // The second command of a continued line is placed on the line where it is written.
    expect(startOf(nginx, '')).toEqual({ line: position(ACTION, 'docker container create').line, column: 11 });
    expect(startOf(nginx, '/ports')).toEqual(position(ACTION, '-itp 80:80'));
    expect(find(doc, 'image', 'step 1: docker create nginx').value).toMatchObject({ repository: 'library/nginx', origin: 'docker-cli' });
  });

  it('emits a docker:// runs.image, and not a Dockerfile', () => {
    const docker = parseWorkflow('a/action.yml', 'runs:\n  using: docker\n  image: docker://alpine:3.20\n', 'action');
    expect(docker.subjects).toHaveLength(1);
    expect(docker.subjects[0]).toMatchObject({ type: 'image', name: 'runs', pointer: '/runs/image', value: { ref: 'alpine:3.20', origin: 'action-runs' } });
    expect(docker.locate('/runs/image').start).toEqual({ line: 3, column: 3 });
    expect(parseWorkflow('b/action.yml', 'runs:\n  using: docker\n  image: Dockerfile\n', 'action').subjects).toEqual([]);
  });
});

describe('parseWorkflow: edge cases', () => {
  it('gives no subjects for broken YAML, only located problems', () => {
    const doc = parseWorkflow('w.yml', 'jobs:\n  a: [\n', 'workflow');
    expect(doc.subjects).toEqual([]);
    expect(doc.problems[0]).toMatchObject({ ruleId: 'parse-error' });
  });

  it('reads on: as a string or a list', () => {
    const value = (on: string) => parseWorkflow('w.yml', `on: ${on}\njobs: {}\n`, 'workflow').subjects[0]!.value;
    expect(value('push')).toMatchObject({ on: { events: ['push'], config: 'push' } });
    expect(value('[push, workflow_dispatch]')).toMatchObject({ on: { events: ['push', 'workflow_dispatch'] } });
  });

  it('places a flag of a quoted multi-line string on its own line', () => {
    const text = 'jobs:\n  a:\n    steps:\n      - run: "echo a\n\n          docker run --privileged x"\n';
    const doc = parseWorkflow('w.yml', text, 'workflow');
    const container = find(doc, 'container', 'a/step 0: docker run x');
    expect(locateFinding(container, '/privileged').range).toEqual({ start: { line: 6, column: 22 }, end: { line: 6, column: 34 } });
  });

  it('ignores docker run in comments and echo', () => {
    const text = 'jobs:\n  a:\n    steps:\n      - run: |\n          # docker run --privileged x\n          echo "docker run --privileged x"\n';
    expect(names(parseWorkflow('w.yml', text, 'workflow'), 'container')).toEqual([]);
  });

  it('never throws on arbitrary input', () => {
    const yamlish = fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom('jobs:', '  a:', '    container:', '      options: -v', '    services:', '      s: ${{ x }}', '    steps:', '      - run: |', '          docker run -itp', '      - uses: docker://', 'runs:', '  steps:', '  - *x', '&x', '<<: *x', '    - ', '"', '['),
      ),
    );
    fc.assert(
      fc.property(yamlish, fc.constantFrom('workflow' as const, 'action' as const), (lines, kind) => {
        const doc = parseWorkflow('w.yml', lines.join('\n'), kind);
        for (const subject of doc.subjects) doc.locate(subject.pointer);
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void parseWorkflow('w.yml', text, 'workflow')));
  });
});
