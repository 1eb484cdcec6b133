import { readFile, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freshRunPerTest, makeWorkspace, PRIVILEGED_COMPOSE, runAction } from './run-action.js';

const step = freshRunPerTest({ 'compose.yaml': PRIVILEGED_COMPOSE });

describe('when GitHub refuses or fails', () => {
  it('warns once on a 403 naming the permission, and reports everything else as before', async () => {
    step.github.failures.push({ method: 'POST', path: /\/issues\/7\/comments$/, status: 403, message: 'Resource not accessible by integration' });
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { 'fail-on': 'none' }, pullRequest: { number: 7, headSha: 'a'.repeat(40), fork: true } });
    expect(run.code).toBe(0);
    const warnings = run.stdout.match(/^::warning.*$/gm) ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('could not comment on pull request #7 (HTTP 403: Resource not accessible by integration): the token lacks the `pull-requests: write` permission.');
    expect(warnings[0]).toContain('comes from a fork');
    expect(run.summary).toContain('## ✅ Containment: passed');
    expect(run.summary).toContain('container\\-privileged');
    expect(run.stdout).toMatch(/^::error title=Container runs privileged/m);
    expect(run.outputs.critical).toBe('1');
    const report = JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8'));
    expect(report.counts.critical).toBe(1);
  });

  it('a 403 fails nothing that fail-on did not fail', async () => {
    step.github.failures.push({ method: 'POST', path: /\/issues\/7\/comments$/, status: 403, message: 'Resource not accessible by integration' });
    const run = await runAction(step.workspace, { apiUrl: step.github.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Containment found 1 finding at or above fail-on 'high'/m);
    expect(run.stdout).toContain('Add `permissions: pull-requests: write` to the job');
  });

  it('retries a 500 and a secondary rate limit (honouring retry-after), then succeeds', async () => {
    step.github.failures.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 500, message: 'Server Error' });
    step.github.failures.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      headers: { 'retry-after': '2' },
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    });
    const run = await runAction(step.workspace, { apiUrl: step.github.url });
    expect(run.code).toBe(1);
    const calls = step.github.requests.filter((request) => request.path === '/repos/owner/repo/issues/7/comments').map((request) => request.method);
    expect(calls).toEqual(['GET', 'GET', 'POST', 'POST']);
    expect(step.github.comments.get(7)).toHaveLength(1);
    expect(run.stdout).toMatch(/secondary rate limit was reached for POST .*retry 1 after 2 s/);
    expect(run.stdout).not.toMatch(/^::warning/m);
  });

  it('keeps the comment under 65,536 characters, cutting the least severe findings first', async () => {
    const services = Array.from({ length: 40 }, (_, index) => `  service-with-a-long-name-${String(index).padStart(3, '0')}-${'x'.repeat(60)}:\n    image: nginx:1.27\n    privileged: true\n`);
    await rm(step.workspace, { recursive: true, force: true });
    // Four files of ten services: each stays under the cap of findings per file (src/select/findings-cap.ts).
    const files = Object.fromEntries(['a', 'b', 'c', 'd'].map((folder, index) => [`${folder}/compose.yaml`, `services:\n${services.slice(index * 10, index * 10 + 10).join('')}`]));
    step.workspace = await makeWorkspace(files);
    // min-severity info: every finding competes for the room, so the cut is what is tested.
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { annotations: 'commands', 'min-severity': 'info' } });
    expect(run.code).toBe(1);
    const body = step.github.comments.get(7)?.[0]?.body ?? '';
    expect(body.length).toBeGreaterThan(60_000);
    expect(body.length).toBeLessThanOrEqual(65_536);
    const note = body.match(/> \[!NOTE\]\n> \d+ findings \(([^)]*)\) are not listed here: this report is kept under GitHub's size limit, least severe findings cut first\./);
    expect(note?.[1]).toMatch(/^(\d+ low, )?\d+ info$/);
    // Every critical finding is still listed; the job summary (1 MiB) has them all.
    expect(body.match(/🟣 critical \| \[/g)).toHaveLength(40);
    expect(run.summary).not.toContain('are not listed here');
  });
});
