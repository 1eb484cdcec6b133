import { createTwoFilesPatch } from 'diff';
import type { Finding } from '../core/finding.js';
import type { FilePlan } from '../select/fix-plan.js';
import { cleanText as clean } from './plain-text.js';

/**
 * The plan as one unified diff (`a/` and `b/` prefixes, three lines of context), which
 * `git apply` and `patch -p1` take as it is. Only the diff: labels go to the summary.
 */
export function formatFixDiff(plans: readonly FilePlan[]): string {
  return plans
    .filter((plan) => plan.after !== plan.before)
    .map((plan) => {
      const patch = createTwoFilesPatch(`a/${plan.path}`, `b/${plan.path}`, plan.before, plan.after, '', '', { context: 3 });
      // jsdiff starts with an `Index:`-less `===` line; git wants the `---` line first.
      return patch.replace(/^={3,}\n/, '').replace(/^--- (.*)\t\n\+\+\+ (.*)\t\n/m, '--- $1\n+++ $2\n');
    })
    .join('');
}

/**
 * What the fix command did, for the terminal: each fix with its label, skipped ones and notes, and
 * what remains. Descriptions, notes, paths and reasons quote the scanned files (a service named
 * `web\n::add-mask::…\e[2J`), and this goes to standard error, in a terminal or a workflow's log:
 * each is shown as text (`cleanText`), never obeyed, and stays on its line.
 */
export function formatFixSummary(
  plans: readonly FilePlan[],
  options: { written: boolean; notes: readonly Finding[]; remaining?: { findings: number; fixable: number; summary: string } },
): string {
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(clean(plan.path));
    const byLine = [...plan.fixes].sort((a, b) => a.finding.range.start.line - b.finding.range.start.line || a.finding.range.start.column - b.finding.range.start.column);
    for (const { finding, fix, merged } of byLine) {
      const label = fix.label === 'changes-behaviour' ? 'CHANGES BEHAVIOUR' : 'safe';
      lines.push(`  ${finding.range.start.line}:${finding.range.start.column}  ${clean(finding.ruleId)}  [${label}] ${clean(fix.description)}${merged ? ' (the same edit as another finding)' : ''}`);
      if (fix.label === 'changes-behaviour') lines.push(`      check: ${clean(fix.check)}`);
    }
    for (const { finding, reason } of plan.skipped) {
      lines.push(`  ${finding.range.start.line}:${finding.range.start.column}  ${clean(finding.ruleId)}  skipped: ${clean(reason)}; run fix again after this one.`);
    }
  }
  for (const finding of options.notes) {
    lines.push(`${clean(finding.path)}:${finding.range.start.line}:${finding.range.start.column}  ${clean(finding.ruleId)}  no fix: ${clean(finding.fixNote ?? '')}`);
  }
  const count = plans.reduce((sum, plan) => sum + plan.fixes.length, 0);
  const files = plans.filter((plan) => plan.after !== plan.before).length;
  const changing = plans.reduce((sum, plan) => sum + plan.fixes.filter((f) => f.fix.label === 'changes-behaviour').length, 0);
  if (count === 0) lines.push('No finding has a fix to apply.');
  else {
    const verb = options.written ? 'Applied' : 'Proposed';
    lines.push(`${verb} ${count} fix${count === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'}; ${changing} change${changing === 1 ? 's' : ''} behaviour and need${changing === 1 ? 's' : ''} a review.${options.written ? '' : ' Nothing was written: add --write to apply them.'}`);
  }
  if (options.remaining) {
    const { findings, fixable, summary } = options.remaining;
    lines.push(`${options.written ? 'After the fixes' : 'With these fixes'}, ${findings} finding${findings === 1 ? '' : 's'} remain${findings === 1 ? 's' : ''}${fixable ? ` (${fixable} with a fix not yet applied)` : ''}. ${summary}`);
  }
  return `${lines.join('\n')}\n`;
}
