import type { Finding } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { truncateText, wellFormed } from '../truncate-text.js';
import type { GitHubClient } from './client.js';

/**
 * The Checks API takes at most 50 annotations per request and appends each update's to the ones
 * already there (https://docs.github.com/en/rest/checks/runs#update-a-check-run).
 */
export const ANNOTATIONS_PER_REQUEST = 50;
/**
 * Beyond this many, the rest stay in the summary and SARIF: write requests are spaced a second
 * apart (GitHub's guidance for POST/PATCH), so 20 requests already take 20 seconds.
 */
export const MAX_CHECK_RUN_ANNOTATIONS = 1000;
/** GitHub's limits on an annotation's `title` and `message` (the API rejects longer ones). */
const TITLE_MAX = 255;
const MESSAGE_MAX = 64 * 1024 - 1;

/** Check-run annotation levels: the Checks API calls an error `failure`. */
export const CHECK_ANNOTATION_LEVEL: Record<Severity, 'failure' | 'warning' | 'notice'> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

export interface CheckRunRequest {
  owner: string;
  repo: string;
  /** The commit the check run is attached to: the pull request's head. */
  sha: string;
  /** In the order they should be annotated: most important first, since a cap may cut the end. */
  findings: readonly Finding[];
  /** The same markdown as the comment; at most 65,535 characters. */
  summary: string;
  title: string;
  conclusion: 'success' | 'failure' | 'neutral';
}

export interface CheckRunOutcome {
  url: string;
  annotated: number;
}

/**
 * A check run named "Containment" that carries every finding as an annotation: created in progress
 * with the first 50, then one PATCH per further 50, the last one completing it, so a reader never
 * sees a completed check run with half its annotations.
 */
export async function publishCheckRun(client: GitHubClient, request: CheckRunRequest): Promise<CheckRunOutcome> {
  const annotations = request.findings.slice(0, MAX_CHECK_RUN_ANNOTATIONS).map(checkAnnotation);
  const batches: Array<typeof annotations> = [];
  for (let start = 0; start < annotations.length; start += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(start, start + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  // A lone surrogate (a YAML "\ud83d" escape in a name) is not text GitHub can store: U+FFFD instead.
  const output = (batch: typeof annotations) => ({ title: wellFormed(request.title), summary: wellFormed(request.summary), annotations: batch });
  const { owner, repo } = request;
  const [first = [], ...rest] = batches;
  const done = { status: 'completed' as const, conclusion: request.conclusion, completed_at: new Date().toISOString() };
  const { data } = await client.rest.checks.create({
    owner,
    repo,
    name: 'Containment',
    head_sha: request.sha,
    ...(rest.length === 0 ? done : { status: 'in_progress' as const }),
    output: output(first),
  });
  for (const [index, batch] of rest.entries()) {
    await client.rest.checks.update({
      owner,
      repo,
      check_run_id: data.id,
      ...(index === rest.length - 1 ? done : {}),
      output: output(batch),
    });
  }
  return { url: data.html_url ?? '', annotated: annotations.length };
}

/** One finding as a check-run annotation; columns only on a one-line range, as the API requires. */
export function checkAnnotation(finding: Finding) {
  const { start, end } = finding.range;
  const endLine = Math.max(start.line, end.line);
  return {
    path: wellFormed(finding.path),
    start_line: start.line,
    end_line: endLine,
    ...(endLine === start.line ? { start_column: start.column, end_column: Math.max(start.column, end.column) } : {}),
    annotation_level: CHECK_ANNOTATION_LEVEL[finding.severity],
    title: truncateText(`${finding.title} (${finding.severity}, ${finding.ruleId})`, TITLE_MAX),
    message: truncateText(finding.message, MESSAGE_MAX),
  };
}

