import { createHash } from 'node:crypto';
import { wellFormed } from '../truncate-text.js';
import { describeApiError, type GitHubClient, httpStatus } from './client.js';

export interface StickyCommentRequest {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Tells this step's comment from another Containment step's: it goes into the hidden marker. */
  key: string;
  /** The body, given whether an earlier comment exists (it then says when all findings are fixed). */
  render(previous: boolean): { body: string; /** The part that matters: no run link, no commit. */ stable: string };
  /** With no earlier comment, create none (a clean pull request needs no comment). */
  onlyUpdate?: boolean;
  /**
   * A short body (the verdict, and where the report is) sent when GitHub refuses the body with
   * 422 (too long, or otherwise invalid): an earlier run's comment must not keep its verdict.
   */
  fallback?(previous: boolean): { body: string; stable: string };
}

export type StickyCommentOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; url: string; /** GitHub refused the full body (this says why); the fallback went instead. */ refused?: string }
  | { action: 'not-needed' };

interface Comment {
  id: number;
  body?: string;
  html_url: string;
  user: { login: string; type?: string } | null;
}

/** The hidden first line that finds this step's comment again on the next run. */
export function commentMarker(key: string): string {
  return `<!-- containment:${key} -->`;
}

/**
 * One comment per pull request and key, updated in place (reviewdog's sticky comment): the marker
 * finds it among all comments (every page: a busy pull request has more than one), and it must
 * be written by this token's own identity, so a comment someone pasted the marker into is never
 * taken over. The PATCH is skipped when nothing but the run link or the commit changed, so
 * re-runs do not churn the comment or notify anyone.
 */
export async function upsertStickyComment(client: GitHubClient, request: StickyCommentRequest): Promise<StickyCommentOutcome> {
  const { owner, repo, issueNumber } = request;
  const marker = commentMarker(request.key);
  const isMine = await ownIdentity(client);
  const candidates: Comment[] = [];
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 })) {
    for (const comment of page.data) if (comment.body?.startsWith(marker) && isMine(comment.user)) candidates.push(comment);
  }
  // The oldest of this identity's comments carrying the marker.
  const existing = candidates[0];
  if (existing === undefined && request.onlyUpdate) return { action: 'not-needed' };
  const write = async ({ body, stable }: { body: string; stable: string }) => {
    const digestLine = `<!-- containment-digest:${createHash('sha256').update(stable).digest('hex').slice(0, 16)} -->`;
    const full = wellFormed(`${marker}\n${digestLine}\n${body}`);
    if (existing === undefined) {
      const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: full });
      return { action: 'created' as const, url: data.html_url };
    }
    if (existing.body?.split('\n', 2)[1] === digestLine) return { action: 'unchanged' as const, url: existing.html_url };
    const { data } = await client.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: full });
    return { action: 'updated' as const, url: data.html_url };
  };
  try {
    return await write(request.render(existing !== undefined));
  } catch (error) {
    if (httpStatus(error) !== 422 || request.fallback === undefined) throw error;
    return { ...(await write(request.fallback(existing !== undefined))), refused: describeApiError(error) };
  }
}

/** The login GitHub gives the workflow's own `GITHUB_TOKEN` (an installation of the Actions app). */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * Who this token writes as. A personal access token can ask (`GET /user`); an app installation
 * token, the `GITHUB_TOKEN` included, is refused ("Resource not accessible by integration"), and
 * then only `github-actions[bot]` (the `GITHUB_TOKEN`'s author) is trusted: any other bot, e.g.
 * an app anyone can install that comments on pull requests, could otherwise plant the marker and
 * have Containment take over (and rewrite) its comment. With another app's token its own earlier
 * comment is not recognised either, so each run writes a new one: use `GITHUB_TOKEN`, or a token
 * that may call `GET /user`.
 */
export async function ownIdentity(client: GitHubClient): Promise<(user: Comment['user']) => boolean> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return (user) => user?.login === data.login;
  } catch {
    return (user) => user?.login === ACTIONS_BOT;
  }
}
