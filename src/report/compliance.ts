import type { Finding } from '../core/finding.js';
import { frameworkOf } from '../core/frameworks.js';
import type { Reference, RuleInfo } from '../policy/rule.js';

/** One framework control and the findings that break it. */
export interface ControlFindings {
  /** "CIS Docker Benchmark 5.5", "OWASP Docker Security RULE #3". */
  control: string;
  url?: string;
  findings: number;
  rules: string[];
}

export interface ComplianceView {
  controls: ControlFindings[];
  /** Findings whose rule names no framework control. */
  unmapped: number;
}

/**
 * The findings grouped by the framework controls their rules cite (a rule may cite several, so a
 * finding may count under several controls). Controls are ordered by framework, then naturally
 * by id, so `CIS 5.9` comes before `CIS 5.10`.
 */
export function complianceView(findings: readonly Finding[], rules: readonly RuleInfo[]): ComplianceView {
  const references = new Map(rules.map((rule) => [rule.id, rule.references]));
  const controls = new Map<string, ControlFindings & { order: string }>();
  let unmapped = 0;
  for (const finding of findings) {
    const cited = (references.get(finding.ruleId) ?? []).filter((reference) => reference.id !== undefined && frameworkOf(reference.framework) !== undefined);
    if (cited.length === 0) unmapped++;
    for (const reference of cited) {
      const control = controlName(reference);
      const known = controls.get(control) ?? {
        control,
        ...urlOf(reference),
        findings: 0,
        rules: [],
        order: `${reference.framework}\0${reference.id ?? ''}`,
      };
      known.findings++;
      if (!known.rules.includes(finding.ruleId)) known.rules.push(finding.ruleId);
      controls.set(control, known);
    }
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return {
    controls: [...controls.values()].sort((a, b) => collator.compare(a.order, b.order)).map(({ order: _order, ...control }) => control),
    unmapped,
  };
}

function controlName(reference: Reference): string {
  const framework = frameworkOf(reference.framework);
  const id = reference.id ?? '';
  if (framework === undefined) return `${reference.framework} ${id}`;
  // A numbered control is what reviewers recognise (`1.6.0:5.5` is CIS Docker Benchmark 5.5).
  return framework.controls ? `${framework.title} ${framework.control(id)}` : framework.label(id);
}

function urlOf(reference: Reference): { url?: string } {
  const url = reference.url ?? (reference.id === undefined ? undefined : frameworkOf(reference.framework)?.url(reference.id));
  return url === undefined ? {} : { url };
}
