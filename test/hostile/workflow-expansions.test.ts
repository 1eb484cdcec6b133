// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/documents/workflow-document.js';
import type { WorkflowStep } from '../../src/subjects/workflow-step.js';

describe('following env: and matrix values into scripts', () => {
  // A thousand env values that each expand the whole env: following every path to depth 4 would be
  // 10^12 steps; each env value is expanded once per reference instead. Generous bound: a regression
  // takes hours, not seconds.
  it('stays linear when env values name each other', () => {
    const env = Array.from({ length: 1000 }, (_, i) => `  E${i}: \${{ toJSON(env) }} \${{ env.E${(i + 1) % 1000} }}`);
    const steps = Array.from({ length: 50 }, (_, i) => `      - run: echo "\${{ env.E${i} }}" "\${{ toJSON(env) }}"`);
    const text = ['on: issues', 'env:', ...env, '  TITLE: ${{ github.event.issue.title }}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps, ''].join('\n');
    const doc = parseWorkflow('.github/workflows/x.yml', text, 'workflow');
    const first = doc.subjects.find((s) => s.type === 'workflow.step')!.value as WorkflowStep;
    expect(first.expansions).toContainEqual({ input: 'run', context: 'github.event.issue.title', via: 'env' });
  }, 20_000);
});
