import type { Finding } from '../engine/finding.js';
import { fingerprint } from '../engine/fingerprint.js';
import { PROBLEM_RULES } from '../engine/problem-rules.js';
import { readSuppressionComments, type SuppressionComment } from './suppression-comments.js';

/** Why a finding is not counted: an inline comment, a file-level comment, or the baseline. */
export interface Suppression {
  kind: 'inline' | 'file' | 'baseline';
  justification: string;
}

/** A finding kept out of the counts and the fail decision, but still reported (SARIF marks it). */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/**
 * Applies inline suppressions. A comment applies to findings that start on its own line or, when
 * it stands alone, on the next line; `ignore-file[…]` to the whole file. A suppression needs a
 * reason (a reviewer must be able to judge it) and must name known rules; one that breaks either
 * rule suppresses nothing and is reported, as is one that matches no finding, so stale
 * suppressions do not pile up.
 */
export function applySuppressions(
  findings: Finding[],
  texts: ReadonlyMap<string, string>,
  knownRules: ReadonlySet<string>,
): { kept: Finding[]; suppressed: SuppressedFinding[]; problems: Finding[] } {
  const byPath = new Map<string, SuppressionComment[]>();
  for (const [path, text] of texts) {
    const comments = readSuppressionComments(text);
    if (comments.length) byPath.set(path, comments);
  }
  const problems: Finding[] = [];
  const valid = new Map<string, SuppressionComment[]>();
  for (const [path, comments] of byPath) {
    for (const comment of comments) {
      const unknown = comment.ruleIds.filter((id) => !knownRules.has(id));
      if (comment.ruleIds.length === 0 || unknown.length || comment.reason === '') {
        const what = comment.ruleIds.length === 0
          ? 'names no rule; write the rule id in the brackets'
          : unknown.length
            ? `names ${unknown.map((id) => `"${id}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a rule' : 'are not rules'} (\`containment rules\` lists them)`
            : 'gives no reason; add why this finding is acceptable after the brackets, so reviewers can judge it';
        problems.push(problem('suppression-invalid', path, comment, `This suppression ${what}. It suppresses nothing until fixed.`));
      } else {
        const list = valid.get(path);
        if (list) list.push(comment);
        else valid.set(path, [comment]);
      }
    }
  }
  const used = new Set<SuppressionComment>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const indexes = new Map([...valid].map(([path, comments]) => [path, indexComments(comments)]));
  for (const finding of findings) {
    const line = finding.range.start.line;
    const index = indexes.get(finding.path);
    const candidates = index ? [...index.fileLevel, ...(index.byLine.get(line) ?? []), ...(index.byLine.get(line - 1) ?? [])] : [];
    // The first comment in the file that applies, as a scan of all of them would find it.
    const comment = candidates
      .filter((c) => c.ruleIds.includes(finding.ruleId) && (c.fileLevel || c.line === line || (c.standalone && c.line === line - 1)))
      .sort((a, b) => index!.order.get(a)! - index!.order.get(b)!)[0];
    if (!comment) {
      kept.push(finding);
      continue;
    }
    used.add(comment);
    suppressed.push({ ...finding, suppression: { kind: comment.fileLevel ? 'file' : 'inline', justification: comment.reason } });
  }
  for (const [path, comments] of valid) {
    for (const comment of comments) {
      if (!used.has(comment)) {
        problems.push(problem('suppression-unused', path, comment, `This suppression of ${comment.ruleIds.join(', ')} matches no finding${comment.fileLevel ? ' in this file' : ' on this line or the next'}; remove it so it cannot hide a future finding.`));
      }
    }
  }
  return { kept: [...kept, ...problems], suppressed, problems };
}

/**
 * A file's valid comments by line, so that each finding looks at the few comments that can apply
 * to it: scanning every comment for every finding made a file with thousands of both quadratic.
 */
function indexComments(comments: SuppressionComment[]) {
  const byLine = new Map<number, SuppressionComment[]>();
  const fileLevel: SuppressionComment[] = [];
  const order = new Map<SuppressionComment, number>();
  comments.forEach((comment, position) => {
    order.set(comment, position);
    if (comment.fileLevel) fileLevel.push(comment);
    else {
      const list = byLine.get(comment.line);
      if (list) list.push(comment);
      else byLine.set(comment.line, [comment]);
    }
  });
  return { byLine, fileLevel, order };
}

function problem(ruleId: string, path: string, comment: SuppressionComment, message: string): Finding {
  const rule = PROBLEM_RULES.find((r) => r.id === ruleId);
  return {
    ruleId,
    severity: rule?.severity ?? 'low',
    title: rule?.title ?? ruleId,
    message,
    path,
    pointer: '',
    range: comment.range,
    fingerprint: fingerprint(ruleId, path, `${comment.ruleIds.join(',')}:${comment.fileLevel}`),
    related: [],
  };
}
