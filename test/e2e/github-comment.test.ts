import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freshRunPerTest, makeWorkspace, PRIVILEGED_COMPOSE, runAction } from './run-action.js';

const MARKER = '<!-- containment:ci/containment/. -->';

const step = freshRunPerTest({ 'compose.yaml': PRIVILEGED_COMPOSE });

describe('the sticky pull-request comment', () => {
  it('is created once, updated in place, and not rewritten when nothing changed', async () => {
    // 150 comments by others (one quoting the marker) push this step's comment onto page 2.
    step.github.seedComments(7, Array.from({ length: 149 }, (_, index) => `comment ${index}`));
    step.github.seedComments(7, [`${MARKER}\nI pasted the marker, please don't edit my comment`]);

    const first = await runAction(step.workspace, { apiUrl: step.github.url });
    expect(first.code).toBe(1);
    const created = step.github.requests.filter((request) => request.method === 'POST' && request.path === '/repos/owner/repo/issues/7/comments');
    expect(created).toHaveLength(1);
    const mine = () => (step.github.comments.get(7) ?? []).filter((comment) => comment.user.login === 'github-actions[bot]');
    expect(mine()).toHaveLength(1);
    const body = mine()[0]?.body ?? '';
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    // The order a reviewer reads: verdict and counts, findings per file, compliance, inventory, how to suppress, footer.
    const order = ['## ❌ Containment: failed', '| 🟣 critical | 1 |', '### Findings', '<details open><summary><code>compose.yaml</code>', '### Compliance', '### Inventory', 'How to suppress a finding', 'workflow run'];
    const positions = order.map((text) => body.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain(`[compose\\.yaml&#58;4](https://github.com/owner/repo/blob/${'a'.repeat(40)}/compose.yaml#L4)`);
    expect(body).toContain('| [CIS Docker Benchmark 5\\.5](https://www.cisecurity.org/benchmark/docker) | 1 | container\\-privileged |');
    expect(body).toContain('https://github.com/owner/repo/actions/runs/4242');
    expect(body).toMatch(/### Inventory\n\n<details><summary>/);
    // The token is masked before anything else, and never printed.
    expect(first.stdout).toContain('::add-mask::ghs_fake-token-0123456789');
    expect(first.stdout.split('::add-mask::ghs_fake-token-0123456789').join('')).not.toContain('ghs_fake-token');

    // A second push: a new finding changes the body, so the same comment is updated.
    const second = await runAction(step.workspace, { apiUrl: step.github.url, pullRequest: { number: 7, headSha: 'd'.repeat(40) }, env: { GITHUB_RUN_ID: '4243' } });
    expect(second.code).toBe(1);
    const unchangedPatches = step.github.requests.filter((request) => request.method === 'PATCH');
    expect(unchangedPatches).toHaveLength(0);

    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${step.workspace}/compose.yaml`, `${PRIVILEGED_COMPOSE}    pid: host\n`);
    const third = await runAction(step.workspace, { apiUrl: step.github.url, env: { GITHUB_RUN_ID: '4244' } });
    expect(third.code).toBe(1);
    const patches = step.github.requests.filter((request) => request.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.path).toBe(`/repos/owner/repo/issues/comments/${mine()[0]?.id}`);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]?.body).toContain('container\\-host\\-namespace');
    expect(mine()[0]?.body).toContain('actions/runs/4244');
    // The human's comment with the marker was never touched.
    expect((step.github.comments.get(7) ?? []).find((comment) => comment.user.login === 'octocat' && comment.body.startsWith(MARKER))?.body).toContain("don't edit");
    // Every page was read each time: two pages of 100.
    expect(step.github.requests.filter((request) => request.method === 'GET' && request.query.get('page') === '2')).toHaveLength(3);
  });

  it('says so when a later push clears every finding, and creates none for a clean first run', async () => {
    const clean = await makeWorkspace({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' , '.github/containment.yml': 'packs:\n  docker: false\n'});
    // No base revision is served, so without trust-pr-config the built-in defaults would judge.
    const none = await runAction(clean, { apiUrl: step.github.url, inputs: { 'trust-pr-config': 'true' } });
    expect(none.code).toBe(0);
    expect(step.github.writes()).toHaveLength(0);

    await runAction(step.workspace, { apiUrl: step.github.url });
    expect(step.github.writes()).toHaveLength(1);
    const fixed = await runAction(clean, { apiUrl: step.github.url, inputs: { 'trust-pr-config': 'true' } });
    expect(fixed.code).toBe(0);
    const body = step.github.comments.get(7)?.[0]?.body ?? '';
    expect(body).toContain('## ✅ Containment: passed');
    expect(body).toContain('All findings reported earlier on this pull request are fixed.');
    expect(step.github.comments.get(7)).toHaveLength(1);
    await rm(clean, { recursive: true, force: true });
  });

  it('keeps separate comments for two steps with different keys, and none on a push', async () => {
    await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'comment-key': 'api' } });
    await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'comment-key': 'web' } });
    const bodies = (step.github.comments.get(7) ?? []).map((comment) => comment.body.split('\n')[0]);
    expect(bodies).toEqual(['<!-- containment:api -->', '<!-- containment:web -->']);
    await runAction(step.workspace, { apiUrl: step.github.url, event: 'push' });
    expect(step.github.comments.get(7)).toHaveLength(2);
  });
});
