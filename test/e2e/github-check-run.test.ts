import { describe, expect, it } from 'vitest';
import { freshRunPerTest, manyServices, runAction } from './run-action.js';

// The fake API serves no base revision, so the step would judge with the built-in defaults (fail
// closed); these tests are about annotations, so they trust the checkout's config explicitly.
const step = freshRunPerTest(manyServices(50));

describe('annotations beyond GitHub’s per-step caps', () => {
  it('annotates nothing below min-severity (low by default), and says how many it counted instead', async () => {
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { comment: 'false', 'trust-pr-config': 'true' } });
    expect(run.code).toBe(1);
    const [checkRun] = step.github.checkRuns;
    // 50 critical + 50 low annotated; the 50 info findings (no CPU limit) are counted, not annotated.
    expect(checkRun?.annotations).toHaveLength(100);
    expect(run.stdout).toMatch(/^50 findings below min-severity low \(50 info\) are counted, not listed/m);
    expect(run.outputs.findings).toBe('150');
  });

  it('puts all 150 findings, one annotation per line, in a "Containment" check run, 50 per request, and says so', async () => {
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { comment: 'false', 'trust-pr-config': 'true', 'min-severity': 'info' } });
    expect(run.code).toBe(1);
    const requests = step.github.requests.filter((request) => request.path.startsWith('/repos/owner/repo/check-runs'));
    expect(requests.map((request) => request.method)).toEqual(['POST', 'PATCH']);
    const sizes = requests.map((request) => (request.body as { output: { annotations: unknown[] } }).output.annotations.length);
    // 50 services: the privileged line and the service's name line (its hardening gaps merged).
    expect(sizes).toEqual([50, 50]);
    const [checkRun] = step.github.checkRuns;
    expect(checkRun).toMatchObject({ name: 'Containment', head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'failure' });
    expect(checkRun?.annotations).toHaveLength(100);
    // Most severe first, and the levels the Checks API knows.
    expect(checkRun?.annotations[0]).toMatchObject({ path: 'compose.yaml', annotation_level: 'failure', start_line: 4, end_line: 4, start_column: 5 });
    expect(new Set(checkRun?.annotations.map((annotation) => (annotation as { annotation_level: string }).annotation_level))).toEqual(new Set(['failure', 'notice']));
    expect(checkRun?.summary).toContain('## ❌ Containment: failed');
    expect(checkRun?.summary.length).toBeLessThanOrEqual(65_535);
    // Workflow commands within the caps (9 errors: one slot is kept for the failure message), then the notice.
    expect(run.stdout.match(/^::error /gm)).toHaveLength(9);
    expect(run.stdout).toMatch(/^::notice::Containment found 150 findings \(one annotation per line\); .* The "Containment" check run annotates all 100 places: https:\/\/github\.com\/owner\/repo\/runs\/\d+$/m);
    expect(run.outputs.findings).toBe('150');
  });

  it('without checks: write, says how many were left out and where they are', async () => {
    step.github.failures.push({ method: 'POST', path: /check-runs$/, status: 403, message: 'Resource not accessible by integration' });
    const run = await runAction(step.workspace, { apiUrl: step.github.url, inputs: { comment: 'false', 'trust-pr-config': 'true', 'min-severity': 'info' } });
    expect(run.code).toBe(1);
    expect(step.github.checkRuns).toHaveLength(0);
    expect(run.stdout).toMatch(/^::notice::Containment found 150 findings \(one annotation per line\); .*so 82 lines are not annotated here\. A check run would carry them all, but the token may not write checks \(it needs `checks: write`.*The job summary and the SARIF report list every finding\.$/m);
    expect(run.stdout).not.toMatch(/^::warning/m);
  });
});
