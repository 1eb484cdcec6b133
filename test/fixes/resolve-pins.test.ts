import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/core/apply-edits.js';
import type { Finding } from '../../src/core/finding.js';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { link } from '../../src/link/link.js';
import { readProject } from '../../src/pipeline/read-project.js';
import { resolvePins } from '../../src/pipeline/resolve-pins.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { resolveCommitSha } from '../../src/report/github/commit-sha.js';
import { dockerLogins } from '../../src/report/registry/docker-credentials.js';
import { resolveImageDigest } from '../../src/report/registry/image-digest.js';
import { FakeGitHub } from '../e2e/fake-github.js';
import { StandInRegistry } from '../support/stand-in-registry.js';

// The real clients against stand-in servers on 127.0.0.1: Docker Hub's token flow, GitHub's
// "Get a commit", and every way they fail.
const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);
let registry: StandInRegistry;
let github: FakeGitHub;
beforeAll(async () => {
  registry = await new StandInRegistry().start();
  github = await new FakeGitHub().start();
});
afterAll(async () => {
  await registry.stop();
  await github.stop();
});

const sha = (n: number) => n.toString(16).padStart(40, 'a');
const options = () => ({ apiUrl: github.url, timeoutMs: 2_000, endpoint: () => registry.url });

async function findingsOf(ruleId: string, files: Record<string, string>): Promise<Finding[]> {
  const { documents } = await readProject(memoryTree(files), []);
  return evaluate(link(documents), compileRules(rules.filter((r) => r.id === ruleId)));
}

describe.each(['image-not-pinned-by-digest', 'action-not-pinned'])('%s: each failing example, resolved, is pinned', (ruleId) => {
  const rule = rules.find((r) => r.id === ruleId)!;
  it.each(rule.tests.filter((t) => t.expect.length > 0).map((t, i) => [i, t] as const))('example %i', async (_i, test) => {
    const files = { ...test.files, [test.file]: test.content };
    const found = (await findingsOf(ruleId, files)).filter((f) => f.path === test.file);
    // What the stand-ins know: every tag and every ref the examples ask for.
    let n = 1;
    for (const f of found) {
      if (f.fixRequest?.image) registry.publish(f.fixRequest.image.repository, f.fixRequest.image.tag);
      if (f.fixRequest?.action) github.commits.set(`${f.fixRequest.action.owner}/${f.fixRequest.action.repo}@${f.fixRequest.action.ref}`, sha(n++));
    }
    const resolved = await resolvePins(found, new Map([[test.file, test.content]]), options());
    const fixed = resolved.filter((f) => f.fix);
    // An example may hold only references no pin can fix (`FROM golang:${GO_VERSION}`): each says why.
    // The rest say why: a variable, a digest that is no pin, a reference inside a script, a short commit SHA (which may name a fork's commit).
    for (const f of resolved.filter((r) => !r.fix)) expect(f.fixNote).toMatch(/variable|digest|script|plain value|commit SHA/);
    const after = applyEdits(test.content, fixed.flatMap((f) => f.fix!.edits));
    expect(after.skipped).toEqual([]);
    const again = (await findingsOf(ruleId, { ...files, [test.file]: after.text })).filter((f) => f.path === test.file);
    expect(again.length).toBe(resolved.length - fixed.length);
    const { documents } = await readProject(memoryTree({ ...files, [test.file]: after.text }), []);
    expect(documents.flatMap((d) => d.problems)).toEqual([]);
  });
});

it('pins a Dockerfile FROM and keeps its stage name, and an action with its tag as a comment', async () => {
  const digest = registry.publish('library/node', '22-slim');
  github.commits.set('actions/checkout@v4', sha(7));
  const dockerfile = 'FROM node:22-slim AS build\nRUN npm ci\n';
  const workflow = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: "actions/checkout@v4"\n';
  const images = await resolvePins(await findingsOf('image-not-pinned-by-digest', { Dockerfile: dockerfile }), new Map([['Dockerfile', dockerfile]]), options());
  expect(applyEdits(dockerfile, images.flatMap((f) => f.fix?.edits ?? [])).text).toBe(`FROM node:22-slim@${digest} AS build\nRUN npm ci\n`);
  const path = '.github/workflows/ci.yml';
  const asked = () => github.requests.filter((r) => r.path === '/repos/actions/checkout/commits/v4').length;
  const before = asked();
  const actions = await resolvePins(await findingsOf('action-not-pinned', { [path]: workflow }), new Map([[path, workflow]]), options());
  expect(applyEdits(workflow, actions.flatMap((f) => f.fix?.edits ?? [])).text).toBe(workflow.replace('checkout@v4\n', `checkout@${sha(7)} # v4\n`).replace('"actions/checkout@v4"', `"actions/checkout@${sha(7)}"`));
  // Each distinct reference is asked once.
  expect(asked() - before).toBe(1);
});

