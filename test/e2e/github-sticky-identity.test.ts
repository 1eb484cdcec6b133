import { describe, expect, it } from 'vitest';
import { freshRunPerTest, PRIVILEGED_COMPOSE, runAction } from './run-action.js';

/**
 * With GITHUB_TOKEN, `GET /user` answers 403, so Containment cannot ask who it is: then only a
 * comment by `github-actions[bot]` carrying the marker is its own. Another bot (any app installed
 * on the repository) or a person who pastes the marker never gets their comment rewritten.
 */
const step = freshRunPerTest({ 'compose.yaml': PRIVILEGED_COMPOSE });
const MARKER = '<!-- containment:k -->';

describe('the sticky comment without GET /user', () => {
  it.each([
    ['another app', { login: 'helpful-app[bot]', id: 99, type: 'Bot' as const }],
    ['a person', { login: 'mallory', id: 5, type: 'User' as const }],
  ])("leaves %s's comment with the marker alone and writes its own", async (_who, user) => {
    step.github.seedComments(7, [`${MARKER}\nplanted`], user);
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'comment-key': 'k' } });
    expect(run.stdout).toMatch(/Pull-request comment created/);
    const comments = step.github.comments.get(7) ?? [];
    expect(comments.find((c) => c.user.login === user.login)?.body).toBe(`${MARKER}\nplanted`);
    expect(step.github.writes().filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect(comments.filter((c) => c.user.login === 'github-actions[bot]' && c.body.startsWith(MARKER))).toHaveLength(1);
  }, 60_000);

  it("updates github-actions[bot]'s own comment in place", async () => {
    step.github.seedComments(7, [`${MARKER}\nan earlier run`], { login: 'github-actions[bot]', id: 41898282, type: 'Bot' });
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'comment-key': 'k' } });
    expect(run.stdout).toMatch(/Pull-request comment updated/);
    expect(step.github.comments.get(7)).toHaveLength(1);
    expect(step.github.comments.get(7)?.[0]?.body).toContain('container\\-privileged');
  }, 60_000);

  it('with a token that may call GET /user, its own login is the one that counts', async () => {
    step.github.userLogin = 'ci-user';
    step.github.seedComments(7, [`${MARKER}\nfrom the bot`], { login: 'github-actions[bot]', id: 41898282, type: 'Bot' });
    step.github.seedComments(7, [`${MARKER}\nfrom the PAT`], { login: 'ci-user', id: 7, type: 'User' });
    await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'comment-key': 'k' } });
    const comments = step.github.comments.get(7) ?? [];
    expect(comments.find((c) => c.user.login === 'github-actions[bot]')?.body).toBe(`${MARKER}\nfrom the bot`);
    expect(comments.find((c) => c.user.login === 'ci-user')?.body).toContain('container\\-privileged');
  }, 60_000);
});
