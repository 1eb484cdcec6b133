import fc from 'fast-check';
import { describe, it } from 'vitest';
import { stringify } from 'yaml';
import { expectSameAsLinkingAll, treeWithUnlisted } from '../support/judge-as-read-compare.js';

/**
 * Each case scans a repository twice with every built-in rule (about 0.15 s on two cores), so
 * this file runs a quarter of `CONTAINMENT_FC_RUNS` (CI's 2,000 give 500 cases, about 75 s) and
 * 30 by default (about 5 s). With the retract and ordering fixes undone, it failed after 64
 * cases (test/pipeline/judge-as-read-layouts.test.ts holds those layouts by hand).
 */
const FROM_ENV = Number(process.env['CONTAINMENT_FC_RUNS'] ?? '');
const RUNS = { numRuns: FROM_ENV > 0 ? Math.max(1, Math.ceil(FROM_ENV / 4)) : 30 };
// A hang still fails; a slow machine at CI's count does not.
const TIMEOUT = Math.max(60_000, RUNS.numRuns * 600);

// The places a generated repository writes files: folders shared by several Compose files and
// folders of their own, Compose files under names only an `include:` or `extends.file` reaches.
// Few places, so that references, builds and calls often meet a file that exists.
const FOLDERS = ['', 'app/', 'lib/'];
const COMPOSE_NAMES = ['compose.yaml', 'compose.override.yaml', 'docker-compose.yml', 'compose-dev.yaml', 'common.yml', 'extra/shared.yml'];
const DOCKERFILES = ['Dockerfile', 'app/Dockerfile', 'app/Dockerfile.dev', 'lib/img/Dockerfile', 'tools/api.Dockerfile'];
const COMPOSE_TARGETS = FOLDERS.flatMap((folder) => COMPOSE_NAMES.map((name) => folder + name));
const WORKFLOWS = ['.github/workflows/ci.yml', '.github/workflows/build.yml', '.github/workflows/reuse.yml'];
const ACTIONS = ['action.yml', '.github/actions/x/action.yml'];
const SERVICES = ['web', 'api'];
const INCLUDE_TARGETS = [...COMPOSE_TARGETS, 'app/Dockerfile', '.github/workflows/build.yml'];

/**
 * A file another one names: most often one the repository holds (an index into the generated
 * files of that kind, so references meet), else any name of the pool (often missing).
 */
type Ref = number | string;
const ref = (pool: readonly string[]): fc.Arbitrary<Ref> => fc.oneof({ weight: 3, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constantFrom(...pool) });
function pick(reference: Ref, written: readonly string[], pool: readonly string[]): string {
  if (typeof reference === 'string') return reference;
  const from = written.length ? written : pool;
  return from[reference % from.length]!;
}

/** What the generated repository holds, by kind: references pick from these. */
interface Written {
  compose: string[];
  dockerfiles: string[];
  workflows: string[];
}

/** A path relative to `from`'s folder that names `to` (with `../` as a repository writes it). */
function relative(from: string, to: string): string {
  const up = from.split('/').length - 1;
  return up === 0 ? `./${to}` : `${'../'.repeat(up)}${to}`;
}

// Most services link nothing (the files judged and dropped as read); some build, extend or read
// an env file, each on its own, so the files they touch are often alone in being kept.
const service = fc
  .tuple(
    fc.record(
      {
        image: fc.constantFrom('nginx:1.27', 'nginx', 'redis:latest'),
        privileged: fc.constantFrom(true, '${PRIV:-false}'),
        user: fc.constantFrom('root', '1000:1000'),
        readOnly: fc.constant(true),
        healthcheck: fc.constant(true),
        capAdd: fc.constant(true),
        socket: fc.constant(true),
      },
      { requiredKeys: [] },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.record({
          build: fc.oneof(
            ref(DOCKERFILES).map((path) => ({ short: path })),
            fc.record({ dockerfile: ref(DOCKERFILES), target: fc.option(fc.constantFrom('build', 'final', 'BUILD'), { nil: undefined }) }),
          ),
        }),
      },
      { weight: 2, arbitrary: fc.record({ extendsService: fc.constantFrom(...SERVICES), extendsFile: fc.option(ref(COMPOSE_TARGETS), { nil: undefined }) }) },
      { weight: 1, arbitrary: fc.record({ envFile: fc.constantFrom('app.env', 'missing.env') }) },
    ),
  )
  .map(([plain, links]) => ({ ...plain, ...(links as Partial<LinkChoices>) }));

interface LinkChoices {
  build: { short: Ref } | { dockerfile: Ref; target?: string };
  extendsService: string;
  extendsFile?: Ref;
  envFile: string;
}

type ServiceSpec = typeof service extends fc.Arbitrary<infer T> ? T : never;

