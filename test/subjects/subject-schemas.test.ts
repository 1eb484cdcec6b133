// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` and `${{ }}` are what these texts are about.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import { SUBJECT_TYPE_NAMES, type SubjectType } from '../../src/core/subject.js';
import { classify } from '../../src/discover/classify.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { link } from '../../src/link/link.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { formatSchemaError, SUBJECT_SCHEMAS, SUBJECT_TYPES, type SubjectSchema, validateSubjectValue } from '../../src/policy/subject-schemas.js';
import type { ContainerSpec } from '../../src/subjects/container.js';

/**
 * DESIGN.md §2: every parser's output satisfies the published subject schemas. The subjects come
 * from every embedded example of every built-in rule, every fixture, and generated Compose files,
 * Dockerfiles, workflows and actions built from realistic fragments; each is parsed and linked as
 * a scan does, and every subject's value is validated against its type's schema.
 */

const ALL_TYPES: readonly SubjectType[] = SUBJECT_TYPE_NAMES;

const seen = { examples: new Map<SubjectType, number>(), generated: new Map<SubjectType, number>() };
/** Every schema property some subject value held (`container.volumes[].propagation`). */
const covered = new Set<string>();

function cover(schema: SubjectSchema, value: unknown, path: string): void {
  if (Array.isArray(value) && schema.items) for (const item of value) cover(schema.items, item, `${path}[]`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (!(key in value)) continue;
    covered.add(`${path}.${key}`);
    cover(child, (value as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

function schemaPaths(schema: SubjectSchema, path: string): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [
    `${path}.${key}`,
    ...schemaPaths(child, `${path}.${key}`),
    ...(child.items ? schemaPaths(child.items, `${path}.${key}[]`) : []),
  ]);
}

/** Parses a set of files (path → text) as one repository: `.env` beside Compose files, then link. */
function parseProject(files: Record<string, string>): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const [path, text] of Object.entries(files)) {
    const kind = classify(path);
    if (!kind) continue;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const envText = files[`${folder}.env`];
    const env = kind === 'compose' && envText !== undefined ? { text: envText, path: `${folder}.env` } : undefined;
    documents.push(parseDocument(kind, path, text, env));
  }
  return link(documents);
}

/** Every subject that breaks its schema, as `file: type "name" at pointer: ajv errors`. */
function violations(documents: SourceDocument[], counts: Map<SubjectType, number>): string[] {
  const out: string[] = [];
  for (const document of documents) {
    for (const subject of document.subjects) {
      counts.set(subject.type, (counts.get(subject.type) ?? 0) + 1);
      cover(SUBJECT_SCHEMAS[subject.type], subject.value, subject.type);
      // Subjects must be plain JSON: what a rule sees is what JSON.stringify keeps.
      const json = JSON.parse(JSON.stringify(subject.value)) as unknown;
      if (!isDeepStrictEqual(json, subject.value)) {
        out.push(`${document.path}: ${subject.type} "${subject.name}" at ${subject.pointer || '/'}: value is not plain JSON`);
      }
      const result = validateSubjectValue(subject.type, subject.value);
      if (!result.valid) {
        out.push(
          `${document.path}: ${subject.type} "${subject.name}" at ${subject.pointer || '/'}: ${result.errors.map(formatSchemaError).join('; ')}\n  value: ${JSON.stringify(subject.value)}`,
        );
      }
    }
  }
  return out;
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
    return true;
  } catch {
    return false;
  }
}

