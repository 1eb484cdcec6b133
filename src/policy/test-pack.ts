import type { LoadError } from './load-error.js';
import { loadPackDir } from './load-pack-dir.js';
import { type RuleTestOutcome, runRuleTest } from './rule-test-runner.js';

/** What `containment test-pack DIR` found: load errors, and the outcome of every example. */
export interface PackTestReport {
  errors: LoadError[];
  outcomes: RuleTestOutcome[];
}

/**
 * Loads a custom pack as a scan would and runs every rule's embedded examples, so a pack author
 * sees each failure with the positions expected and found before the pack judges anything.
 */
export function testPack(dir: string, shown = dir): PackTestReport {
  const { packs, errors } = loadPackDir(dir, shown);
  const outcomes = packs.flatMap((pack) => pack.rules.flatMap((rule) => rule.tests.map((test, index) => runRuleTest(rule, test, index))));
  return { errors, outcomes };
}

export function formatPackTestReport(report: PackTestReport): string {
  const lines: string[] = [];
  for (const error of report.errors) lines.push(`error  ${error.file}:${error.line}:${error.column}  ${error.message}`);
  for (const outcome of report.outcomes) {
    const label = `${outcome.rule} example ${outcome.index} (${outcome.file})`;
    if (outcome.passed) lines.push(`pass   ${label}`);
    else for (const failure of outcome.failures) lines.push(`FAIL   ${label}: ${failure}`);
  }
  const failed = report.outcomes.filter((o) => !o.passed).length;
  lines.push('', `${report.outcomes.length - failed} passed, ${failed} failed${report.errors.length ? `, ${report.errors.length} load errors` : ''}`);
  return `${lines.join('\n')}\n`;
}
