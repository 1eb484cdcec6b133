import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { applySuppressions, madeByChange } from '../../src/select/suppress.js';
import { isCalendarDate, readSuppressionComments } from '../../src/select/suppression-comments.js';
import { allowsInPullRequest, SUPPRESSION_LIMITS } from '../../src/select/suppression-policy.js';

const RUNS = { numRuns: Math.max(1, Number(process.env['CONTAINMENT_FC_RUNS'] ?? '') || 200) };
const RULES = ['container-privileged', 'image-latest-tag'];

describe('suppression invariants', () => {
  it('a comment carries either a real date or a problem, never both, and the date never stays in the reason', () => {
    const token = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('until=2027-03-31', 'until=2027-02-30', 'until=', 'until=2028-02-29', 'until=x'));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (tokens) => {
        const [comment] = readSuppressionComments(`# containment: ignore[container-privileged] ${tokens.join(' ').replace(/\n/g, ' ')}\n`);
        expect(comment).toBeDefined();
        expect(comment!.until !== undefined && comment!.untilProblem !== undefined).toBe(false);
        if (comment!.until !== undefined) expect(isCalendarDate(comment!.until)).toBe(true);
        expect(comment!.reason).not.toMatch(/(^|\s)until=/);
      }),
      RUNS,
    );
  });

  it('no suppression the pull request makes ever covers a finding beyond the limit, and no expired one applies', () => {
    const line = fc.record({ rule: fc.constantFrom(...RULES), comment: fc.constantFrom('none', 'same', 'above', 'file'), until: fc.constantFrom('', ' until=2027-01-01', ' until=2027-06-30') });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom(...SEVERITIES)), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...SUPPRESSION_LIMITS),
        fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 10 }),
        fc.constantFrom('2026-12-31', '2027-01-01', '2027-01-02', '2027-07-01'),
        (items, limit, addedLines, today) => {
          const lines: string[] = [];
          const findings: Finding[] = [];
          items.forEach(([spec, severity], index) => {
            const directive = `# containment: ${spec.comment === 'file' ? 'ignore-file' : 'ignore'}[${spec.rule}] reason${spec.until}`;
            if (spec.comment === 'above' || spec.comment === 'file') lines.push(directive);
            lines.push(spec.comment === 'same' ? `k${index}: v ${directive}` : `k${index}: v`);
            const at = lines.length;
            findings.push({ ruleId: spec.rule, severity, title: 't', message: 'm', path: 'a.yaml', pointer: '', range: { start: { line: at, column: 1 }, end: { line: at, column: 2 } }, fingerprint: String(index), related: [] });
          });
          const added = new Set(addedLines);
          const result = applySuppressions(findings, new Map([['a.yaml', `${lines.join('\n')}\n`]]), new Set(RULES), {
            today,
            addedLine: (_path, n) => added.has(n),
            policy: { inPullRequest: limit },
          });
          for (const finding of result.suppressed) {
            if (madeByChange(finding.suppression)) expect(allowsInPullRequest(limit, finding.severity)).toBe(true);
            if (finding.suppression.until !== undefined) expect(finding.suppression.until >= today).toBe(true);
            // Made by the change exactly when the comment's line or the finding's line is added.
            expect(madeByChange(finding.suppression)).toBe(added.has(finding.suppression.line!) || added.has(finding.range.start.line));
          }
          // Every finding is either suppressed or still counted, never lost.
          expect(result.suppressed.length + result.kept.filter((f) => RULES.includes(f.ruleId)).length).toBe(findings.length);
        },
      ),
      RUNS,
    );
  });
});
