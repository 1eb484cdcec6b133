import { plural } from '../../core/counts.js';
import type { ScanResult } from '../../select/scan-result.js';
import type { AnnotationMode } from '../../settings/settings.js';
import type { InventoryView } from '../inventory.js';
import { actionAnnotations, actionLog } from './action-log.js';
import { emitAnnotations, planAnnotations } from './annotations.js';
import { isApiStopped } from './api-budget.js';
import { publishCheckRun } from './check-run.js';
import { describeApiError, type GitHubClient, httpStatus, isRateLimited } from './client.js';
import { COMMENT_MAX_CHARS, renderReport, verdictOnlyReport } from './comment-body.js';
import type { RunTarget } from './pull-request.js';
import { publishSuggestions } from './review-suggestions.js';
import { upsertStickyComment } from './sticky-comment.js';

/** What the GitHub reporters share: the result, where it runs, and a client when a token and a repository exist. */
export interface GitHubReport {
  result: ScanResult;
  inventory: InventoryView;
  /** Keep the compliance view and the inventory in the pull request's comment (`comment-details`). */
  details?: boolean;
  target?: RunTarget;
  client?: GitHubClient;
}

/**
 * Slots kept free under GitHub's 10-per-level cap for what the step itself says afterwards:
 * `core.setFailed` is an error annotation, a refused comment is one warning.
 */
function reserved(result: ScanResult) {
  return { error: result.failed ? 1 : 0, warning: 1 };
}

/**
 * The report in markdown for the comment and the check run: GitHub's 65,536-character limit,
 * the inventory collapsed. `stable` is the same report without the parts that change on every
 * run (the run link, the commit), to tell whether the comment needs rewriting.
 */
export function commentMarkdown(report: GitHubReport, cleared = false): { body: string; stable: string } {
  const links = report.target?.links ?? {};
  const options = {
    max: COMMENT_MAX_CHARS,
    inventory: report.inventory,
    inventoryCollapsed: true,
    elsewhere: elsewhere(links),
    clearedSinceLastRun: cleared,
    applyMinSeverity: true,
    changeView: true,
    details: report.details === true,
  };
  return { body: renderReport(report.result, { ...options, links }), stable: renderReport(report.result, options) };
}

/**
 * GitHub refuses a check run whose `output.summary` is over 65,535 bytes of UTF-8 — bytes, not
 * characters as for a comment (github/docs#35252) — and a report's rows carry emoji of four bytes
 * each, so the summary is fitted in bytes, with room to spare.
 */
export const CHECK_RUN_SUMMARY_MAX_BYTES = 65_000;

/** The report for a check run's summary: the comment's, fitted to `CHECK_RUN_SUMMARY_MAX_BYTES`; the verdict alone with `verdictOnly`. */
export function checkRunSummary(report: GitHubReport, verdictOnly = false): string {
  const links = report.target?.links ?? {};
  const fit = { max: CHECK_RUN_SUMMARY_MAX_BYTES, measure: 'bytes' as const, elsewhere: elsewhere(links), links };
  if (verdictOnly) return verdictOnlyReport(report.result, fit);
  return renderReport(report.result, { ...fit, inventory: report.inventory, inventoryCollapsed: true, applyMinSeverity: true, changeView: true, details: report.details === true });
}

function elsewhere(links: { runUrl?: string }): string {
  return `The job summary${links.runUrl ? ` of [the workflow run](${links.runUrl})` : ''} and the SARIF report list every finding.`;
}

/**
 * The verdict alone, and where the report is: the comment's body when GitHub refused the full one
 * (422), so the comment never keeps an earlier run's verdict.
 */
export function verdictOnlyMarkdown(report: GitHubReport): { body: string; stable: string } {
  const links = report.target?.links ?? {};
  const body = verdictOnlyReport(report.result, { max: COMMENT_MAX_CHARS, elsewhere: elsewhere(links), links });
  return { body, stable: verdictOnlyReport(report.result, { max: COMMENT_MAX_CHARS, elsewhere: elsewhere({}) }) };
}

/**
 * Annotations per the `annotations` input. Within GitHub's per-step caps, workflow commands;
 * beyond them, a check run carrying every finding when the token may write checks; otherwise a
 * notice that says how many were left out and where they are. API failures become that notice,
 * never a failed step.
 */
