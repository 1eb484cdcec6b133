import { applyEdits } from '../core/apply-edits.js';
import type { Finding } from '../core/finding.js';
import type { Fix } from '../core/fix.js';
import { SEVERITIES } from '../core/severity.js';

/** One fix taken into a file's plan. `merged`: another finding asked for the very same edit. */
export interface PlannedFix {
  finding: Finding;
  fix: Fix;
  merged: boolean;
}

/** A file's fixes: the text after them, those taken, and those left out with the reason. */
export interface FilePlan {
  path: string;
  before: string;
  after: string;
  fixes: PlannedFix[];
  skipped: Array<{ finding: Finding; reason: string }>;
}

/**
 * Chooses the fixes to apply to each file, the most severe first: a fix whose edits overlap an
 * edit already taken is skipped whole (never half applied), and one asking exactly the edits
 * already taken is merged into them. `texts` holds each file's text as the scan read it.
 */
export function planFixes(findings: readonly Finding[], texts: ReadonlyMap<string, string>): FilePlan[] {
  const byPath = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.fix || !texts.has(finding.path)) continue;
    byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
  }
  const plans: FilePlan[] = [];
  for (const [path, list] of [...byPath].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = texts.get(path)!;
    const ordered = [...list].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.range.start.line - b.range.start.line);
    const taken: PlannedFix[] = [];
    const skipped: FilePlan['skipped'] = [];
    for (const finding of ordered) {
      const fix = finding.fix!;
      const accepted = taken.flatMap((t) => (t.merged ? [] : t.fix.edits));
      const trial = applyEdits(before, [...accepted, ...fix.edits]);
      const mine = (index: number) => index >= accepted.length;
      const clash = trial.skipped.find((s) => mine(s.index)) ?? trial.skipped[0];
      if (clash) {
        skipped.push({ finding, reason: `its edit overlaps the fix of another finding on line ${clash.edit.range.start.line}, which was taken first` });
        continue;
      }
      const merged = fix.edits.length > 0 && trial.merged.filter(mine).length === fix.edits.length;
      taken.push({ finding, fix, merged });
    }
    const after = applyEdits(before, taken.flatMap((t) => (t.merged ? [] : t.fix.edits))).text;
    plans.push({ path, before, after, fixes: taken, skipped });
  }
  return plans;
}
