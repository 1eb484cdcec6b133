import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../src/documents/compose-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { testRule } from '../support/test-rule.js';

const rule = (message: string) => testRule({ id: 'privileged', message, schema: { properties: { privileged: { not: { const: true } } } } });

describe('{{origin}} in a message template', () => {
  it('is built only for templates that write it, however they space it', () => {
    const uses = (message: string) => compileRules([rule(message)])[0]!.usesOrigin;
    expect(uses('{{name}} runs privileged.')).toBe(false);
    expect(uses('{{name}} runs {{origin.privileged}}.')).toBe(true);
    expect(uses('{{name}} runs {{ origin.privileged }}.')).toBe(true);
    expect(uses('{{name}} runs {{origin}}.')).toBe(true);
    expect(uses('{{name}} runs {{ origin }}.')).toBe(true);
    // Other variables whose names start with the same letters.
    expect(uses('{{originals}} and {{origin-x}}')).toBe(false);
  });

  it('fills `{{ origin }}` and `{{origin.x}}` in the finding, leaving no placeholder', () => {
    const document = parseCompose('compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
    for (const message of ['{{name}}: {{ origin }}', '{{name}} sets {{key}}{{origin.privileged}}']) {
      const [finding] = evaluate([document], compileRules([rule(message)]));
      expect(finding?.message.startsWith('web')).toBe(true);
      expect(finding?.message).not.toMatch(/\{\{/);
    }
  });
});
