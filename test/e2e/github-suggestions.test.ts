import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../support/git-repo.js';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, runAction } from './run-action.js';

// A pull request adds a service with no hardening: its fixes are posted as one review with
// suggestion blocks on the lines it adds; re-runs edit those comments instead of repeating them.
const BASE = 'services:\n  legacy:\n    image: nginx:1.27\n';
const ADDED = ['  web:', '    image: nginx:1.27', '    restart: always', '    ports:', '      - "8080:80"'];
const HEAD = `${BASE}${ADDED.join('\n')}\n`;
const patchFor = (lines: string[]) => `@@ -3,0 +4,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}`;
const headSha = (c: string) => c.repeat(40);

let github: FakeGitHub;
beforeAll(async () => {
  github = await new FakeGitHub().start();
});
afterAll(() => github.stop());

describe('suggested fixes as one pull-request review', () => {
  it('posts one review, leaves it alone when nothing changed, and withdraws a fixed finding\'s suggestion', async () => {
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(ADDED) }];
    github.baseContents.set('compose.yaml', BASE);
    const workspace = await makeWorkspace({ 'compose.yaml': HEAD });
    const first = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 31, headSha: headSha('d') } });
    expect(first.stderr).toBe('');
    expect(github.reviews).toHaveLength(1);
    const [review] = github.reviews;
    expect(review).toMatchObject({ pull: 31, commit_id: headSha('d'), event: 'COMMENT' });
    const mine = () => github.reviewComments.filter((c) => c.pull === 31);
    const rules = mine().map((c) => /`([a-z-]+)`/.exec(c.body)?.[1]).sort();
    expect(rules).toEqual(['container-capabilities-not-dropped', 'container-no-new-privileges', 'container-port-all-interfaces', 'container-restart-policy', 'container-root-filesystem-writable']);
    const restart = mine().find((c) => c.body.includes('container-restart-policy'))!;
    expect(restart).toMatchObject({ path: 'compose.yaml', line: 6, start_line: null, side: 'RIGHT' });
    expect(restart.body).toMatch(/^<!-- containment-suggestion:ci\/containment\/\.:[0-9a-f]+ -->\n/);
    expect(restart.body).toContain('```suggestion\n    restart: "on-failure:5"\n```');
    expect(restart.body).toContain('⚠️ **Changes behaviour.**');
    // The keys added to the service land after its last line, which the pull request also adds.
    const capDrop = mine().find((c) => c.body.includes('container-capabilities-not-dropped'))!;
    expect(capDrop.line).toBe(8);
    expect(capDrop.body).toContain('```suggestion\n      - "8080:80"\n    cap_drop:\n      - ALL\n```');
    expect(first.stdout).toMatch(/Suggestions: 5 suggestions posted in one review/);

    // The same commit again: nothing is posted or edited.
    const writesBefore = github.writes().filter((r) => r.path.includes('/pulls/')).length;
    await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 31, headSha: headSha('d') } });
    expect(github.reviews).toHaveLength(1);
    expect(github.writes().filter((r) => r.path.includes('/pulls/')).length).toBe(writesBefore);
    expect(mine()).toHaveLength(5);

    // A push that changes what a finding says: its own comment is edited in place, nothing new is posted.
    const changed = ADDED.map((line) => line.replace('restart: always', 'restart: unless-stopped'));
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(changed) }];
    await writeFile(join(workspace, 'compose.yaml'), `${BASE}${changed.join('\n')}\n`);
    const edited = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 31, headSha: headSha('f') } });
    expect(github.reviews).toHaveLength(1);
    expect(mine()).toHaveLength(5);
    expect(mine().find((c) => c.id === restart.id)!.body).toContain('restart policy `unless-stopped`');
    expect(github.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/repos/owner/repo/pulls/comments/')).map((r) => r.path)).toEqual([`/repos/owner/repo/pulls/comments/${restart.id}`]);
    expect(edited.stdout).toMatch(/Suggestions: 1 updated; 4 unchanged\./);

    // The author fixes the restart policy: its suggestion is withdrawn (no block left to apply), the rest stay.
    const fixedLines = ADDED.map((line) => line.replace('restart: always', 'restart: on-failure:3'));
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(fixedLines) }];
    await writeFile(join(workspace, 'compose.yaml'), `${BASE}${fixedLines.join('\n')}\n`);
    const third = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 31, headSha: headSha('e') } });
    expect(github.reviews).toHaveLength(1);
    expect(mine()).toHaveLength(5);
    const withdrawn = mine().find((c) => c.id === restart.id)!;
    expect(withdrawn.body).toContain('<!-- containment-suggestion-withdrawn -->');
    expect(withdrawn.body).not.toContain('```suggestion');
    expect(third.stdout).toMatch(/1 withdrawn \(fixed\)/);
  }, 120_000);

  it('caps the suggestions, most severe first, and says the rest are in the comment', async () => {
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(ADDED) }];
    const workspace = await makeWorkspace({ 'compose.yaml': HEAD });
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 32, headSha: headSha('f') }, inputs: { 'suggestions-max': '2' } });
    const review = github.reviews.find((r) => r.pull === 32)!;
    expect(review.comments).toHaveLength(2);
    expect(review.body).toContain('3 more fixable findings are listed');
    const severities = github.reviewComments.filter((c) => c.pull === 32).map((c) => /^\*\*(\w+)\*\*/m.exec(c.body)?.[1]);
    // low (no-new-privileges, port) before info (cap_drop, read_only, restart).
    expect(severities).toEqual(['low', 'low']);
    expect(run.stdout).toMatch(/3 over the cap of 2/);
  }, 60_000);

  it('degrades to the comment with one notice when a fork\'s token may not review', async () => {
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(ADDED) }];
    github.failures.push({ method: 'POST', path: /\/pulls\/33\/reviews$/, status: 403, message: 'Resource not accessible by integration' });
    const workspace = await makeWorkspace({ 'compose.yaml': HEAD });
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 33, headSha: headSha('a'), fork: true } });
    expect(github.reviews.filter((r) => r.pull === 33)).toEqual([]);
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice::Containment did not post its suggested fixes'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('read-only token');
    expect(run.code).toBe(0);
    // The comment still lists the findings (those at min-severity or above).
    expect((github.comments.get(33) ?? []).some((c) => c.body.includes('container\\-no\\-new\\-privileges'))).toBe(true);
  }, 60_000);

  it("pins an action the pull request adds to its commit, asking GitHub with the Action's token", async () => {
    const workflow = ['on: push', 'permissions: {}', 'jobs:', '  t:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4'];
    github.commits.set('actions/checkout@v4', '11bd71901bbe5b1630ceea73d27597364c9af683');
    github.pullFiles = [{ filename: '.github/workflows/ci.yml', status: 'added', patch: `@@ -0,0 +1,${workflow.length} @@\n${workflow.map((l) => `+${l}`).join('\n')}` }];
    const workspace = await makeWorkspace({ '.github/workflows/ci.yml': `${workflow.join('\n')}\n` });
    await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 35, headSha: headSha('c') } });
    const pin = github.reviewComments.find((c) => c.pull === 35 && c.body.includes('action-not-pinned'))!;
    expect(pin).toMatchObject({ path: '.github/workflows/ci.yml', line: 7 });
    expect(pin.body).toContain('```suggestion\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4\n```');
    expect(github.requests.find((r) => r.path === '/repos/actions/checkout/commits/v4')?.headers.authorization).toBe('Bearer ghs_fake-token-0123456789');
  }, 60_000);

  it('posts nothing with suggestions: false', async () => {
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(ADDED) }];
    const workspace = await makeWorkspace({ 'compose.yaml': HEAD });
    await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 34, headSha: headSha('b') }, inputs: { suggestions: 'false' } });
    expect(github.requests.filter((r) => r.path.startsWith('/repos/owner/repo/pulls/34/') && r.path !== '/repos/owner/repo/pulls/34/files')).toEqual([]);
  }, 60_000);

  it('says so when the fixes of new findings change lines too long to suggest', async () => {
    // One RUN of 3,000 commands, about 88,000 characters: no suggestion can hold that line.
    const run = Array.from({ length: 3000 }, (_, i) => `apt-get install -y pkg${i}`).join(' && ');
    const lines = [`FROM debian:12@sha256:${'a'.repeat(64)}`, `RUN ${run}`];
    github.pullFiles = [{ filename: 'Dockerfile', status: 'added', patch: `@@ -0,0 +1,2 @@\n${lines.map((line) => `+${line}`).join('\n')}` }];
    const workspace = await makeWorkspace({ 'Dockerfile': `${lines.join('\n')}\n` });
    const action = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 36, headSha: headSha('c') } });
    expect(action.stderr).toBe('');
    expect(github.reviews.filter((r) => r.pull === 36)).toEqual([]);
    expect(action.stdout).toMatch(/No suggestions: \d+ new findings on added lines have fixes on lines too long to suggest, which `containment fix` makes\./);
  }, 60_000);
});