export async function annotate(report: GitHubReport, mode: AnnotationMode): Promise<void> {
  if (mode === 'off') return;
  const { result } = report;
  const plan = planAnnotations(result.findings, { reserved: reserved(result) });
  let checkRunNote = '';
  const wantCheckRun = mode === 'check-run' || (mode === 'auto' && plan.omitted > 0);
  if (wantCheckRun && result.findings.length > 0) {
    const outcome = await tryCheckRun(report, plan.ordered);
    if (typeof outcome === 'object') {
      if (mode === 'check-run') {
        actionLog.notice(`Containment annotated ${plural(outcome.annotated, 'place')} in the "Containment" check run: ${outcome.url}`);
        return;
      }
      checkRunNote = `The "Containment" check run annotates all ${plural(outcome.annotated, 'place')}: ${outcome.url}`;
    } else {
      checkRunNote = outcome;
    }
  }
  emitAnnotations(result.findings, actionAnnotations, {
    reserved: reserved(result),
    omittedMessage: (omitted, total, perLevel) =>
      `Containment found ${total} findings (one annotation per line); GitHub shows at most ${perLevel} annotations per level in a step, so ` +
      `${omitted} ${omitted === 1 ? 'line is' : 'lines are'} not annotated here. ${checkRunNote || 'The job summary and the SARIF report list every finding.'}`,
  });
}

/** The check run's outcome, or a sentence saying why there is none and where the findings are instead. */
async function tryCheckRun(report: GitHubReport, ordered: ScanResult['findings']): Promise<{ url: string; annotated: number } | string> {
  const { client, target, result } = report;
  const elsewhere = 'The job summary and the SARIF report list every finding.';
  if (client === undefined || target?.sha === undefined) return `No check run could be created outside a GitHub repository run. ${elsewhere}`;
  const request = {
    owner: target.owner,
    repo: target.repo,
    sha: target.sha,
    findings: ordered,
    title: result.failed ? 'Containment: failed' : 'Containment: passed',
    summary: checkRunSummary(report),
    conclusion: result.failed ? ('failure' as const) : ('success' as const),
  };
  try {
    try {
      return await publishCheckRun(client, request);
    } catch (error) {
      // Refused as invalid (a size GitHub counts otherwise than we do): once more with the verdict alone.
      if (httpStatus(error) !== 422) throw error;
      return await publishCheckRun(client, { ...request, summary: checkRunSummary(report, true) });
    }
  } catch (error) {
    const status = httpStatus(error);
    const why = isApiStopped(error)
      ? `it was not created (${describeApiError(error)})`
      : isRateLimited(error)
      ? `GitHub's rate limit did not lift while Containment waited (${describeApiError(error)})`
      : status === 403 || status === 404
        ? 'the token may not write checks (it needs `checks: write`; pull requests from forks get a read-only token)'
        : `GitHub refused the check run (${describeApiError(error)})`;
    return `A check run would carry them all, but ${why}. ${elsewhere}`;
  }
}

/**
 * The sticky pull-request comment. A 403 (a fork's read-only token, or no `pull-requests: write`)
 * is one warning naming the missing permission; every other report still carries everything and
 * the step's result does not change.
 */
export async function comment(report: GitHubReport, key: string): Promise<void> {
  const { result } = report;
  await upsertComment(report, key, (previous) => commentMarkdown(report, previous), result.findings.length === 0 && result.notices.length === 0, () => verdictOnlyMarkdown(report));
}

/**
 * The sticky comment with a body that is not a scan's report (the pull request that was not
 * judged): it replaces whatever verdict an earlier run left there.
 */
export async function commentText(report: Pick<GitHubReport, 'client' | 'target'>, key: string, markdown: string): Promise<void> {
  await upsertComment(report, key, () => ({ body: markdown, stable: markdown }), false);
}