it('pins a reference on a line too long to suggest, without whole lines: containment fix makes it, no suggestion holds it', async () => {
  const digest = registry.publish('library/nginx', '1.27');
  // A one-line Compose file of 40,000 characters: longer than a suggestion holds (MAX_SUGGESTION_CHARS).
  const compose = `services: {web: {image: "nginx:1.27", labels: {note: "${'x'.repeat(40_000)}"}}}\n`;
  const [pinned] = await resolvePins(await findingsOf('image-not-pinned-by-digest', { 'compose.yaml': compose }), new Map([['compose.yaml', compose]]), options());
  expect(pinned!.fix?.lines).toBeUndefined();
  expect(applyEdits(compose, pinned!.fix!.edits).text).toBe(compose.replace('nginx:1.27', `nginx:1.27@${digest}`));
  // A short line keeps its whole lines, for a suggestion.
  const short = 'services: {web: {image: "nginx:1.27"}}\n';
  const [kept] = await resolvePins(await findingsOf('image-not-pinned-by-digest', { 'compose.yaml': short }), new Map([['compose.yaml', short]]), options());
  expect(kept!.fix?.lines).toEqual({ start: 1, end: 1, text: short.trimEnd().replace('nginx:1.27', `nginx:1.27@${digest}`) });
});