describe('a suggestion body', () => {
  it('keeps the fix sentence\'s code spans and escapes what a file could use to format or mention', async () => {
    const { suggestionBody } = await import('../../src/report/github/review-suggestions.js');
    const body = suggestionBody(
      {
        ruleId: 'r',
        severity: 'low',
        title: 't',
        message: 'm',
        path: 'compose.yaml',
        pointer: '',
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
        fingerprint: 'f',
        related: [],
        fix: { label: 'safe', description: 'Add `cap_drop` to @team *web*.', check: 'Check `x`.', edits: [], lines: { start: 1, end: 1, text: 'a ``` b\n````' } },
      },
      'k',
    );
    expect(body).toContain('Add `cap_drop` to @&#8203;team \\*web\\*\\. **Safe.** Check `x`\\.');
    // The fence outgrows any run of backticks in the suggested text, so the block cannot be closed early.
    expect(body).toContain('`````suggestion\na ``` b\n````\n`````');
  });
});

describe('suggestions on GitHub\'s test merge commit', () => {
  // The checkout is refs/pull/N/merge; suggestions go on the head commit's lines (helper-27, issue #17's session).
  const merged = async (mainMoves: boolean) => {
    const workspace = await makeWorkspace({});
    const repo = gitRepo(workspace);
    const fork = repo.commit('fork', { Dockerfile: 'FROM alpine:3.20\n', 'README.md': 'x\n' });
    const baseSha = repo.commit('main moves', mainMoves ? { Dockerfile: '# 1\n# 2\n# 3\n# 4\n# 5\nFROM alpine:3.20\n' } : { 'README.md': 'y\n' });
    repo.git('checkout', '-q', '-b', 'feature', fork);
    const head = repo.commit('head', { Dockerfile: 'FROM alpine:3.20\nADD a /a\nRUN echo 0\n' });
    repo.git('checkout', '-q', '--detach', baseSha);
    repo.git('merge', '-q', '--no-ff', '-m', 'merge', head);
    github.pullFiles = [{ filename: 'Dockerfile', status: 'modified', patch: '@@ -1,0 +2,2 @@\n+ADD a /a\n+RUN echo 0' }];
    const run = await runAction(workspace, { apiUrl: github.url, pullRequest: { number: 77 + (mainMoves ? 1 : 0), headSha: head, baseSha } });
    const posted = github.reviewComments.filter((c) => c.pull === 77 + (mainMoves ? 1 : 0) && c.body.includes('COPY a /a'));
    return { run, posted };
  };

  it('holds back a suggestion whose lines the base branch has moved since the pull request branched', async () => {
    const { run, posted } = await merged(true);
    // In the merge commit ADD is line 7; in the head commit line 7 does not exist, and line 2 is ADD.
    expect(posted).toEqual([]);
    expect(run.stdout).toContain("1 fix is not suggested: the lines it replaces in the merge commit Containment judged are not the same lines in the pull request's head commit");
  }, 60_000);

  it('posts it on its line when the base branch left the file alone', async () => {
    const { posted } = await merged(false);
    expect(posted.map((c) => c.line)).toEqual([2]);
  }, 60_000);
});
