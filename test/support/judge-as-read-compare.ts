import { expect } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { memoryTree } from '../../src/discover/memory-tree.js';
import type { SourceTree } from '../../src/discover/source-tree.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { collectInventory } from '../../src/evaluate/inventory.js';
import { judgeAsRead } from '../../src/pipeline/judge-as-read.js';
import { parseProject } from '../../src/pipeline/parse-project.js';
import type { ScanBudget } from '../../src/pipeline/scan-budget.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules));

/** Everything a report shows of a finding, in order (the order a report lists them in). */
const shown = (findings: readonly Finding[]) =>
  findings.map((f) => [f.ruleId, f.path, f.range, f.message, f.fingerprint, f.related, f.fix?.edits ?? null, f.fixNote ?? null]);

/**
 * A memory tree whose listing leaves out `unlisted` (a git-ignored, excluded file), which stays
 * readable: `include:` and `extends.file` reach it as they reach any file of the repository.
 */
export function treeWithUnlisted(files: Readonly<Record<string, string>>, unlisted: readonly string[] = []): SourceTree {
  const tree = memoryTree(files);
  // Every `.env` as discovery lists them, so a COMPOSE_FILE in a folder without a Compose file is read.
  const envFiles = Object.keys(files)
    .filter((path) => path === '.env' || path.endsWith('/.env'))
    .sort();
  return {
    ...tree,
    files: async () => {
      const listed = await tree.files();
      return { ...listed, files: listed.files.filter((file) => !unlisted.includes(file.path)), envFiles };
    },
  };
}

/**
 * Judging each file as read (`judgeAsRead`) against linking every document at once and judging
 * them together: the same findings as shown, files and inventory. Returns the findings.
 */
export async function expectSameAsLinkingAll(tree: SourceTree, budget?: Partial<ScanBudget>): Promise<Finding[]> {
  const streamed = await judgeAsRead(tree, [], rules, { budget });
  const whole = await parseProject(tree, [], { budget });
  const expected = evaluate(whole.linked, rules);
  expect(shown(streamed.findings)).toEqual(shown(expected));
  expect(streamed.incomplete).toEqual(whole.incomplete);
  expect(streamed.files).toEqual(whole.parsed.map(({ path, kind }) => ({ path, kind })));
  expect(streamed.inventory).toEqual(collectInventory(whole.parsed));
  return expected;
}