describe('the registry client', () => {
  it('follows the anonymous token flow and pins the multi-platform index', async () => {
    const digest = registry.publish('library/nginx', '1.27');
    const answer = await resolveImageDigest({ registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }, options());
    expect(answer).toEqual({ digest });
    const mine = registry.requests.filter((r) => r.path.includes('library/nginx') || r.path === '/token').slice(-3);
    expect(mine.map((r) => `${r.method} ${r.path} ${r.authorization ?? '-'}`)).toEqual([
      'HEAD /v2/library/nginx/manifests/1.27 -',
      'GET /token -',
      'HEAD /v2/library/nginx/manifests/1.27 Bearer token-for-library/nginx',
    ]);
  });

  it('hashes the body when the registry sends no Docker-Content-Digest', async () => {
    const digest = registry.publish('team/nohead', '2');
    registry.omitDigestHeader = true;
    try {
      expect(await resolveImageDigest({ registry: 'ghcr.io', repository: 'team/nohead', tag: '2' }, options())).toEqual({ digest });
    } finally {
      registry.omitDigestHeader = false;
    }
  });

  it('uses the login from Docker\'s config.json for a private repository, and says so without one', async () => {
    const digest = registry.publish('team/private', '1.0');
    registry.private.set('team/private', { username: 'me', password: 's3cret' });
    const image = { registry: 'ghcr.io', repository: 'team/private', tag: '1.0' };
    expect(await resolveImageDigest(image, options())).toEqual({ error: expect.stringMatching(/refused a pull token \(HTTP 401\); if the image is private, run `docker login`/) });
    const dir = await mkdtemp(join(tmpdir(), 'containment-docker-config-'));
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('me:s3cret').toString('base64') } } }));
      expect(await resolveImageDigest(image, { ...options(), login: dockerLogins({ DOCKER_CONFIG: dir }) })).toEqual({ digest });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [404, /has no tag/],
    [429, /rate limit/],
    [503, /answered HTTP 503/],
  ])('says why on %i', async (status, why) => {
    registry.publish('team/app', '1');
    registry.failures.push({ path: /\/v2\/team\/app\/manifests\//, status, times: 2 });
    const answer = await resolveImageDigest({ registry: 'ghcr.io', repository: 'team/app', tag: status === 404 ? 'missing' : '1' }, options());
    registry.failures.length = 0;
    expect(answer).toEqual({ error: expect.stringMatching(why) });
  });

  it('never asks a token service over plain HTTP elsewhere (a realm pointing into the network)', async () => {
    registry.publish('team/realm', '1');
    registry.realm = 'http://169.254.169.254/latest/meta-data';
    try {
      const before = registry.requests.length;
      const answer = await resolveImageDigest({ registry: 'ghcr.io', repository: 'team/realm', tag: '1' }, options());
      expect(answer).toEqual({ error: 'ghcr.io named a token service over plain HTTP elsewhere (http://169.254.169.254), which Containment does not ask' });
      expect(registry.requests.length - before).toBe(1);
    } finally {
      registry.realm = undefined;
    }
  });

  it('asks only the registries it is given (the Action on a pull request)', async () => {
    const content = 'services:\n  a:\n    image: internal.example:5000/team/app:1\n';
    const found = await findingsOf('image-not-pinned-by-digest', { 'compose.yaml': content });
    const before = registry.requests.length;
    const [resolved] = await resolvePins(found, new Map([['compose.yaml', content]]), { ...options(), registries: new Set(['docker.io']) });
    expect(resolved!.fix).toBeUndefined();
    expect(resolved!.fixNote).toMatch(/^Not pinned: internal\.example:5000 is not a registry the Action asks/);
    expect(registry.requests.length).toBe(before);
  });

  it.each([
    [{ registry: 'ghcr.io', repository: 'team/../../v2/x', tag: '1' }],
    [{ registry: 'ghcr.io', repository: 'team/app', tag: '1?x=y' }],
    [{ registry: 'ghcr.io/evil', repository: 'team/app', tag: '1' }],
  ])('asks nothing for %j, which no registry could serve', async (image) => {
    const before = registry.requests.length;
    expect(await resolveImageDigest(image, options())).toEqual({ error: expect.stringMatching(/is not an image reference a registry could serve/) });
    expect(registry.requests.length).toBe(before);
  });

  it('gives up on a registry that hangs, and on one that is not there', async () => {
    registry.failures.push({ path: /\/v2\/team\/slow\//, status: 200, hang: true });
    expect(await resolveImageDigest({ registry: 'ghcr.io', repository: 'team/slow', tag: '1' }, { ...options(), timeoutMs: 300 })).toEqual({ error: 'ghcr.io did not answer within 0.3 s' });
    registry.failures.length = 0;
    const closed = await new StandInRegistry().start();
    await closed.stop();
    expect(await resolveImageDigest({ registry: closed.host, repository: 'x/y', tag: '1' }, { timeoutMs: 2_000 })).toEqual({ error: `${closed.host} could not be reached (ECONNREFUSED)` });
  });
});

describe('the GitHub client', () => {
  it('resolves a tag to its commit with the sha media type and the token', async () => {
    github.commits.set('actions/checkout@v4.2.2', sha(42));
    expect(await resolveCommitSha({ owner: 'actions', repo: 'checkout', ref: 'v4.2.2' }, { ...options(), token: 'ghp_x' })).toEqual({ sha: sha(42) });
    const last = github.requests.at(-1)!;
    expect(last.headers.accept).toBe('application/vnd.github.sha');
    expect(last.headers.authorization).toBe('Bearer ghp_x');
  });

  it.each([
    [undefined, /no tag or branch nope/],
    [403, /HTTP 403, likely its rate limit\); set GITHUB_TOKEN/],
    [500, /answered HTTP 500/],
  ])('says why on %s', async (status, why) => {
    if (status) github.failures.push({ method: 'GET', path: /\/commits\//, status, message: 'x' });
    expect(await resolveCommitSha({ owner: 'actions', repo: 'checkout', ref: 'nope' }, options())).toEqual({ error: expect.stringMatching(why) });
  });

  it('never lets a ref walk the URL to another endpoint', async () => {
    const before = github.requests.length;
    for (const ref of ['../../../user', 'v1/../../x', 'a//b']) {
      expect(await resolveCommitSha({ owner: 'actions', repo: 'checkout', ref }, options())).toEqual({ error: expect.stringMatching(/is not a repository and a tag or branch/) });
    }
    expect(await resolveCommitSha({ owner: '..', repo: 'checkout', ref: 'v1' }, options())).toEqual({ error: expect.stringMatching(/is not a repository/) });
    expect(github.requests.length).toBe(before);
  });

  it('gives up on a GitHub that hangs', async () => {
    github.failures.push({ method: 'GET', path: /\/commits\//, status: 200, message: '', hang: true });
    expect(await resolveCommitSha({ owner: 'a', repo: 'b', ref: 'v1' }, { ...options(), timeoutMs: 300 })).toEqual({ error: 'GitHub did not answer within 0.3 s for a/b@v1' });
  });
});
