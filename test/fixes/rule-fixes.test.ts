import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/core/apply-edits.js';
import type { Finding } from '../../src/core/finding.js';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { link } from '../../src/link/link.js';
import { readProject } from '../../src/pipeline/read-project.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { RESOLVED_FIX_KINDS } from '../../src/policy/fix-kinds.js';

// For every rule with a fix: each failing example, fixed, no longer fails the rule, still parses,
// gains no other finding, and keeps every line the edits do not touch.
const all = loadBuiltinPacks().flatMap((pack) => pack.rules);
const compiled = compileRules(all);
const fixable = all.filter((rule) => rule.fix && !RESOLVED_FIX_KINDS.has(rule.fix.kind));

async function scan(files: Record<string, string>): Promise<{ findings: Finding[]; problems: string[] }> {
  const { documents } = await readProject(memoryTree(files), []);
  const problems = documents.flatMap((d) => d.problems.map((p) => `${d.path}: ${p.message}`));
  return { findings: evaluate(link(documents), compiled), problems };
}

/** The lines of `before` that no edit touches, which must all be in `after`, in order. */
function untouchedLines(before: string, touched: Set<number>): string[] {
  return before.split('\n').filter((_line, i) => !touched.has(i + 1));
}

function isSubsequence(wanted: string[], lines: string[]): boolean {
  let at = 0;
  for (const line of lines) if (at < wanted.length && line === wanted[at]) at++;
  return at === wanted.length;
}

describe.each(fixable.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  const failing = rule.tests.map((test, index) => ({ test, index })).filter(({ test }) => test.expect.length > 0);

  it.each(failing.map(({ test, index }) => [index, test] as const))('example %i is fixed by its fix', async (_index, test) => {
    const files = { ...test.files, [test.file]: test.content };
    const before = await scan(files);
    const found = before.findings.filter((f) => f.ruleId === rule.id && f.path === test.file);
    expect(found.length).toBeGreaterThan(0);
    // A fix is declined only where its edit could not work, and then says where to change instead
    // (a restart policy decided by `deploy.restart_policy`, which wins over `restart:`).
    const declined = found.filter((f) => f.fixNote !== undefined);
    for (const f of declined) expect(f.fixNote).toMatch(/takes this value from `[^`]+`, which wins over/);
    const mine = found.filter((f) => f.fixNote === undefined);
    if (mine.length === 0) return;
    expect(mine.every((f) => f.fix !== undefined)).toBe(true);
    const edits = mine.flatMap((f) => f.fix!.edits);
    expect(mine.every((f) => f.fix!.label === rule.fix!.label && f.fix!.check === rule.fix!.check)).toBe(true);
    // Each fix as whole lines (what a suggestion block holds) gives the same file as its edits.
    for (const f of mine) {
      const lines = test.content.split('\n');
      // Every example is far below its allowance (src/evaluate/fixes/compute-fix.ts): all have lines.
      const whole = f.fix!.lines!;
      lines.splice(whole.start - 1, whole.end - whole.start + 1, whole.text);
      expect(lines.join('\n')).toBe(applyEdits(test.content, f.fix!.edits).text);
    }
    const applied = applyEdits(test.content, edits);
    expect(applied.skipped).toEqual([]);

    const after = await scan({ ...files, [test.file]: applied.text });
    expect(after.problems).toEqual([]);
    const stillDeclined = new Set(declined.map((f) => f.fingerprint));
    expect(after.findings.filter((f) => f.ruleId === rule.id && f.path === test.file && !stillDeclined.has(f.fingerprint))).toEqual([]);
    // No finding appears that was not there before (a fix never trades one problem for another).
    const known = new Set(before.findings.map((f) => `${f.ruleId} ${f.message}`));
    expect(after.findings.filter((f) => !known.has(`${f.ruleId} ${f.message}`)).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    const touched = new Set(edits.flatMap((e) => Array.from({ length: e.range.end.line - e.range.start.line + 1 }, (_, k) => e.range.start.line + k)));
    expect(isSubsequence(untouchedLines(test.content, touched), applied.text.split('\n'))).toBe(true);
  });
});

it('covers the fixes the issue asks for', () => {
  expect(new Set(fixable.map((rule) => rule.fix!.kind)).size).toBeGreaterThanOrEqual(9);
});
