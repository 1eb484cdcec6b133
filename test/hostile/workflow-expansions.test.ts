// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/documents/workflow-document.js';
import type { WorkflowStep } from '../../src/subjects/workflow-step.js';

describe('following env: and matrix values into scripts', () => {
  // 250 env values that each expand the whole env: following every path to depth 4 would be
  // 4·10^9 steps; each env value is expanded once per reference instead. Generous bound: a
  // regression takes hours, not seconds. (Measured: 250 values and 10 steps parse in 0.06 s; the
  // 1,000 values and 50 steps this test once used took 5 s, without proving more.)
  it('stays linear when env values name each other', () => {
    const env = Array.from({ length: 250 }, (_, i) => `  E${i}: \${{ toJSON(env) }} \${{ env.E${(i + 1) % 250} }}`);
    const steps = Array.from({ length: 10 }, (_, i) => `      - run: echo "\${{ env.E${i} }}" "\${{ toJSON(env) }}"`);
    const text = ['on: issues', 'env:', ...env, '  TITLE: ${{ github.event.issue.title }}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps, ''].join('\n');
    const doc = parseWorkflow('.github/workflows/x.yml', text, 'workflow');
    const first = doc.subjects.find((s) => s.type === 'workflow.step')!.value as WorkflowStep;
    expect(first.expansions).toContainEqual({ input: 'run', context: 'github.event.issue.title', via: 'env' });
  }, 20_000);
});
