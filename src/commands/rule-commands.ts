import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadBuiltinPacks } from '../policy/builtin-packs.js';
import { withCustomPacks } from '../policy/custom-packs.js';
import { CORE_PACK } from '../policy/problem-rules.js';
import type { Pack, Rule } from '../policy/rule.js';
import { formatEquivalentsDoc } from '../report/docs/equivalents-doc.js';
import { formatFrameworkView } from '../report/docs/framework-view.js';
import { formatRuleDoc } from '../report/docs/rule-doc.js';
import { formatRulesMarkdown } from '../report/rules-markdown.js';
import { formatRulesTable } from '../report/rules-table.js';
import type { DocsCommand, RulesCommand, TestPackCommand } from '../settings/settings.js';
import { UsageError } from '../settings/settings.js';
import { fixExampleDiff } from './fix-example.js';
import { formatPackTestReport, packTestExitCode, testPack } from './test-pack.js';

/**
 * The commands that describe rules rather than scan: each writes its output through `write` (standard
 * output, or standard error for `docs`, whose output is files) and returns an exit code.
 */

function packs(dirs: readonly string[]): Pack[] {
  return withCustomPacks(loadBuiltinPacks(), dirs);
}

export function runRules(settings: RulesCommand, write: (text: string) => void): number {
  const all = packs(settings.packs);
  const text = settings.framework
    ? formatFrameworkView(all, settings.framework)
    : settings.format === 'markdown'
      ? formatRulesMarkdown([...all, CORE_PACK])
      : settings.format === 'equivalents'
        ? formatEquivalentsDoc(all.flatMap((pack) => pack.rules))
        : formatRulesTable([...all, CORE_PACK]);
  write(text);
  return 0;
}

export async function runExplain(settings: Extract<DocsCommand, { command: 'explain' }>, write: (text: string) => void): Promise<number> {
  const rules = [...packs(settings.packs), CORE_PACK].flatMap((pack) => pack.rules);
  const rule = rules.find((r) => r.id === settings.ruleId);
  if (!rule) {
    const near = rules.filter((r) => r.id.includes(settings.ruleId) || distance(r.id, settings.ruleId) <= 3).map((r) => r.id);
    throw new UsageError(`No rule '${settings.ruleId}'.${near.length ? ` Did you mean ${near.join(', ')}?` : " 'containment rules' lists them."}`);
  }
  write(formatRuleDoc(rule, 'schema' in rule && 'message' in rule ? await fixExampleDiff(rule as Rule) : undefined));
  return 0;
}

/** Writes one page per rule into a folder: the same pages `docs/rules/` holds for the built-in packs. */
export async function runDocs(settings: Extract<DocsCommand, { command: 'docs' }>, write: (text: string) => void): Promise<number> {
  const rules = [...packs(settings.packs), CORE_PACK].flatMap((pack) => pack.rules);
  await mkdir(settings.out, { recursive: true });
  await Promise.all(rules.map(async (rule) => writeFile(join(settings.out, `${rule.id}.md`), formatRuleDoc(rule, 'schema' in rule && 'message' in rule ? await fixExampleDiff(rule as Rule) : undefined))));
  write(`Wrote ${rules.length} rule pages to ${settings.out}\n`);
  return 0;
}

/** Exit 0 when every example passes, 1 when one fails or a rule lacks a kind of example, 2 when the pack does not load. */
export async function runTestPack(settings: TestPackCommand, write: (text: string) => void): Promise<number> {
  const report = await testPack(settings.dir, settings.shown);
  write(formatPackTestReport(report));
  return packTestExitCode(report);
}

/** Edit distance, for "did you mean" on a mistyped rule id. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