async function upsertComment(
  report: Pick<GitHubReport, 'client' | 'target'>,
  key: string,
  render: (previous: boolean) => { body: string; stable: string },
  onlyUpdate: boolean,
  fallback?: (previous: boolean) => { body: string; stable: string },
): Promise<void> {
  const { client, target } = report;
  const pull = target?.pullRequest;
  if (client === undefined || target === undefined || pull === undefined) return;
  try {
    const outcome = await upsertStickyComment(client, { owner: target.owner, repo: target.repo, issueNumber: pull.number, key, render, onlyUpdate, ...(fallback ? { fallback } : {}) });
    if (outcome.action === 'not-needed') actionLog.info('No findings and no earlier comment: no pull-request comment is needed.');
    else if (outcome.refused) {
      actionLog.warning(
        `GitHub refused Containment's report as the comment on pull request #${pull.number} (${outcome.refused}); the comment (${outcome.action}: ${outcome.url}) gives the verdict only. The job summary carries the whole report.`,
      );
    } else actionLog.info(`Pull-request comment ${outcome.action}: ${outcome.url}`);
  } catch (error) {
    const status = httpStatus(error);
    if (isApiStopped(error) && error.reason === 'budget') {
      // The budget's own warning already said that API work stopped and where the findings are.
      actionLog.info(`Containment did not comment on pull request #${pull.number} (${describeApiError(error)}).`);
    } else if (isRateLimited(error)) {
      actionLog.warning(
        `Containment could not comment on pull request #${pull.number} (${describeApiError(error)}): GitHub's rate limit did not lift while it waited and retried. The annotations, the job summary and the SARIF report still carry every finding.`,
      );
    } else if (status === 403 || status === 404) {
      const cause = pull.fromFork
        ? 'This pull request comes from a fork, and GitHub gives workflows on fork pull requests a read-only token.'
        : 'Add `permissions: pull-requests: write` to the job (or the workflow).';
      actionLog.warning(
        `Containment could not comment on pull request #${pull.number} (${describeApiError(error)}): the token lacks the ` +
          `\`pull-requests: write\` permission. ${cause} The annotations, the job summary and the SARIF report still carry every finding.`,
      );
    } else {
      actionLog.warning(`Containment could not comment on pull request #${pull.number} (${describeApiError(error)}). The job summary carries the whole report.`);
    }
  }
}

/**
 * The fixes of new findings on added lines, as one review with suggestion blocks (see
 * `publishSuggestions`). A refusal is one notice and never fails the step: the comment, the
 * annotations and SARIF carry every finding; a fork's read-only token is the expected case.
 */
export async function suggest(report: GitHubReport, key: string, max: number): Promise<void> {
  const { client, target, result } = report;
  const pull = target?.pullRequest;
  if (client === undefined || target === undefined || pull?.headSha === undefined || result.pullRequest === undefined) return;
  if (result.pullRequest.incomplete) {
    actionLog.info('No suggestions: the list of changed lines is incomplete, so which lines the pull request adds is not known.');
    return;
  }
  try {
    const outcome = await publishSuggestions(client, { owner: target.owner, repo: target.repo, pullNumber: pull.number, commitId: pull.headSha, key, findings: result.findings, max });
    const parts = [
      outcome.posted ? `${plural(outcome.posted, 'suggestion')} posted in one review${outcome.reviewUrl ? `: ${outcome.reviewUrl}` : ''}` : '',
      outcome.updated ? `${outcome.updated} updated` : '',
      outcome.withdrawn ? `${outcome.withdrawn} withdrawn (fixed)` : '',
      outcome.unchanged ? `${outcome.unchanged} unchanged` : '',
      outcome.overCap ? `${outcome.overCap} over the cap of ${max}, listed in the comment` : '',
    ].filter(Boolean);
    // Fixes without whole lines (longer than a suggestion holds, or past their file's allowance:
    // src/evaluate/fixes/compute-fix.ts) are made by `containment fix`: say so, not that there are none.
    const unsuggested = result.findings.filter((finding) => finding.novelty === 'new' && finding.onChangedLine && finding.fix && !finding.fix.lines).length;
    const none = unsuggested
      ? `No suggestions: ${plural(unsuggested, 'new finding')} on added lines ${unsuggested === 1 ? 'has a fix' : 'have fixes'} on lines too long to suggest, which \`containment fix\` makes.`
      : 'No suggestions: no new finding on an added line has a fix.';
    actionLog.info(parts.length ? `Suggestions: ${parts.join('; ')}.${unsuggested ? ` ${unsuggested} more ${unsuggested === 1 ? 'fix is' : 'fixes are'} on lines too long to suggest.` : ''}` : none);
  } catch (error) {
    const status = httpStatus(error);
    const why =
      status === 403 || status === 404
        ? pull.fromFork
          ? 'this pull request comes from a fork, and GitHub gives workflows on fork pull requests a read-only token'
          : 'the token lacks the `pull-requests: write` permission'
        : describeApiError(error);
    actionLog.notice(`Containment did not post its suggested fixes as a review (${why}). The comment and the annotations list the findings; \`containment fix\` applies the fixes locally.`);
  }
}