describe('subject schemas', () => {
  it('has a schema for every subject type, each a closed, documented 2020-12 schema', () => {
    expect(Object.keys(SUBJECT_SCHEMAS).sort()).toEqual([...ALL_TYPES].sort());
    expect(SUBJECT_TYPES).toHaveLength(ALL_TYPES.length);
    for (const type of ALL_TYPES) {
      const schema = SUBJECT_SCHEMAS[type];
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://containment.dev/schemas/subjects/${type}.json`);
      expect(schema.title).toBe(type);
      expect(schema.description?.length).toBeGreaterThan(40);
      expect(schema.additionalProperties).toBe(false);
      // Every property at every depth says what it means.
      const undocumented: string[] = [];
      const visit = (node: typeof schema, path: string): void => {
        for (const [key, child] of Object.entries(node.properties ?? {})) {
          if (!child.description) undocumented.push(`${path}.${key}`);
          visit(child, `${path}.${key}`);
        }
        if (node.items) visit(node.items, `${path}[]`);
        for (const name of node.required ?? []) if (!node.properties?.[name]) undocumented.push(`${path}: required ${name} has no property`);
      };
      visit(schema, type);
      expect(undocumented).toEqual([]);
    }
  });

  it('every embedded example of every built-in rule parses into subjects that satisfy the schemas', () => {
    const failures: string[] = [];
    let examples = 0;
    for (const pack of loadBuiltinPacks()) {
      for (const rule of pack.rules) {
        rule.tests.forEach((test, index) => {
          examples++;
          const documents = parseProject({ ...test.files, [test.file]: test.content });
          failures.push(...violations(documents, seen.examples).map((line) => `${rule.id} example ${index + 1}: ${line}`));
        });
      }
    }
    expect(examples).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });

  it('every fixture parses into subjects that satisfy the schemas', () => {
    const root = join(import.meta.dirname, '..', 'fixtures');
    const failures: string[] = [];
    for (const fixture of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      const folder = join(root, fixture.name);
      const files: Record<string, string> = {};
      for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const full = join(entry.parentPath, entry.name);
        files[relative(folder, full).split('\\').join('/')] = readFileSync(full, 'utf8');
      }
      const documents = parseProject(files);
      expect(documents.length, fixture.name).toBeGreaterThan(0);
      failures.push(...violations(documents, seen.examples).map((line) => `test/fixtures/${fixture.name}/${line}`));
    }
    expect(failures).toEqual([]);
  });

  it('generated Compose projects (with .env, override, extends and build Dockerfiles) satisfy the schemas', () => {
    fc.assert(
      fc.property(composeProject, (files) => {
        expect(violations(parseProject(files), seen.generated)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('generated Dockerfiles satisfy the schemas', () => {
    fc.assert(
      fc.property(dockerfile, (text) => {
        expect(violations(parseProject({ Dockerfile: text }), seen.generated)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('generated workflows and actions (with the files they build and run) satisfy the schemas', () => {
    fc.assert(
      fc.property(workflow, action, composeFile, dockerfile, (ci, act, compose, docker) => {
        const files = { '.github/workflows/ci.yml': ci, 'action.yml': act, 'compose.yaml': compose, 'app/Dockerfile': docker };
        expect(violations(parseProject(files), seen.generated)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('a bind source that a committed link takes out of the repository, an inline Dockerfile, a build from standard input, COMPOSE_FILE and a variable a script exports satisfy the schemas', () => {
    // Where `./sock` leads on the host, as a working tree's `hostLink` answers for `sock -> /var/run/docker.sock`.
    const hostLink = (path: string) => (path === 'deploy/sock' ? { hostPath: '/var/run/docker.sock' } : undefined);
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    volumes: ["./sock:/s", "./data:/data"]\n  inline:\n    build:\n      dockerfile_inline: FROM alpine:3.20\n';
    const document = parseDocument('compose', 'deploy/compose.yaml', compose, undefined, undefined, hostLink);
    const mounts = (document.subjects.find((subject) => subject.type === 'container')!.value as ContainerSpec).volumes;
    expect(mounts.map((mount) => [mount.source, mount.linked_from])).toEqual([
      ['/var/run/docker.sock', './sock'],
      ['./data', undefined],
    ]);
    expect(violations([document], seen.examples)).toEqual([]);
    const workflow = parseDocument(
      'workflow',
      '.github/workflows/ci.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -s https://x.example/df | docker build -f - .\n      - run: COMPOSE_FILE=stack.yml docker compose up\n      - run: |\n          export PRIV=true\n          docker compose up\n',
    );
    const steps = workflow.subjects.filter((subject) => subject.type === 'workflow.step').map((subject) => subject.value);
    expect(steps).toMatchObject([{ buildsFromStdin: true }, { composeFileEnv: ['stack.yml'] }, { composeRuns: [{ files: [], folder: '', variables: {}, derived: [['PRIV', 'true']], envFiles: [] }] }]);
    expect(violations([workflow], seen.examples)).toEqual([]);
  });

  it('rejects a value the contract does not promise, naming the place', () => {
    const result = validateSubjectValue('image', { ref: 'nginx', registry: 'docker.io', repository: 'library/nginx', isLatest: 'yes', isVariable: false, origin: 'compose-service', extra: 1 });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.errors.map(formatSchemaError)).toEqual(["/ must NOT have additional properties ('extra')", '/isLatest must be boolean']);
  });

  // Runs last (tests in a file run in order): what the tests above saw.
  it('saw every subject type, and every property of every schema, in real and generated files', () => {
    for (const counts of [seen.examples, seen.generated]) {
      for (const type of ALL_TYPES) expect(counts.get(type) ?? 0, type).toBeGreaterThan(0);
    }
    const never = SUBJECT_TYPES.flatMap((type) => schemaPaths(SUBJECT_SCHEMAS[type], type)).filter((path) => !covered.has(path));
    expect(never).toEqual([]);
    const show = (counts: Map<SubjectType, number>) => ALL_TYPES.map((type) => `${type} ${counts.get(type) ?? 0}`).join(', ');
    console.info(`subjects validated: examples and fixtures: ${show(seen.examples)}\ngenerated: ${show(seen.generated)}`);
  });
});

// ---- Generators: realistic fragments, combined at random ------------------------------------

const indent = (lines: string[], by: number): string[] => lines.map((line) => ' '.repeat(by) + line);
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const some = <T>(arb: fc.Arbitrary<T>, max = 6) => fc.array(arb, { maxLength: max });

const IMAGES = [
  'nginx',
  'nginx:latest',
  'nginx:1.27-alpine',
  'node:20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'ghcr.io/acme/api:1.2',
  'localhost:5000/tools/ci',
  'docker.io/library/redis:7',
  'index.docker.io/bitnami/postgresql',
  '${REGISTRY}/app:${TAG:-1.0}',
  '${IMAGE}',
  'mcr.microsoft.com/dotnet/aspnet:8.0@sha256:abc',
  'alpine:',
  '',
];

/** Lines of one Compose service, each fragment at the service's indentation (4). */
const serviceFragment: fc.Arbitrary<string[]> = fc.oneof(
  pick(...IMAGES.map((image) => `image: "${image}"`)).map((line) => [line]),
  pick('privileged: true', 'privileged: "${PRIV:-true}"', 'privileged: "no"', 'privileged: ${UNSET}').map((l) => [l]),
  pick('user: "1000:1000"', 'user: root', 'user: ${APP_USER}', 'user: 0').map((l) => [l]),
  pick('read_only: true', 'read_only: "yes"', 'use_api_socket: true', 'restart: always', 'restart: unless-stopped').map((l) => [l]),
  pick('cap_add: [sys_admin, CAP_NET_ADMIN]', 'cap_add: [ALL]', 'cap_drop: [ALL]', 'cap_drop: ["${DROP}"]').map((l) => [l]),
  pick('security_opt: ["seccomp:unconfined", no-new-privileges]', 'security_opt: ["apparmor=unconfined", "label:disable"]').map((l) => [l]),
  pick('network_mode: host', 'network_mode: "service:db"', 'network_mode: ${NET}', 'pid: host', 'ipc: host', 'uts: host', 'userns_mode: host', 'cgroup: host', 'cgroup_parent: m-executor').map((l) => [l]),
  pick(
    ['volumes:', '  - /:/host:ro', '  - ./data:/data:ro,z', '  - data:/var/lib/data', '  - /tmp', '  - ~/.ssh:/root/.ssh:rshared', '  - ${SRC}:/src'],
    ['volumes:', '  - type: bind', '    source: /var/run/docker.sock', '    target: /var/run/docker.sock', '    read_only: "true"', '    bind:', '      propagation: rslave'],
    ['volumes:', '  - type: ${TYPE}', '    target: /x', '  - type: tmpfs', '    target: /run', '  - type: volume', '    source: cache', '    target: /cache'],
    ['volumes:', '  - C:\\data:/data'],
  ),
  pick(
    ['ports:', '  - "8080:80"', '  - "127.0.0.1:5432:5432/tcp"', '  - "[::1]:53:53/udp"', '  - "8000-8010:8000-8010"', '  - 9090', '  - "${PORT}:80"'],
    ['ports:', '  - target: 80', '    published: "8080"', '    host_ip: 0.0.0.0', '    protocol: tcp', '  - target: 443', '  - published: 1'],
    ['ports: ["::1:8080:80", ":80"]'],
  ),
  pick(['devices:', '  - /dev/fuse', '  - source: /dev/sda', '    target: /dev/xvda', '    permissions: rwm'], ['devices: ["/dev/kvm:/dev/kvm:rw"]']),
  pick(['environment:', '  - A=1', '  - B', '  - C=${C:-x}', '  - D=${UNSET}'], ['environment:', '  KEY: value', '  EMPTY:', '  N: 5', '  T: ${TOKEN}']),
  pick(['secrets:', '  - db', '  - source: api', '    target: api_key'], ['secrets: ["${SECRET}"]']),
  pick(['sysctls:', '  net.ipv4.ip_forward: 1', '  kernel.shm_rmid_forced: ${X}'], ['sysctls: ["net.core.somaxconn=1024", "bad"]']),
  pick(['tmpfs: /run'], ['tmpfs: ["/tmp:size=64m,noexec", "${T}"]']),
  pick(['mem_limit: 512m', 'cpus: 0.5', 'pids_limit: 100'], ['deploy:', '  resources:', '    limits:', '      memory: 1g', '      cpus: "2"', '      pids: 50'], ['pids_limit: -1', 'cpus: "${CPUS}"', 'mem_limit: 1073741824']),
  pick(
    ['healthcheck:', '  test: ["CMD", "curl", "-f", "http://localhost"]', '  interval: 30s'],
    ['healthcheck:', '  disable: true'],
    ['healthcheck:', '  test: curl -f localhost'],
    ['healthcheck:', '  test: ["NONE"]'],
    ['healthcheck:', '  test: ["CMD", "${CHECK}"]'],
  ),
  pick(['build: ./app'], ['build:', '  context: app', '  dockerfile: Dockerfile', '  target: final'], ['build: ${CTX}'], ['build:', '  context: https://github.com/acme/app.git'], ['build: .']),
  pick(['extends: base'], ['extends:', '  service: base', '  file: compose.base.yaml'], ['extends: missing']),
  pick(['<<: *defaults'], ['profiles: [debug]', 'command: ["npm", "start"]']),
);

const service = (name: string) => some(serviceFragment, 7).map((fragments) => [`  ${name}:`, ...indent(fragments.flat(), 4)]);

const topLevel = pick(
  ['version: "3.8"'],
  ['networks:', '  front: {}', '  back:', '    internal: true', '  bare:'],
  ['volumes:', '  data:', '  ext:', '    external: "true"'],
  ['secrets:', '  db:', '    file: ./db.txt', '  tok:', '    environment: TOKEN'],
  ['configs:', '  cfg:', '    content: hello ${NAME}'],
  ['x-defaults: &defaults', '  restart: always', '  privileged: true'],
);

const composeFile: fc.Arbitrary<string> = fc
  .tuple(some(topLevel, 3), fc.uniqueArray(pick('web', 'db', 'base', 'worker'), { minLength: 1, maxLength: 3 }))
  .chain(([top, names]) => fc.tuple(fc.constant(top), fc.tuple(...names.map(service))))
  .map(([top, services]) => {
    // The anchor a `<<: *defaults` merge refers to must come first.
    const ordered = [...top].sort((a, b) => Number(b[0]!.startsWith('x-')) - Number(a[0]!.startsWith('x-')));
    const hasDefaults = ordered.some((lines) => lines[0]!.startsWith('x-'));
    const body = services.flat().filter((line) => hasDefaults || !line.includes('*defaults'));
    return [...ordered.flat(), 'services:', ...body, ''].join('\n');
  });

const envFile = pick('PRIV=true\nAPP_USER=app\nPORT=8080\n', 'TAG=2.1\nREGISTRY=ghcr.io/acme\nIMAGE=busybox:latest\n', 'CTX=./app\nNET=host\nSRC=/\n', '');

// ---- Dockerfiles ----

const instruction: fc.Arbitrary<string> = pick(
  'USER app',
  'USER 1000:1000',
  'USER root',
  'user $APP_USER',
  'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  'RUN curl -fsSL https://get.example.com | sh',
  'RUN sudo -u app npm ci; cd /app || exit 1',
  'RUN ["/bin/sh", "-c", "echo hi"]',
  'RUN --mount=type=secret,id=npm --mount=type=cache,target=/root/.npm --network=none npm ci',
  'RUN --security=insecure make',
  'RUN <<EOF\nset -e\napk add --no-cache git\nwget -qO- https://x | bash\nEOF',
  'RUN echo one \\\n  && DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n     tzdata',
  'RUN docker build -t x . && DOCKER_HOST=tcp://1.2.3.4:2375 docker ps',
  'COPY --from=build /out /app',
  'COPY --chown=app:app --chmod=755 . /app',
  'COPY <<EOF /etc/app.conf\nkey=value\nEOF',
  'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /a',
  'ADD https://example.com/b.tgz /b',
  'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1',
  'HEALTHCHECK CMD ["wget", "-q", "localhost"]',
  'HEALTHCHECK NONE',
  'EXPOSE 80 443/tcp $PORT',
  'ENV A=1 B="two words"',
  'ARG VERSION=1.0',
  'WORKDIR app',
  'CMD ["node", "server.js"]',
  'CMD node server.js',
  'ENTRYPOINT ["/entrypoint.sh"]',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'VOLUME /data',
  'LABEL a=b',
  'MAINTAINER me@example.com',
  'ONBUILD RUN make',
  'STOPSIGNAL SIGTERM',
  'BOGUS instruction',
);

const from = pick(
  'FROM node:20-alpine',
  'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
  'FROM ${BASE} AS base',
  'FROM base',
  'FROM build AS final',
  'FROM scratch',
  'FROM ghcr.io/acme/runtime@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS runtime',
  'from ubuntu as Final',
  'FROM $UNSET_IMAGE',
);

const dockerfile: fc.Arbitrary<string> = fc
  .tuple(
    some(pick('# syntax=docker/dockerfile:1', '# escape=`', '# check=skip=JSONArgsRecommended', '# just a comment'), 2),
    some(pick('ARG BASE=debian:12', 'ARG TAG', 'ARG APP_USER=app'), 2),
    fc.array(fc.tuple(from, some(instruction, 6)), { minLength: 0, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([directives, args, stages, noise]) => {
    const body = stages.flatMap(([line, instructions]) => [line, ...instructions]);
    return [...directives, ...args, ...body, noise ? 'RUN \\' : ''].join('\n');
  });

// ---- Workflows and actions ----

const script: fc.Arbitrary<string> = some(
  pick(
    'docker run --rm --privileged -v /:/host alpine sh',
    'docker run -d --name db -p 127.0.0.1:5432:5432 -e POSTGRES_PASSWORD=${{ secrets.PG }} -e DEBUG postgres:16',
    'docker container create --cap-add=SYS_ADMIN --security-opt seccomp=unconfined --network host --pid=host --ipc host ubuntu',
    'docker run -itd --user 1000 --read-only --tmpfs /tmp --memory 512m --cpus 1 --pids-limit 100 --restart always node:20',
    'docker run --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock,readonly --mount "type=volume,dst=/data" $IMAGE',
    'docker run -v ${{ github.workspace }}:/src -v $PWD:/work:ro --device /dev/fuse --sysctl net.ipv4.ip_forward=1 --health-cmd "curl -f localhost" ${{ matrix.image }}',
    'docker run --no-healthcheck --use-api-socket --userns=host --uts host --cgroupns host --cgroup-parent x busybox',
    'docker create',
    'docker exec --privileged -u root db sh',
    'docker login -u user -p hunter2 ghcr.io',
    'echo "${{ secrets.TOKEN }}" | docker login --username x --password-stdin',
    'docker -H tcp://10.0.0.1:2375 ps',
    'DOCKER_HOST=tcp://docker:2375 docker info',
    'docker build -f docker/Dockerfile.ci -t app .',
    'cd app && docker build .',
    'docker buildx build --push -t x ${{ github.workspace }}/svc',
    'docker compose -f compose.yaml -f compose.ci.yaml up -d',
    'docker-compose up --build',
    'docker compose --project-directory deploy run --rm web',
    'docker compose down',
    'curl -fsSL https://get.docker.com | sudo sh',
    'sudo apt-get install -y jq',
    'gh pr checkout ${{ github.event.pull_request.number }}',
    'git fetch origin pull/${{ github.event.number }}/head && git checkout FETCH_HEAD',
    'echo "${{ github.event.pull_request.title }}" && echo ${{ github.head_ref }}',
    'echo "${{ github.event.commits[0].message }}" ${{ toJSON(github.event) }}',
    'for f in *.yml; do yamllint "$f"; done',
    'if [ -n "$X" ]; then make test; fi',
    'NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci 2>&1 > log.txt',
    'echo $(curl -s https://x | sh)',
  ),
  5,
).map((lines) => lines.join('\n'));

const step: fc.Arbitrary<string[]> = fc.oneof(
  pick(
    ['- uses: actions/checkout@v4'],
    ['- uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11', '  with:', '    ref: ${{ github.event.pull_request.head.sha }}', '    persist-credentials: false'],
    ['- uses: actions/checkout@v4', '  with:', '    repository: ${{ github.event.pull_request.head.repo.full_name }}'],
    ['- uses: docker://alpine:3.20', '  with:', '    args: echo hi'],
    ['- uses: ./.github/actions/setup'],
    ['- uses: ./'],
    ['- uses: $/.github/actions/setup'],
    ['- uses: actions/github-script@v7', '  env:', '    ALL: ${{ toJSON(secrets) }}', '  with:', '    script: |', '      console.log("${{ github.event.issue.title }}", "${{ env.ALL }}", "${{ matrix.image }}")'],
    ['- run: docker build -t app . && gh pr checkout 1 && npm ci'],
    ['- id: build', '  uses: docker/build-push-action@v6', '  with:', '    context: app', '    push: true', '    build-args: TOKEN=${{ secrets.TOKEN }}'],
    ['- uses: docker/build-push-action@v6', '  with:', '    file: ./docker/Dockerfile'],
    ['- uses: docker/build-push-action@v6', '  with:', '    context: "{{defaultContext}}:svc"'],
    ['- uses: docker/login-action@v3', '  with:', '    username: me', '    password: hunter2'],
    ['- uses: github/codeql-action/upload-sarif@v3', '  if: always()'],
    ['- uses: ${{ matrix.action }}'],
    ['- name: weird', '  uses: 42'],
    ['- run:'],
    ['- plain string step'],
  ),
  fc
    .tuple(script, pick('', 'bash', 'pwsh', 'sh -e {0}', '${{ matrix.shell }}'), pick('', 'app', '${{ github.workspace }}/svc'), fc.boolean())
    .map(([text, shell, dir, folded]) => [
      '- name: script',
      ...(shell ? [`  shell: ${shell}`] : []),
      ...(dir ? [`  working-directory: ${dir}`] : []),
      '  env:',
      '    TOKEN: ${{ secrets.TOKEN }}',
      '    EMPTY:',
      `  run: ${folded ? '>' : '|'}`,
      ...indent(text.split('\n'), 4),
    ]),
);

const jobContainer = pick(
  ['container: node:20'],
  ['container: ${{ matrix.image }}'],
  ['container:', '  image: ghcr.io/acme/ci:1.2', '  options: --cpus 2 --user=1000 -it --cap-add SYS_ADMIN --privileged=false', '  env:', '    NODE_ENV: test', '  ports: [8080, "127.0.0.1:9000:9000"]', '  volumes: ["/var/run/docker.sock:/var/run/docker.sock", my_docker_volume:/volume_mount]', '  credentials:', '    username: ${{ github.actor }}', '    password: ${{ secrets.GITHUB_TOKEN }}'],
  ['container:', '  image: ${{ matrix.image }}', '  options: ${{ matrix.opts }}'],
  ['container:', '  image: ""'],
  ['container:', '  image: private.example.com/ci', '  credentials:', '    password: literal-password'],
  ['container:', '  image: redis', '  credentials: {}'],
  ['services:', '  docker:', '    image: docker:dind', '    options: --privileged', '  redis:', '    image: redis:7', '    ports: ["6379:6379"]', '    options: >-', '      --health-cmd "redis-cli ping" --health-interval 10s', '  broken: 5'],
  ['strategy:', '  matrix:', '    image: [node:18, node:20]', '    opts: ["--privileged", "--user 1000"]', '    shell: [bash]', '    include:', '      - image: node:22', '        opts: "--network host"'],
  ['strategy:', '  matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}'],
);

const jobHeader = pick(
  ['runs-on: ubuntu-latest'],
  ['runs-on: [self-hosted, linux]'],
  ['runs-on:', '  group: big', '  labels: [windows-2022]'],
  ['runs-on: windows-latest'],
  ['name: Build ${{ matrix.image }}', 'if: github.event_name == \'push\'', 'needs: [setup, lint]'],
  ['needs: setup', 'permissions: write-all'],
  ['permissions:', '  contents: read', '  packages: write'],
  ['env:', '  A: 1', '  B: true', '  C:', '  D: [not, scalar]'],
  ['defaults:', '  run:', '    shell: pwsh', '    working-directory: src'],
  ['timeout-minutes: 10'],
  ['if: github.event.pull_request.head.repo.full_name == github.repository'],
);

const job = fc.oneof(
  fc.tuple(some(jobHeader, 3), some(jobContainer, 3), some(step, 6)).map(([headers, containers, steps]) => [
    ...headers.flat(),
    ...containers.flat(),
    'steps:',
    ...indent(steps.flat(), 2),
  ]),
  pick(
    ['uses: acme/shared/.github/workflows/deploy.yml@main', 'with:', '  env: prod', 'secrets: inherit'],
    ['uses: ./.github/workflows/reusable.yml', 'secrets:', '  token: ${{ secrets.TOKEN }}', 'permissions: {}'],
    ['uses: octo/repo/.github/workflows/x.yml@b4ffde65f46336ab88eb53be808477a3936bae11'],
    ['uses: ./.github/workflows/ci.yml', 'secrets: inherit'],
    ['runs-on: ubuntu-latest', 'steps: not-a-list'],
  ),
);

const workflow: fc.Arbitrary<string> = fc
  .tuple(
    pick(
      ['on: push'],
      ['on: [push, pull_request_target]'],
      ['on:', '  pull_request_target:', '    types: [opened, synchronize]', '  workflow_run:', '    workflows: [ci]', '  schedule:', "    - cron: '0 0 * * *'"],
      ['on:', '  workflow_dispatch:', '  issue_comment:'],
      [],
    ),
    some(pick(['name: CI'], ['permissions: read-all'], ['permissions:', '  contents: write'], ['permissions: {}'], ['env:', '  REGISTRY: ghcr.io', '  N: 3'], ['defaults:', '  run:', '    working-directory: app'], ['run-name: x']), 3),
    fc.uniqueArray(pick('build', 'test', 'deploy', 'lint'), { minLength: 0, maxLength: 3 }).chain((ids) => fc.tuple(...ids.map((id) => job.map((lines) => [`  ${id}:`, ...indent(lines, 4)])))),
  )
  .map(([on, top, jobs]) => [...top.flat(), ...on, 'jobs:', ...jobs.flat(), ''].join('\n'));

const action: fc.Arbitrary<string> = fc.oneof(
  some(step, 4).map((steps) => ['name: setup', 'runs:', '  using: composite', '  steps:', ...indent(steps.flat(), 4), ''].join('\n')),
  pick('runs:\n  using: docker\n  image: docker://ghcr.io/acme/tool:1.0\n', 'runs:\n  using: docker\n  image: Dockerfile\n', 'runs:\n  using: node20\n  main: index.js\n', 'name: broken\n'),
);

/** A folder as `docker compose` sees it: the file, maybe an override, a base for `extends`, `.env` and the Dockerfiles built. */
const composeProject: fc.Arbitrary<Record<string, string>> = fc
  .record({
    compose: composeFile,
    override: fc.option(composeFile, { nil: undefined }),
    base: fc.option(composeFile, { nil: undefined }),
    env: fc.option(envFile, { nil: undefined }),
    dockerfile: fc.option(dockerfile, { nil: undefined }),
  })
  .map(({ compose, override, base, env, dockerfile: docker }) => ({
    'compose.yaml': compose,
    ...(override !== undefined ? { 'compose.override.yaml': override } : {}),
    ...(base !== undefined ? { 'compose.base.yaml': base } : {}),
    ...(env !== undefined ? { '.env': env } : {}),
    ...(docker !== undefined ? { 'app/Dockerfile': docker, Dockerfile: docker } : {}),
  }));
