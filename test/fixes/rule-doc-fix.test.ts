import { expect, it } from 'vitest';
import { fixExampleDiff } from '../../src/commands/fix-example.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { formatRuleDoc } from '../../src/report/docs/rule-doc.js';

const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);
const rule = (id: string) => rules.find((r) => r.id === id)!;

it("a fixable rule's page shows its fix, its label, what to check, and the fix applied to its example", async () => {
  const restart = rule('container-restart-policy');
  const page = formatRuleDoc(restart, await fixExampleDiff(restart));
  const section = page.slice(page.indexOf('## Automatic fix'), page.indexOf('## Examples'));
  expect(section).toContain('(`compose-set-key`, `key: restart`, `value: on-failure:5`)');
  expect(section).toContain('Label: **changes behaviour**. Before accepting it: The service then stops after five failed starts');
  expect(section).toMatch(/```diff\n@@ -\d+,\d+ \+\d+,\d+ @@\n[\s\S]*\n-\s+restart: always\n\+\s+restart: "on-failure:5"\n/);
  expect(page.indexOf('## How to fix it')).toBeLessThan(page.indexOf('## Automatic fix'));
});

it('a resolved fix says it needs --resolve and shows no diff; a rule without a fix has no section', async () => {
  const pin = rule('image-not-pinned-by-digest');
  const page = formatRuleDoc(pin, await fixExampleDiff(pin));
  expect(page).toContain('`containment fix --resolve` can make this change (`image-pin-digest`)');
  expect(page).toContain('Label: **safe**');
  expect(page).not.toContain('```diff');
  const privileged = rule('container-privileged');
  expect(formatRuleDoc(privileged, await fixExampleDiff(privileged))).not.toContain('## Automatic fix');
});
