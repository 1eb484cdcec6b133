import type { Finding } from '../../core/finding.js';
import { SEVERITIES } from '../../core/severity.js';
import { codeSpan, messageMarkdown, sentenceMarkdown } from '../markdown-escape.js';
import { wellFormed } from '../truncate-text.js';
import type { GitHubClient } from './client.js';
import { ownIdentity } from './sticky-comment.js';

/** Where the review goes and which of this step's suggestions to post. */
export interface SuggestionRequest {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The pull request's head commit: the lines suggested on are that commit's. */
  commitId: string;
  /** Tells this step's suggestions from another Containment step's (the comment key). */
  key: string;
  /** Every finding of the head scan: those with a fix on added lines are suggested, the rest tell what is still there. */
  findings: readonly Finding[];
  max: number;
}

export interface SuggestionOutcome {
  /** Suggestions in the review this run posted (0: none posted). */
  posted: number;
  updated: number;
  /** Earlier suggestions whose finding is gone, marked as such. */
  withdrawn: number;
  unchanged: number;
  /** Suggestable findings over the cap, left to the comment. */
  overCap: number;
  reviewUrl?: string;
}

interface ReviewComment {
  id: number;
  body?: string;
  user: { login: string } | null;
}

/** The hidden first line of each suggestion: this step's key and the finding's fingerprint. */
export function suggestionMarker(key: string, fingerprint: string): string {
  return `<!-- containment-suggestion:${key}:${fingerprint} -->`;
}

const WITHDRAWN = '<!-- containment-suggestion-withdrawn -->';

/** New findings whose fix lies on lines the pull request adds, the most severe first, then in file order. */
export function suggestable(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((f) => f.fix?.lines && f.novelty === 'new' && f.fixOnAddedLines)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line);
}

/** A fence longer than any run of backticks in the text, so a suggestion holding ``` stays one block. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/**
 * One suggestion's body: the marker, the finding, the label and what to check, then the block. The
 * fix's description quotes the file (a service's name, a key, a path) and is rendered as
 * `sentenceMarkdown`: its code spans kept, everything else escaped.
 */
export function suggestionBody(finding: Finding, key: string): string {
  const fix = finding.fix!;
  const label = fix.label === 'changes-behaviour' ? `⚠️ **Changes behaviour.** ${sentenceMarkdown(fix.check)}` : `**Safe.** ${sentenceMarkdown(fix.check)}`;
  const lines = fix.lines!;
  const marks = fence(lines.text);
  // A lone surrogate (a YAML "\ud83d" escape in a name) is not text GitHub can store: U+FFFD instead.
  return wellFormed([
    suggestionMarker(key, finding.fingerprint),
    `**${finding.severity}** ${codeSpan(finding.ruleId)}: ${messageMarkdown(finding)}`,
    '',
    `${sentenceMarkdown(fix.description)} ${label}`,
    '',
    `${marks}suggestion`,
    lines.text,
    marks,
  ].join('\n'));
}

function withdrawnBody(marker: string, previous: string): string {
  const headline = previous.split('\n')[1] ?? '';
  return [marker, WITHDRAWN, `~~${headline.replace(/~/g, '')}~~`, '', 'Containment no longer finds this on the latest commit, so this suggestion is withdrawn.'].join('\n');
}

/**
 * Posts the fixes of new findings on added lines as ONE review with suggestion blocks, and keeps
 * earlier runs' suggestions current instead of repeating them (reviewdog's hidden marker, as the
 * sticky comment): a suggestion already posted is edited when its text changed, one whose finding
 * is gone is marked withdrawn (its block removed, so it cannot be applied any more), and only the
 * new ones go into this run's review. Only comments written by this token's identity count.
 * Throws the API's error (a fork's read-only token: 403) for the caller to turn into one notice.
 */
export async function publishSuggestions(client: GitHubClient, request: SuggestionRequest): Promise<SuggestionOutcome> {
  const { owner, repo, pullNumber, key } = request;
  const all = suggestable(request.findings);
  const wanted = all.slice(0, request.max);
  const present = new Set(request.findings.map((f) => f.fingerprint));
  const isMine = await ownIdentity(client);
  const prefix = `<!-- containment-suggestion:${key}:`;
  const earlier = new Map<string, ReviewComment>();
  for await (const page of client.paginate.iterator(client.rest.pulls.listReviewComments, { owner, repo, pull_number: pullNumber, per_page: 100 })) {
    for (const comment of page.data as ReviewComment[]) {
      const first = comment.body?.split('\n', 1)[0] ?? '';
      if (!first.startsWith(prefix) || !first.endsWith(' -->') || !isMine(comment.user)) continue;
      const fingerprint = first.slice(prefix.length, -' -->'.length);
      if (!earlier.has(fingerprint)) earlier.set(fingerprint, comment);
    }
  }
  const outcome: SuggestionOutcome = { posted: 0, updated: 0, withdrawn: 0, unchanged: 0, overCap: all.length - wanted.length };
  const fresh: Finding[] = [];
  for (const finding of wanted) {
    const existing = earlier.get(finding.fingerprint);
    if (!existing) {
      fresh.push(finding);
      continue;
    }
    const body = suggestionBody(finding, key);
    if (existing.body === body) outcome.unchanged++;
    else {
      await client.rest.pulls.updateReviewComment({ owner, repo, comment_id: existing.id, body });
      outcome.updated++;
    }
  }
  for (const [fingerprint, comment] of earlier) {
    if (present.has(fingerprint) || comment.body?.split('\n', 2)[1] === WITHDRAWN) continue;
    await client.rest.pulls.updateReviewComment({ owner, repo, comment_id: comment.id, body: withdrawnBody(suggestionMarker(key, fingerprint), comment.body ?? '') });
    outcome.withdrawn++;
  }
  if (fresh.length > 0) {
    const { data } = await client.rest.pulls.createReview({
      owner,
      repo,
      pull_number: pullNumber,
      commit_id: request.commitId,
      event: 'COMMENT',
      body: reviewBody(key, fresh.length, outcome.overCap),
      comments: fresh.map((finding) => {
        const { start, end } = finding.fix!.lines!;
        return {
          path: finding.path,
          line: end,
          side: 'RIGHT' as const,
          ...(start < end ? { start_line: start, start_side: 'RIGHT' as const } : {}),
          body: suggestionBody(finding, key),
        };
      }),
    });
    outcome.posted = fresh.length;
    outcome.reviewUrl = data.html_url;
  }
  return outcome;
}

function reviewBody(key: string, count: number, overCap: number): string {
  const more = overCap > 0 ? ` ${overCap} more fixable finding${overCap === 1 ? ' is' : 's are'} listed in Containment's comment.` : '';
  return `<!-- containment-review:${key} -->\nContainment suggests ${count === 1 ? 'a fix' : `${count} fixes`} for new findings on lines this pull request adds. Each says whether it changes behaviour and what to check before applying it.${more}`;
}
