import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

/**
 * GitHub refuses a comment over 65,536 characters (and a check run's summary over 65,535) with 422,
 * and then keeps the comment an earlier run left: a pull request must not be able to grow a part
 * of the report past the limit and keep an earlier "passed" in place of its own "failed".
 */
const PACK = 'id: acme\ntitle: Acme rules\ndescription: Our own rules.\nversion: 1.0.0\n';
const services = (count: number) => `services:\n${Array.from({ length: count }, (_, i) => `  service${i}:\n    image: nginx:1.27\n`).join('')}`;
const CLEAN = 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n';
const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    privileged: true\n';

describe('a pull request whose report would pass GitHub size limits', () => {
  const gate = pullRequestGate(7);
  const comment = () => {
    const comments = gate.github().comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    return comments[0]!.body;
  };

  it('that deletes many findings still replaces an earlier verdict, naming what fits of the fixed ones', async () => {
    const base = { 'legacy/a/compose.yaml': services(40), 'legacy/b/compose.yaml': services(40), 'compose.yaml': CLEAN };
    const first = await gate({ base, head: { 'compose.yaml': CLEAN.replace('1.27', 'latest') } });
    expect(first.code).toBe(0);
    expect(comment()).toContain('✅ Containment: passed');
    const run = await gate({ base, head: { 'legacy/a/compose.yaml': null, 'legacy/b/compose.yaml': null, 'compose.yaml': PRIVILEGED }, inputs: { annotations: 'check-run' } });
    expect(run.code).toBe(1);
    const body = comment();
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('❌ Containment: failed');
    expect(body).toContain('### Fixed by this pull request');
    expect(body).toMatch(/\d+ more fixed findings are not named here, to keep this comment within GitHub's size limit\./);
    expect(run.stdout).toMatch(/^Pull-request comment updated: /m);
    // The check run carries the same report as its summary, within its own limit.
    expect(gate.github().checkRuns).toHaveLength(1);
    expect(gate.github().checkRuns[0]?.summary).toContain('❌ Containment: failed');
  }, 120_000);
});

describe('a pull request that adds many long paths under a custom pack', () => {
  const gate = pullRequestGate(8);
  it('names the first of them and counts the rest, in the comment and the check run', async () => {
    const segment = (i: number) => Array.from({ length: 15 }, (_, k) => `${String(i).padStart(3, '0')}${k}${'x'.repeat(240)}`).join('/');
    const head: Record<string, string> = { 'compose.yaml': PRIVILEGED };
    for (let i = 0; i < 20; i++) head[`policies/acme/${segment(i)}/f`] = 'x';
    const run = await gate({ base: { 'policies/acme/pack.yaml': PACK, 'compose.yaml': CLEAN }, head, inputs: { policies: 'policies/acme', annotations: 'check-run' } });
    expect(run.code).toBe(1);
    const [comment] = gate.github().comments.get(8) ?? [];
    expect(comment?.body.length).toBeLessThanOrEqual(65_536);
    expect(comment?.body).toContain('❌ Containment: failed');
    expect(comment?.body).toMatch(/This pull request changes `policies\/acme\/000[^`]*…[^`]*\/f`, .* and 10 more files among them; it was judged with the base branch's version/);
    expect(gate.github().checkRuns).toHaveLength(1);
    expect(gate.github().checkRuns[0]?.summary).toContain('and 10 more files among them');
    expect(run.summary).toContain('and 10 more files among them');
  }, 120_000);
});

describe('a comment GitHub refuses anyway (422)', () => {
  const gate = pullRequestGate(9);
  it('is replaced by the verdict alone, never left with an earlier verdict', async () => {
    const base = { 'compose.yaml': CLEAN };
    expect((await gate({ base, head: { 'compose.yaml': CLEAN.replace('1.27', 'latest') } })).code).toBe(0);
    expect(gate.github().comments.get(9)?.[0]?.body).toContain('✅ Containment: passed');
    gate.github().failures.push({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 422, message: 'Validation Failed' });
    const run = await gate({ base, head: { 'compose.yaml': PRIVILEGED } });
    expect(run.code).toBe(1);
    const comments = gate.github().comments.get(9) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('❌ Containment: failed');
    expect(comments[0]?.body).toContain("The full report did not fit under GitHub's size limit. The job summary");
    expect(run.stdout).toMatch(/^::warning::GitHub refused Containment's report as the comment on pull request #9 \(HTTP 422: Validation Failed\); the comment \(updated: /m);
  }, 120_000);

});

describe('a first comment GitHub refuses (422)', () => {
  const gate = pullRequestGate(10);
  it('is created with the verdict alone', async () => {
    gate.github().failures.push({ method: 'POST', path: /\/issues\/10\/comments$/, status: 422, message: 'Validation Failed' });
    const run = await gate({ base: { 'compose.yaml': CLEAN }, head: { 'compose.yaml': PRIVILEGED } });
    expect(run.code).toBe(1);
    const comments = gate.github().comments.get(10) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('❌ Containment: failed');
    expect(comments[0]?.body).toContain("The full report did not fit under GitHub's size limit.");
  }, 120_000);
});
