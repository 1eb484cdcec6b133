import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { type ActionRun, makeWorkspace, runAction } from './run-action.js';

/** A service name an attacker controls: a mass mention, HTML, a table break and a workflow command. */
const HOSTILE = '@everyone <img src=x> | ::error::';

let github: FakeGitHub;
let workspace: string;
let run: ActionRun;

beforeAll(async () => {
  github = await new FakeGitHub().start();
  workspace = await makeWorkspace({
    'compose.yaml': `services:\n  "${HOSTILE}":\n    image: "evil.example/x:1\\n::error::injected"\n    privileged: true\n`,
  });
  run = await runAction(workspace, { apiUrl: github.url });
});

afterAll(async () => {
  await github.stop();
  await rm(workspace, { recursive: true, force: true });
});

describe('names from the repository', () => {
  it('are escaped in the comment and the job summary: no mention, no HTML, no broken table', () => {
    const body = github.comments.get(7)?.[0]?.body ?? '';
    for (const markdown of [body, run.summary]) {
      expect(markdown).toContain('@&#8203;everyone &lt;img src=x&gt; \\| &#58;&#58;error&#58;&#58;');
      expect(markdown).not.toContain('@everyone');
      expect(markdown).not.toContain('<img');
      for (const row of markdown.split('\n').filter((line) => line.startsWith('| [container'))) {
        expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
      }
    }
  });

  it('cannot inject workflow commands through annotations or logs', () => {
    // @actions/core escapes annotation data (%, CR, LF) and properties (also : and ,).
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    for (const line of commands) expect(line).toMatch(/^::(error|warning|notice|add-mask|debug)( [^:]*)?::/);
    expect(commands.filter((line) => line.includes('injected'))).not.toHaveLength(0);
    expect(run.stdout).not.toMatch(/^::error::injected/m);
    expect(run.stdout).toMatch(/^::error title=Container runs privileged \(critical%2C container-privileged\),file=compose\.yaml,/m);
    const hostileMessage = commands.find((line) => line.includes('everyone'));
    expect(hostileMessage).toContain('@everyone <img src=x> | ::error::');
    expect(hostileMessage?.startsWith('::error ')).toBe(true);
  });
});

describe('dollar signs from the repository', () => {
  it('cannot open a math formula in the comment or the job summary', async () => {
    const github2 = await new FakeGitHub().start();
    const dollars = await makeWorkspace({ 'compose.yaml': 'services:\n  "cost$x^2$and$$y$$":\n    image: nginx:1.27\n    privileged: true\n' });
    try {
      const run2 = await runAction(dollars, { apiUrl: github2.url });
      const body = github2.comments.get(7)?.[0]?.body ?? '';
      for (const markdown of [body, run2.summary]) {
        expect(markdown).toContain('cost<span>$</span>x^2<span>$</span>and<span>$</span><span>$</span>y<span>$</span><span>$</span>');
        // Every $ that reaches the markdown is one GitHub shows as a character.
        expect(markdown.replaceAll('<span>$</span>', '')).not.toMatch(/\$(?!\{\{)/);
      }
    } finally {
      await github2.stop();
      await rm(dollars, { recursive: true, force: true });
    }
  }, 60_000);
});
