import { structuredPatch } from 'diff';
import { applyEdits } from '../core/apply-edits.js';
import { memoryTree } from '../discover/memory-tree.js';
import { compileRules, evaluate } from '../evaluate/evaluate.js';
import { link } from '../link/link.js';
import { readProject } from '../pipeline/read-project.js';
import type { Rule } from '../policy/rule.js';

/**
 * A rule's fix applied to its first failing example that has one, as the hunks of a unified diff
 * (for the rule's documentation page); undefined when no example yields a fix (a resolved pin
 * needs a registry, which the docs never ask).
 */
export async function fixExampleDiff(rule: Rule): Promise<string | undefined> {
  if (!rule.fix) return undefined;
  for (const test of rule.tests.filter((t) => t.expect.length > 0)) {
    const files = { ...test.files, [test.file]: test.content };
    const { documents } = await readProject(memoryTree(files), []);
    const edits = evaluate(link(documents), compileRules([rule]))
      .filter((f) => f.path === test.file)
      .flatMap((f) => f.fix?.edits ?? []);
    if (edits.length === 0) continue;
    const after = applyEdits(test.content, edits).text;
    const { hunks } = structuredPatch(test.file, test.file, test.content, after, '', '', { context: 2 });
    return hunks.map((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines].join('\n')).join('\n');
  }
  return undefined;
}
