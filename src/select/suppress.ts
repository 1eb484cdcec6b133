import type { Finding } from '../core/finding.js';
import { SEVERITIES } from '../core/severity.js';
import { fingerprint } from '../evaluate/fingerprint.js';
import { PROBLEM_RULES } from '../policy/problem-rules.js';
import type { DirectiveTool } from '../policy/rule.js';
import { findingSpans } from './finding-span.js';
import { type DirectiveTargets, type ForeignDirective, readForeignDirectives } from './foreign-directives.js';
import { readSuppressionComments, type SuppressionComment } from './suppression-comments.js';
import { allowsInPullRequest, DEFAULT_IN_PULL_REQUEST, describeLimit, type SuppressionPolicy } from './suppression-policy.js';

/** Why a finding is not counted: an inline comment, a file-level comment, or the baseline. */
export interface Suppression {
  kind: 'inline' | 'file' | 'baseline';
  justification: string;
  /** `until=`: the last day (YYYY-MM-DD, UTC) the suppression applies. */
  until?: string;
  /**
   * On a pull request: true when the comment sits on a line the change adds, false when it was
   * already there. Absent outside pull requests and for the baseline (read from the base).
   */
  addedByChange?: boolean;
  /**
   * On a pull request: the comment was already there, but the change adds or edits a line the
   * finding it covers stands on (`privileged: true` written under an old comment, a service added
   * to a file with an `ignore-file` comment, the `source:` of a long-syntax mount rewritten below its
   * first line; src/select/finding-span.ts), or made the finding (`SuppressionContext.isNew`). The
   * change makes that suppression as surely as if it wrote the comment, so the same limit applies.
   */
  coversAddedLine?: boolean;
  /** The comment's line, in the finding's file (inline and file-level suppressions). */
  line?: number;
  /** Set when an existing hadolint or BuildKit directive, not a Containment comment, suppresses it. */
  directive?: DirectiveTool;
}

/** True when the pull request makes this suppression: it adds the comment or the line it covers. */
export function madeByChange(suppression: Suppression): boolean {
  return suppression.addedByChange === true || suppression.coversAddedLine === true;
}

/** A finding kept out of the counts and the fail decision, but still reported (SARIF marks it). */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/**
 * A suppression comment that matched a finding but does not apply, so the finding still counts:
 * its `until=` date has passed, or the pull request added it for a finding more severe than the
 * config's `suppressions.in-pull-request` allows.
 */
export interface RefusedSuppression extends Finding {
  suppression: Suppression;
  refused: 'expired' | 'beyond-limit';
}

/** What decides whether a valid comment applies, beside the comment itself. */
export interface SuppressionContext {
  /** Today as YYYY-MM-DD (UTC): a comment whose `until=` is earlier has expired. Injected so tests need no clock. */
  today: string;
  /** On a pull request: true when the change adds that line of that file. Absent elsewhere. */
  addedLine?: (path: string, line: number) => boolean;
  /** On a pull request: where the change removes lines of that file (`Changes.removed`). */
  removedLines?: (path: string) => ReadonlyMap<number, number> | undefined;
  /**
   * On a pull request: true when the base revision has no such finding, by fingerprint and values
   * (src/select/compare.ts) — the change made it, even on a line it did not touch (an `.env` edit
   * that turns `privileged: ${PRIV:-false}` true, or a mount of `/etc/ssl/certs` into one of `/`).
   * An older comment that comes to cover such a finding counts as made by the change, so the limit
   * applies to it.
   */
  isNew?: (finding: Finding) => boolean;
  /** The config's `suppressions:`; the default limit when absent. */
  policy?: SuppressionPolicy;
  /**
   * hadolint and BuildKit directives in these Dockerfiles suppress the rules that name their codes
   * (src/select/foreign-directives.ts), under the same limits as Containment's own comments.
   */
  directives?: { targets: DirectiveTargets; dockerfiles: ReadonlySet<string> };
}

/**
 * Applies inline suppressions. A comment applies to findings that start on its own line or, when
 * it stands alone, on the next line; `ignore-file[…]` to the whole file. A suppression needs a
 * reason (a reviewer must be able to judge it), known rules and, if it has one, a real `until=`
 * date; one that breaks a rule suppresses nothing and is reported, as is one that matches no
 * finding, so stale suppressions do not pile up. An expired comment, and one the pull request
 * adds beyond the config's limit, do not apply: the finding stays (fail closed) and the comment is
 * reported with the reason.
 */
