import { classify } from '../discover/classify.js';
import { memoryTree } from '../discover/memory-tree.js';
import { compileRules, evaluate } from '../evaluate/evaluate.js';
import { parseProject } from '../pipeline/parse-project.js';
import type { Rule, RuleTest } from '../policy/rule.js';

/** The outcome of one embedded example: what was expected, what the rule reported, and why not. */
export interface RuleTestOutcome {
  rule: string;
  index: number;
  file: string;
  passed: boolean;
  /** What went wrong, for a pack author: positions missing, unexpected, or a file that did not parse. */
  failures: string[];
  /** Where the rule reported, start and end, in the order the scan gives. */
  actual: Place[];
}

export type Place = { line: number; column: number; endLine?: number; endColumn?: number };

/**
 * Runs one of a rule's embedded examples through the same parse and evaluate as a scan, with only
 * that rule active, and compares exact positions. Used by the test suite for the built-in packs
 * and by `containment test-pack` for custom ones.
 */
export async function runRuleTest(rule: Rule, test: RuleTest, index: number): Promise<RuleTestOutcome> {
  const failures: string[] = [];
  const files: Record<string, string> = { ...test.files, [test.file]: test.content };
  // Read as a scan reads a repository: `.env` interpolation, `include:` and `extends.file` followed.
  const examples = memoryTree(files);
  const read = new Set<string>();
  const recording = {
    ...examples,
    read: (path: string) => {
      read.add(path);
      return examples.read(path);
    },
  };
  const { parsed: documents, linked } = await parseProject(recording, []);
  for (const path of Object.keys(files)) {
    // A file nothing reads would be silently ignored: its name is not one Containment judges.
    if (!read.has(path) && !classify(path)) {
      failures.push(`${path} is not a file name Containment reads (compose.yaml, Dockerfile, .github/workflows/*.yml, action.yml), nor one an example includes.`);
    }
  }
  for (const document of documents) {
    for (const problem of document.problems) {
      failures.push(`${document.path}:${problem.range.start.line}:${problem.range.start.column}: the example has a problem (${problem.ruleId}): ${problem.message}`);
    }
  }
  // Linked as in a scan, so cross-file facts (a service inheriting its Dockerfile's USER) hold in examples.
  const found = evaluate(linked, compileRules([rule])).filter((f) => f.ruleId === rule.id && f.path === test.file);
  const actual: Place[] = found.map((f) => ({ line: f.range.start.line, column: f.range.start.column, endLine: f.range.end.line, endColumn: f.range.end.column }));
  const matches = (want: Place, got: Place) =>
    want.line === got.line &&
    want.column === got.column &&
    (want.endLine === undefined || want.endLine === got.endLine) &&
    (want.endColumn === undefined || want.endColumn === got.endColumn);
  const unmatched = [...actual];
  for (const want of test.expect) {
    const at = unmatched.findIndex((got) => matches(want, got));
    if (at >= 0) unmatched.splice(at, 1);
    else failures.push(`expected a finding at ${show(want)}, ${actual.length ? `found ${actual.map(show).join(', ')}` : 'found none'}`);
  }
  for (const extra of unmatched) failures.push(`unexpected finding at ${show(extra)}: ${found.find((f) => f.range.start.line === extra.line)?.message ?? ''}`);
  return { rule: rule.id, index, file: test.file, passed: failures.length === 0, failures, actual };
}

function show(place: Place): string {
  const end = place.endLine !== undefined ? `-${place.endLine}:${place.endColumn}` : '';
  return `${place.line}:${place.column}${end}`;
}
