import type { LoadError } from '../policy/load-error.js';
import { loadPackDir } from '../policy/load-pack-dir.js';
import type { Rule } from '../policy/rule.js';
import { type RuleTestOutcome, runRuleTest } from './rule-test-runner.js';

/** What `containment test-pack DIR` found: load errors, every example's outcome, and thin rules. */
export interface PackTestReport {
  errors: LoadError[];
  outcomes: RuleTestOutcome[];
  /** Rules without an example they report (a non-empty `expect`) or one they accept (`expect: []`). */
  incomplete: Array<{ rule: string; source: string; lacks: 'failing' | 'passing' | 'failing and passing' }>;
}

/**
 * Loads a custom pack as a scan would and runs every rule's embedded examples, so a pack author
 * sees each failure with the positions expected and found before the pack judges anything. Every
 * rule needs at least one example it must report and one it must accept: a rule with only the
 * first can fire on everything, one with only the second may never fire at all, and either
 * passes its own examples.
 */
export async function testPack(dir: string, shown = dir): Promise<PackTestReport> {
  const { packs, errors } = loadPackDir(dir, shown);
  const rules = packs.flatMap((pack) => pack.rules);
  const outcomes = await Promise.all(rules.flatMap((rule) => rule.tests.map((test, index) => runRuleTest(rule, test, index))));
  const incomplete = rules.flatMap((rule) => {
    const lacks = missingExamples(rule);
    return lacks ? [{ rule: rule.id, source: rule.source, lacks }] : [];
  });
  return { errors, outcomes, incomplete };
}

/** Which kind of example a rule lacks, if any. */
export function missingExamples(rule: Pick<Rule, 'tests'>): PackTestReport['incomplete'][number]['lacks'] | undefined {
  const failing = rule.tests.some((test) => test.expect.length > 0);
  const passing = rule.tests.some((test) => test.expect.length === 0);
  if (failing && passing) return undefined;
  return !failing && !passing ? 'failing and passing' : failing ? 'passing' : 'failing';
}

/** Exit 0 when every example passes and every rule has both kinds, 1 when not, 2 when the pack does not load. */
export function packTestExitCode(report: PackTestReport): number {
  if (report.errors.length) return 2;
  return report.outcomes.some((o) => !o.passed) || report.incomplete.length ? 1 : 0;
}

const KIND: Record<PackTestReport['incomplete'][number]['lacks'], string> = {
  failing: 'no failing example (one whose expect lists where the rule reports)',
  passing: 'no passing example (one with expect: [], which the rule must accept)',
  'failing and passing': 'no failing example (expect lists positions) and no passing one (expect: [])',
};

export function formatPackTestReport(report: PackTestReport): string {
  const lines: string[] = [];
  for (const error of report.errors) lines.push(`error  ${error.file}:${error.line}:${error.column}  ${error.message}`);
  for (const outcome of report.outcomes) {
    const label = `${outcome.rule} example ${outcome.index} (${outcome.file})`;
    if (outcome.passed) lines.push(`pass   ${label}`);
    else for (const failure of outcome.failures) lines.push(`FAIL   ${label}: ${failure}`);
  }
  for (const rule of report.incomplete) {
    lines.push(`FAIL   ${rule.rule} (${rule.source}): ${KIND[rule.lacks]}; every rule needs both, so that it is shown to fire and shown not to fire on everything.`);
  }
  const failed = report.outcomes.filter((o) => !o.passed).length;
  const incomplete = report.incomplete.length ? `, ${report.incomplete.length} ${report.incomplete.length === 1 ? 'rule lacks' : 'rules lack'} a failing or passing example` : '';
  lines.push('', `${report.outcomes.length - failed} passed, ${failed} failed${incomplete}${report.errors.length ? `, ${report.errors.length} load errors` : ''}`);
  return `${lines.join('\n')}\n`;
}