/** A Compose service written from the generated choices, with paths relative to `path`'s folder. */
function writeService(path: string, spec: ServiceSpec, written: Written): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.image) out['image'] = spec.image;
  if (spec.privileged !== undefined) out['privileged'] = spec.privileged;
  if (spec.user) out['user'] = spec.user;
  if (spec.readOnly) out['read_only'] = true;
  if (spec.build && 'short' in spec.build) out['build'] = relative(path, pick(spec.build.short, written.dockerfiles, DOCKERFILES).replace(/\/?[^/]+$/, '') || '.');
  else if (spec.build) {
    const dockerfile = pick(spec.build.dockerfile, written.dockerfiles, DOCKERFILES);
    const slash = dockerfile.lastIndexOf('/');
    out['build'] = {
      context: relative(path, slash < 0 ? '.' : dockerfile.slice(0, slash)),
      dockerfile: dockerfile.slice(slash + 1),
      ...(spec.build.target ? { target: spec.build.target } : {}),
    };
  }
  if (spec.extendsService) out['extends'] = spec.extendsFile !== undefined ? { file: relative(path, pick(spec.extendsFile, written.compose, COMPOSE_TARGETS)), service: spec.extendsService } : { service: spec.extendsService };
  if (spec.envFile) out['env_file'] = spec.envFile;
  if (spec.healthcheck) out['healthcheck'] = { test: ['CMD', 'true'] };
  if (spec.capAdd) out['cap_add'] = ['SYS_ADMIN'];
  if (spec.socket) out['volumes'] = ['/var/run/docker.sock:/var/run/docker.sock'];
  return out;
}

// Mostly the default pair, so that folders often hold a base and its override.
const composePath = fc
  .tuple(
    fc.constantFrom(...FOLDERS),
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom('compose.yaml', 'compose.override.yaml') }, { weight: 2, arbitrary: fc.constantFrom(...COMPOSE_NAMES) }),
  )
  .map(([folder, name]) => folder + name);

