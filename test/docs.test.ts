import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixExampleDiff } from '../src/commands/fix-example.js';
import { loadBuiltinPacks } from '../src/policy/builtin-packs.js';
import { CORE_PACK } from '../src/policy/problem-rules.js';
import type { Rule } from '../src/policy/rule.js';
import { formatEquivalentsDoc } from '../src/report/docs/equivalents-doc.js';
import { formatRuleDoc } from '../src/report/docs/rule-doc.js';

const folder = new URL('../docs/rules/', import.meta.url);
const rules = [...loadBuiltinPacks(), CORE_PACK].flatMap((pack) => pack.rules);

describe('docs/rules', () => {
  it.each(rules.map((rule) => [rule.id, rule] as const))('%s.md is generated from the rule (run `npm run docs`)', async (id, rule) => {
    const file = new URL(`${id}.md`, folder);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(formatRuleDoc(rule, 'schema' in rule ? await fixExampleDiff(rule as Rule) : undefined));
  });

  it('holds no page for a rule that no longer exists', () => {
    const pages = readdirSync(folder).map((name) => name.replace(/\.md$/, ''));
    expect(pages.filter((page) => !rules.some((rule) => rule.id === page))).toEqual([]);
  });

  it('shows the rule’s own examples with their positions', () => {
    const doc = formatRuleDoc(rules.find((rule) => rule.id === 'container-privileged')!);
    expect(doc).toContain('Reported at line 4, column 5: `compose.yaml`');
    expect(doc).toContain('privileged: true');
    expect(doc).toContain('- [CIS Docker Benchmark v1.6.0 — 5.5](https://www.cisecurity.org/benchmark/docker)');
  });
});

describe('docs/equivalents.md', () => {
  it('is generated from the rules’ equivalents (run `npm run docs`)', () => {
    const page = readFileSync(new URL('../docs/equivalents.md', import.meta.url), 'utf8');
    expect(page).toBe(formatEquivalentsDoc(rules));
    expect(page).toContain('| [`dockerfile-shell-form-cmd`](rules/dockerfile-shell-form-cmd.md) | low | `DL3025` | `JSONArgsRecommended` |');
  });
});
