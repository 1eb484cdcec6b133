import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedHazards } from '../report/github/rendered-markdown.js';
import { FakeGitHub } from './fake-github.js';
import { makeWorkspace, runAction } from './run-action.js';

let github: FakeGitHub;
beforeAll(async () => {
  github = await new FakeGitHub().start();
});
afterAll(() => github.stop());

const BASE = 'services:\n  legacy:\n    image: nginx:1.27\n';
const patchFor = (lines: string[]) => `@@ -3,0 +4,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}`;

describe('suggested fixes for a service whose name holds runs of backticks', () => {
  it.each([
    ['```@acme/security-team <img src=https://evil.example/p.png> [Approve](https://evil.example)`', 41],
    ['db ````` @acme/team ![x](https://evil.example/x.png) `` <b>x</b> `', 42],
  ])('render the name as text in every review comment: %j', async (name, pull) => {
    const added = [`  "${name}":`, '    image: nginx:1.27'];
    github.pullFiles = [{ filename: 'compose.yaml', status: 'modified', patch: patchFor(added) }];
    github.baseContents.set('compose.yaml', BASE);
    const workspace = await makeWorkspace({ 'compose.yaml': `${BASE}${added.join('\n')}\n` });
    await runAction(workspace, { apiUrl: github.url, pullRequest: { number: pull, headSha: 'd'.repeat(40) } });
    const posted = github.reviewComments.filter((comment) => comment.pull === pull);
    expect(posted.length).toBeGreaterThan(2);
    for (const { body } of posted) {
      const prose = body.slice(0, body.indexOf('```suggestion'));
      // The rule's own help link is the one link a suggestion may hold.
      expect(renderedHazards(prose), prose).toEqual([]);
    }
  });
});