const composeFile = fc.record({
  path: composePath,
  services: fc.dictionary(fc.constantFrom(...SERVICES), service, { minKeys: 1, maxKeys: 2 }),
  include: fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    // Now and then a Dockerfile or a workflow of the repository, read as the Compose file Compose would read it as.
    fc.array(fc.record({ target: ref(INCLUDE_TARGETS), long: fc.boolean(), envFile: fc.option(fc.constantFrom('inc.env', '.env'), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 1,
    }),
  ),
});

function writeCompose(spec: { path: string; services: Record<string, ServiceSpec>; include: ReadonlyArray<{ target: Ref; long: boolean; envFile?: string }> }, written: Written): string {
  const doc: Record<string, unknown> = {};
  if (spec.include.length) {
    doc['include'] = spec.include.map((i) => {
      const target = relative(spec.path, pick(i.target, written.compose, INCLUDE_TARGETS));
      return i.long ? { path: target, ...(i.envFile ? { env_file: i.envFile } : {}) } : target;
    });
  }
  doc['services'] = Object.fromEntries(Object.entries(spec.services).map(([name, s]) => [name, writeService(spec.path, s, written)]));
  return stringify(doc);
}

const dockerfile = fc.record({
  path: fc.constantFrom(...DOCKERFILES),
  stages: fc.array(
    fc.record({
      from: fc.constantFrom('alpine:3.20', 'node:22', 'ubuntu:latest', 'build'),
      name: fc.option(fc.constantFrom('build', 'final'), { nil: undefined }),
      user: fc.option(fc.constantFrom('app', 'root', '0'), { nil: undefined }),
      healthcheck: fc.boolean(),
      curl: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

function writeDockerfile(spec: { stages: Array<{ from: string; name?: string; user?: string; healthcheck: boolean; curl: boolean }> }): string {
  return spec.stages
    .flatMap((s) => [
      `FROM ${s.from}${s.name ? ` AS ${s.name}` : ''}`,
      ...(s.curl ? ['RUN curl https://x.example/i.sh | sh'] : []),
      ...(s.user ? [`USER ${s.user}`] : []),
      ...(s.healthcheck ? ['HEALTHCHECK CMD wget -q localhost'] : []),
    ])
    .join('\n')
    .concat('\n');
}

const step = fc.oneof(
  fc.constantFrom('checkout', 'checkout-no-token', 'build-root', 'push', 'compose-up', 'compose-up-wd', 'docker-run').map((kind) => ({ kind })),
  ref(DOCKERFILES).map((path) => ({ kind: 'build-f', path })),
  ref(COMPOSE_TARGETS).map((path) => ({ kind: 'compose-f', path })),
);

const workflow = fc.record({
  path: fc.constantFrom(...WORKFLOWS, ...ACTIONS),
  on: fc.constantFrom('push', 'pull_request', 'pull_request_target', 'workflow_call'),
  steps: fc.array(step, { maxLength: 4 }),
  calls: fc.array(fc.record({ target: ref([...WORKFLOWS, '.github/workflows/missing.yml']), inherit: fc.boolean() }), { maxLength: 2 }),
});

function writeStep(s: { kind: string; path?: Ref }, written: Written): Record<string, unknown> {
  switch (s.kind) {
    case 'checkout':
      return { uses: 'actions/checkout@v4' };
    case 'checkout-no-token':
      return { uses: 'actions/checkout@v4', with: { 'persist-credentials': false } };
    case 'build-root':
      return { run: 'docker build -t o/r:1 .' };
    case 'push':
      return { run: 'docker push ghcr.io/o/r:1' };
    case 'compose-up':
      return { run: 'docker compose up -d' };
    case 'compose-up-wd':
      return { run: 'docker compose up -d', 'working-directory': 'app' };
    case 'docker-run':
      return { run: 'docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine:3.20' };
    case 'build-f':
      return { run: `docker build -f ${pick(s.path!, written.dockerfiles, DOCKERFILES)} .` };
    default:
      return { run: `docker compose -f ${pick(s.path!, written.compose, COMPOSE_TARGETS)} up -d` };
  }
}

function writeWorkflow(spec: { path: string; on: string; steps: Array<{ kind: string; path?: Ref }>; calls: Array<{ target: Ref; inherit: boolean }> }, written: Written): string {
  const steps = spec.steps.map((s) => writeStep(s, written));
  if (spec.path.endsWith('action.yml')) return stringify({ name: 'x', description: 'x', runs: { using: 'composite', steps: steps.map((s) => ({ ...s, shell: 'bash' })) } });
  const jobs: Record<string, unknown> = { build: { 'runs-on': 'ubuntu-latest', steps: steps.length ? steps : [{ run: 'true' }] } };
  spec.calls.forEach((call, i) => {
    jobs[`call${i}`] = { uses: `./${pick(call.target, written.workflows, WORKFLOWS)}`, ...(call.inherit ? { secrets: 'inherit' } : {}) };
  });
  return stringify({ on: spec.on, jobs });
}

/** `.env` files: variables the Compose files interpolate, and COMPOSE_FILE lists. */
const envFile = fc.record({
  folder: fc.constantFrom(...FOLDERS),
  priv: fc.boolean(),
  composeFile: fc.option(fc.subarray(['compose.yaml', 'compose-dev.yaml', 'common.yml', 'compose.override.yaml'], { minLength: 1 }), { nil: undefined }),
});

const repository = fc.record({
  compose: fc.array(composeFile, { maxLength: 5 }),
  dockerfiles: fc.array(dockerfile, { maxLength: 3 }),
  workflows: fc.array(workflow, { maxLength: 3 }),
  envs: fc.array(envFile, { maxLength: 2 }),
  extras: fc.subarray(['.dockerignore', 'app/app.env', 'inc.env', 'app/inc.env', 'Dockerfile.dockerignore']),
  // Files the listing leaves out (git-ignored, excluded) that references still reach.
  unlisted: fc.array(fc.nat(), { maxLength: 2 }),
  budget: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
});

function writeRepository(spec: typeof repository extends fc.Arbitrary<infer T> ? T : never): { files: Record<string, string>; unlisted: string[] } {
  const files: Record<string, string> = {};
  const written: Written = {
    compose: spec.compose.map((c) => c.path),
    dockerfiles: spec.dockerfiles.map((d) => d.path),
    workflows: spec.workflows.map((w) => w.path).filter((path) => !path.endsWith('action.yml')),
  };
  for (const c of spec.compose) files[c.path] = writeCompose(c, written);
  for (const d of spec.dockerfiles) files[d.path] = writeDockerfile(d);
  for (const w of spec.workflows) files[w.path] = writeWorkflow(w, written);
  for (const e of spec.envs) {
    files[`${e.folder}.env`] = [`PRIV=${e.priv}`, ...(e.composeFile ? [`COMPOSE_FILE=${e.composeFile.join(':')}`] : [])].join('\n').concat('\n');
  }
  // An include's env_file exists (one that does not is its own, located problem).
  for (const c of spec.compose) for (const i of c.include) if (i.envFile === 'inc.env') files[c.path.replace(/[^/]*$/, 'inc.env')] = 'PRIV=true\n';
  for (const extra of spec.extras) files[extra] = extra.endsWith('dockerignore') ? '.git\n' : 'PRIV=true\nTOKEN=x\n';
  // Compose files twice as often: their folders pair them.
  const judged = [...written.compose, ...written.compose, ...written.dockerfiles, ...written.workflows];
  return { files, unlisted: judged.length ? spec.unlisted.map((n) => judged[n % judged.length]!) : [] };
}

describe('judging each file as read, on random repositories', () => {
  it('gives the findings, files and inventory of linking every document at once', async () => {
    await fc.assert(
      fc.asyncProperty(repository, async (spec) => {
        const budget = spec.budget === undefined ? undefined : { files: spec.budget };
        const { files, unlisted } = writeRepository(spec);
        await expectSameAsLinkingAll(treeWithUnlisted(files, unlisted), budget);
      }),
      RUNS,
    );
  }, TIMEOUT);
});