export function applySuppressions(
  findings: Finding[],
  texts: ReadonlyMap<string, string>,
  knownRules: ReadonlySet<string>,
  context: SuppressionContext,
): { kept: Finding[]; suppressed: SuppressedFinding[]; refused: RefusedSuppression[]; problems: Finding[] } {
  const policy = context.policy ?? { inPullRequest: DEFAULT_IN_PULL_REQUEST };
  const problems: Finding[] = [];
  const valid = new Map<string, SuppressionComment[]>();
  const instructionOf = new Map<string, (line: number) => number | undefined>();
  for (const [path, text] of texts) {
    if (context.directives?.dockerfiles.has(path)) {
      const foreign = readForeignDirectives(text, context.directives.targets);
      if (foreign.comments.length) {
        valid.set(path, [...foreign.comments]);
        instructionOf.set(path, foreign.instructionOf);
      }
    }
    for (const comment of readSuppressionComments(text)) {
      const what = invalidity(comment, knownRules);
      if (what) {
        problems.push(problem('suppression-invalid', path, comment, `This suppression ${what}. It suppresses nothing until fixed.`));
        continue;
      }
      const list = valid.get(path);
      if (list) list.push(comment);
      else valid.set(path, [comment]);
    }
  }
  const spans = new Map<string, ReturnType<typeof findingSpans>>();
  const changedIn = new Map<string, boolean>();
  // Any line the finding stands on, not only its first: a pull request that rewrites a mount's
  // `source:` under the `- type: bind` line the finding starts on makes the suppression as surely.
  const touchesFinding = (finding: Finding, addedLine: (path: string, line: number) => boolean): boolean => {
    const text = texts.get(finding.path);
    let span = spans.get(finding.path);
    if (!span && text !== undefined) {
      span = findingSpans(text);
      spans.set(finding.path, span);
    }
    const { start, end } = span ? span(finding.range) : { start: finding.range.start.line, end: Math.max(finding.range.start.line, finding.range.end.line) };
    const key = `${finding.path}\0${start}:${end}`;
    let touched = changedIn.get(key);
    if (touched === undefined) {
      touched = false;
      for (let line = start; line <= end && !touched; line++) touched = addedLine(finding.path, line);
      touched ||= removedWithin(context.removedLines?.(finding.path), start, end, text);
      changedIn.set(key, touched);
    }
    return touched;
  };
  const describe = (finding: Finding, comment: SuppressionComment): Suppression => {
    const addedByChange = context.addedLine?.(finding.path, comment.line);
    const coversAddedLine = addedByChange === false && ((context.addedLine !== undefined && touchesFinding(finding, context.addedLine)) || context.isNew?.(finding) === true);
    return {
      kind: comment.fileLevel ? 'file' : 'inline',
      justification: comment.reason,
      ...(comment.until === undefined ? {} : { until: comment.until }),
      ...(addedByChange === undefined ? {} : { addedByChange }),
      ...(coversAddedLine ? { coversAddedLine } : {}),
      line: comment.line,
      ...(isForeign(comment) ? { directive: comment.directive } : {}),
    };
  };
  const statusOf = (finding: Finding, comment: SuppressionComment): 'applies' | RefusedSuppression['refused'] => {
    if (comment.until !== undefined && comment.until < context.today) return 'expired';
    if (madeByChange(describe(finding, comment)) && !allowsInPullRequest(policy.inPullRequest, finding.severity)) return 'beyond-limit';
    return 'applies';
  };
  const used = new Set<SuppressionComment>();
  const refusedBy = new Map<SuppressionComment, RefusedSuppression[]>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const refused: RefusedSuppression[] = [];
  const indexes = new Map([...valid].map(([path, comments]) => [path, indexComments(comments)]));
  for (const finding of findings) {
    const line = finding.range.start.line;
    const index = indexes.get(finding.path);
    const instruction = instructionOf.get(finding.path)?.(line);
    const candidates = index
      ? [...index.fileLevel, ...(index.byLine.get(line) ?? []), ...(index.byLine.get(line - 1) ?? []), ...((instruction && index.byInstruction.get(instruction)) || [])]
          .filter((c) => c.ruleIds.includes(finding.ruleId) && (c.fileLevel || isForeign(c) || c.line === line || (c.standalone && c.line === line - 1)))
          .sort((a, b) => index.order.get(a)! - index.order.get(b)!)
      : [];
    // The first comment in the file that applies, as a scan of all of them would find it; a
    // refused comment does not stop a later one that applies (an older file-level one, say).
    const comment = candidates.find((c) => statusOf(finding, c) === 'applies');
    if (comment) {
      used.add(comment);
      suppressed.push({ ...finding, suppression: describe(finding, comment) });
      continue;
    }
    kept.push(finding);
    const first = candidates[0];
    if (first) {
      const entry = { ...finding, suppression: describe(finding, first), refused: statusOf(finding, first) as RefusedSuppression['refused'] };
      refused.push(entry);
      refusedBy.set(first, [...(refusedBy.get(first) ?? []), entry]);
    }
  }
  for (const [path, comments] of valid) {
    for (const comment of comments) {
      const covered = refusedBy.get(comment) ?? [];
      if (comment.until !== undefined && comment.until < context.today) {
        const again = covered.length
          ? `, so the ${covered.length === 1 ? 'finding it covered is' : `${covered.length} findings it covered are`} reported again. Fix ${covered.length === 1 ? 'it' : 'them'}, or renew the date if the reason still holds`
          : ' and matches no finding; remove it';
        problems.push(problem('suppression-expired', path, comment, `This suppression of ${comment.ruleIds.join(', ')} expired on ${comment.until}${again}.`));
      } else if (covered.length) {
        problems.push(
          problem(
            'suppression-beyond-limit',
            path,
            comment,
            `${covered.some((f) => f.suppression.addedByChange) ? 'This pull request adds this suppression for' : 'This pull request writes, under this existing suppression,'} ${describeSeverities(covered)}, but ${describeLimit(policy)}, so it does not apply and the finding still counts. ` +
              'Ask a maintainer: merged, the comment applies to later changes; or the base branch’s config can raise the limit.',
          ),
        );
      } else if (!used.has(comment) && !isForeign(comment)) {
        // Another tool's directive that matches no Containment finding is that tool's business.
        problems.push(problem('suppression-unused', path, comment, `This suppression of ${comment.ruleIds.join(', ')} matches no finding${comment.fileLevel ? ' in this file' : ' on this line or the next'}; remove it so it cannot hide a future finding.`));
      }
    }
  }
  return { kept: [...kept, ...problems], suppressed, refused, problems };
}

