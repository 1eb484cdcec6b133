import type { Rule, RuleInfo } from '../../policy/rule.js';
import { formatEquivalents } from './equivalents-doc.js';
import { referenceLink } from './reference-link.js';

/**
 * A rule's documentation page (`docs/rules/<id>.md`, `containment explain <id>`): what it finds,
 * why it matters, its own tests as examples, how to fix it, how to suppress it, and the guidance
 * it comes from. Generated from the rule file, so the docs cannot drift from what runs.
 */
export function formatRuleDoc(rule: RuleInfo & Partial<Pick<Rule, 'params' | 'tests'>>): string {
  const params = Object.entries(rule.params ?? {});
  const tests = rule.tests ?? [];
  const reported = tests.filter((t) => t.expect.length > 0);
  const passing = tests.filter((t) => t.expect.length === 0);
  return [
    `# ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    `| severity | judges | pack |`,
    `|---|---|---|`,
    `| ${rule.severity} | ${rule.subject ? `\`${rule.subject}\`` : 'the file itself'} | \`${rule.pack}\` |`,
    '',
    '## Why it matters',
    '',
    rule.rationale,
    '',
    '## How to fix it',
    '',
    rule.remediation,
    '',
    ...(tests.length ? ['## Examples', ''] : []),
    ...reported.flatMap((test) => example(test.file, test.content, `Reported at ${test.expect.map((e) => `line ${e.line}, column ${e.column}`).join('; ')}:`)),
    ...passing.flatMap((test) => example(test.file, test.content, 'Not reported:')),
    ...(params.length
      ? ['## Parameters', '', 'Override them in `.github/containment.yml`:', '', '```yaml', 'rules:', `  ${rule.id}:`, '    params:', ...params.map(([name, value]) => `      ${name}: ${JSON.stringify(value)}`), '```', '']
      : []),
    '## Turning it off or down',
    '',
    'In `.github/containment.yml`:',
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off        # or a severity: critical, high, medium, low, info`,
    '```',
    '',
    '## References',
    '',
    ...rule.references.map((reference) => {
      const { label, url } = referenceLink(reference);
      return url ? `- [${label}](${url})` : `- ${label}`;
    }),
    '',
    ...(rule.equivalents
      ? ['## Equivalents', '', `${formatEquivalents(rule.equivalents)}.${rule.equivalents.hadolint || rule.equivalents.buildkit ? ' In a Dockerfile, an existing `# hadolint ignore=…` or `# check=skip=…` for one of these suppresses this rule, under the same pull-request limit as a Containment comment' : ''} (see [equivalents](../equivalents.md)).`, '']
      : []),
  ].join('\n');
}

function example(file: string, content: string, caption: string): string[] {
  const language = /\.ya?ml$/.test(file) ? 'yaml' : 'dockerfile';
  const fence = content.includes('```') ? '````' : '```';
  return [`${caption} \`${file}\``, '', `${fence}${language}`, content.replace(/\n$/, ''), fence, ''];
}
