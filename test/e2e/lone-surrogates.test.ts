import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshRunPerTest, runAction } from './run-action.js';

/** Half a surrogate pair with no other half: what a YAML "\ud83d" escape in a name gives. */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const step = freshRunPerTest({ 'compose.yaml': 'services:\n  "web\\ud83d":\n    image: nginx:1.27\n    privileged: true\n' });

describe('a name holding a lone surrogate (a YAML "\\ud83d" escape)', () => {
  it('reaches GitHub and the SARIF file as U+FFFD', async () => {
    const { github, workspace } = step;
    const run = await runAction(workspace, { apiUrl: github.url, inputs: { annotations: 'check-run', 'sarif-file': 'out.sarif' } });
    expect(run.code).toBe(1);
    const comment = github.comments.get(7)?.[0]?.body ?? '';
    expect(comment).toContain('web\ufffd');
    const [checkRun] = github.checkRuns;
    for (const text of [comment, checkRun?.summary ?? '', JSON.stringify(checkRun?.annotations ?? [])]) expect(text).not.toMatch(LONE);
    const sarif = await readFile(join(workspace, 'out.sarif'), 'utf8');
    expect(sarif).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    expect(sarif).toContain('web\ufffd');
    // The log shows it as an escape (plain-text.ts).
    expect(run.stdout).not.toMatch(LONE);
  });
});