/** What is wrong with a comment that cannot apply at all, or undefined when it is well formed. */
function invalidity(comment: SuppressionComment, knownRules: ReadonlySet<string>): string | undefined {
  const unknown = comment.ruleIds.filter((id) => !knownRules.has(id));
  if (comment.ruleIds.length === 0) return 'names no rule; write the rule id in the brackets';
  if (unknown.length) return `names ${unknown.map((id) => `"${id}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a rule' : 'are not rules'} (\`containment rules\` lists them)`;
  if (comment.reason === '') return 'gives no reason; add why this finding is acceptable after the brackets, so reviewers can judge it';
  return comment.untilProblem;
}

/** "a critical finding", "2 high findings and a medium one" style counts, most severe first. */
function describeSeverities(findings: readonly Finding[]): string {
  const parts = SEVERITIES.flatMap((severity) => {
    const count = findings.filter((f) => f.severity === severity).length;
    return count === 0 ? [] : [count === 1 ? `a ${severity} finding` : `${count} ${severity} findings`];
  });
  return parts.join(' and ');
}

/**
 * A file's valid comments by line, so that each finding looks at the few comments that can apply
 * to it: scanning every comment for every finding made a file with thousands of both quadratic.
 */
function indexComments(comments: SuppressionComment[]) {
  const byLine = new Map<number, SuppressionComment[]>();
  const byInstruction = new Map<number, SuppressionComment[]>();
  const fileLevel: SuppressionComment[] = [];
  const order = new Map<SuppressionComment, number>();
  comments.forEach((comment, position) => {
    order.set(comment, position);
    if (comment.fileLevel) fileLevel.push(comment);
    else if (isForeign(comment) && comment.instructionLine !== undefined) {
      const list = byInstruction.get(comment.instructionLine);
      if (list) list.push(comment);
      else byInstruction.set(comment.instructionLine, [comment]);
    } else {
      const list = byLine.get(comment.line);
      if (list) list.push(comment);
      else byLine.set(comment.line, [comment]);
    }
  });
  return { byLine, byInstruction, fileLevel, order };
}

function isForeign(comment: SuppressionComment): comment is ForeignDirective {
  return 'directive' in comment;
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

/**
 * Whether the change removed a line that stood within the finding's lines `start`..`end`: between
 * two of them, or after the last one and indented deeper than the first (it carried on what the
 * finding is about: `read_only: true` under `- type: bind`), or after a line ending in a backslash.
 * A removal just after the finding, at or above its indentation, is the next key's, not the finding's.
 */
function removedWithin(removed: ReadonlyMap<number, number> | undefined, start: number, end: number, text: string | undefined): boolean {
  if (!removed) return false;
  let lines: string[] | undefined;
  for (const [after, indent] of removed) {
    if (after < start || after > end) continue;
    if (after < end) return true;
    lines ??= text?.split(/\r\n|\r|\n/) ?? [];
    const first = /^[ \t]*/.exec(lines[start - 1] ?? '')![0].length;
    if (indent > first || /\\\s*$/.test(lines[end - 1] ?? '')) return true;
  }
  return false;
}
