import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for api.github.com on 127.0.0.1: the endpoints the Action uses, answering with
 * the shapes of GitHub's REST reference (issue comments, check runs, the authenticated user),
 * recording every request, and failing on request. Its limits are GitHub's: a comment body over
 * 65,536 characters, a check run's summary over 65,535 bytes of UTF-8 and more than 50 check-run annotations per
 * request are refused with 422.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
  /** When the request arrived, in `performance.now()` milliseconds. */
  at: number;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; id: number; type: 'User' | 'Bot' };
  performed_via_github_app: { slug: string } | null;
  html_url: string;
}

/** A pull-request review comment (REST "Review comments"), on one line or a range of the head. */
export interface FakeReviewComment {
  id: number;
  pull: number;
  review_id: number;
  path: string;
  line: number;
  start_line: number | null;
  side: string;
  commit_id: string;
  body: string;
  user: FakeComment['user'];
  html_url: string;
}

/** A canned failure: the next `times` requests matching `method` and `path` get this answer. */
export interface Failure {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  message: string;
  times?: number;
  /** Accept the request and never answer it (a hung server). */
  hang?: boolean;
  /** Answer with this body as is, instead of GitHub's JSON error (malformed JSON). */
  raw?: string;
}

const ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const };
const MAX_COMMENT = 65_536;
const MAX_ANNOTATIONS = 50;
const MAX_CHECK_SUMMARY = 65_535;
const PAGE_DEFAULT = 30;

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly checkRuns: Array<{ id: number; name: string; head_sha: string; status: string; conclusion?: string; summary: string; annotations: unknown[] }> = [];
  readonly failures: Failure[] = [];
  /** `GET /user` answers 403 for an installation token such as `GITHUB_TOKEN`; set a login for a PAT. */
  userLogin: string | undefined;
  /** "List pull requests files" answers (unset: 404, as if the endpoint were unreachable). */
  pullFiles: Array<{ filename: string; status: string; patch?: string; previous_filename?: string }> | undefined;
  /** Accept every request and answer none (a GitHub that hangs on every connection). */
  hangAll = false;
  /** Extra `link` header for every comment listing page (a hostile or broken pagination link). */
  commentsLink: string | undefined;
  /** Reviews created ("Create a review for a pull request"), each with the comments it carried. */
  readonly reviews: Array<{ id: number; pull: number; commit_id: string; event: string; body: string; comments: number[] }> = [];
  readonly reviewComments: FakeReviewComment[] = [];
  /** Commits by `owner/repo@ref`, served by "Get a commit" with the `application/vnd.github.sha` media type. */
  readonly commits = new Map<string, string>();
  /** Files at the pull request's base, served by "Get repository content" (raw media type). */
  readonly baseContents = new Map<string, string>();
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    // Hung requests (failures with `hang`) would keep the server open forever.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Comments already on the pull request, written by someone else. */
  seedComments(issue: number, bodies: string[], user: FakeComment['user'] = { login: 'octocat', id: 1, type: 'User' }): void {
    const list = this.comments.get(issue) ?? [];
    for (const body of bodies) list.push(this.comment(issue, body, user));
    this.comments.set(issue, list);
  }

  /** The requests that are writes (POST, PATCH), for "was anything rewritten" checks. */
  writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  private comment(issue: number, body: string, user: FakeComment['user']): FakeComment {
    const id = this.nextId++;
    return {
      id,
      body,
      user,
      performed_via_github_app: user.type === 'Bot' ? { slug: 'github-actions' } : null,
      html_url: `https://github.com/owner/repo/pull/${issue}#issuecomment-${id}`,
    };
  }

  /**
   * "Create a review for a pull request": every comment must name a file of the change and lines
   * inside one hunk of its patch on the RIGHT side, or GitHub answers 422 and creates nothing.
   */
  private createReview(pull: number, body: unknown, response: ServerResponse): void {
    const request = body as { commit_id?: string; event?: string; body?: string; comments?: Array<Record<string, unknown>> };
    if (!request.commit_id || !/^[0-9a-f]{40}$/.test(request.commit_id)) {
      send(response, 422, { message: 'Validation Failed: commit_id' });
      return;
    }
    const comments = request.comments ?? [];
    for (const comment of comments) {
      const file = this.pullFiles?.find((candidate) => candidate.filename === comment['path']);
      const line = Number(comment['line']);
      const start = comment['start_line'] === undefined ? line : Number(comment['start_line']);
      const inHunk = diffLines(file?.patch).some(([from, to]) => start >= from && line <= to && start <= line);
      if (!file || !inHunk || comment['side'] !== 'RIGHT') {
        send(response, 422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] });
        return;
      }
    }
    const id = this.nextId++;
    const created = comments.map((comment) => {
      const made: FakeReviewComment = {
        id: this.nextId++,
        pull,
        review_id: id,
        path: String(comment['path']),
        line: Number(comment['line']),
        start_line: comment['start_line'] === undefined ? null : Number(comment['start_line']),
        side: String(comment['side']),
        commit_id: request.commit_id!,
        body: String(comment['body']),
        user: ACTIONS_BOT,
        html_url: '',
      };
      made.html_url = `https://github.com/owner/repo/pull/${pull}#discussion_r${made.id}`;
      return made;
    });
    this.reviewComments.push(...created);
    this.reviews.push({ id, pull, commit_id: request.commit_id, event: request.event ?? 'PENDING', body: request.body ?? '', comments: created.map((c) => c.id) });
    send(response, 200, { id, state: request.event === 'COMMENT' ? 'COMMENTED' : 'PENDING', html_url: `https://github.com/owner/repo/pull/${pull}#pullrequestreview-${id}` });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const text = await readBody(request);
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body, headers: request.headers, at: performance.now() });
    if (this.hangAll) return;

    const failure = this.failures.find((candidate) => candidate.method === method && candidate.path.test(url.pathname));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.hang) return;
      if (failure.raw !== undefined) {
        response.writeHead(failure.status, { 'content-type': 'application/json; charset=utf-8', ...failure.headers });
        response.end(failure.raw);
        return;
      }
      return send(response, failure.status, { message: failure.message, documentation_url: 'https://docs.github.com/rest' }, failure.headers);
    }
    const route = `${method} ${url.pathname}`;
    if (/^GET \/repos\/[^/]+\/[^/]+\/pulls\/\d+\/files$/.test(route)) {
      if (this.pullFiles === undefined) return send(response, 404, { message: 'Not Found' });
      const perPage = Number(url.searchParams.get('per_page') ?? PAGE_DEFAULT);
      const page = Number(url.searchParams.get('page') ?? 1);
      // GitHub pages with a Link header (rel="next") and lists at most 3,000 files in all.
      const all = this.pullFiles.slice(0, 3000);
      const next = page * perPage < all.length ? { link: `<${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : undefined;
      return send(response, 200, all.slice((page - 1) * perPage, page * perPage), next);
    }
    const content = route.match(/^GET \/repos\/[^/]+\/[^/]+\/contents\/(.+)$/);
    if (content) {
      const text = this.baseContents.get(decodeURIComponent(content[1] ?? ''));
      if (text === undefined) return send(response, 404, { message: 'Not Found' });
      // The raw media type answers with the file itself (REST "Get repository content").
      response.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
      return void response.end(text);
    }
    const reviewListing = route.match(/^GET \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/);
    if (reviewListing) {
      const all = this.reviewComments.filter((comment) => comment.pull === Number(reviewListing[1]));
      const perPage = Number(url.searchParams.get('per_page') ?? PAGE_DEFAULT);
      const page = Number(url.searchParams.get('page') ?? 1);
      const next = page * perPage < all.length ? { link: `<${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : undefined;
      return send(response, 200, all.slice((page - 1) * perPage, page * perPage), next);
    }
    const reviewing = route.match(/^POST \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/);
    if (reviewing) return this.createReview(Number(reviewing[1]), body, response);
    const reviewEdit = route.match(/^PATCH \/repos\/[^/]+\/[^/]+\/pulls\/comments\/(\d+)$/);
    if (reviewEdit) {
      const comment = this.reviewComments.find((candidate) => candidate.id === Number(reviewEdit[1]));
      if (!comment) return send(response, 404, { message: 'Not Found' });
      comment.body = field(body, 'body');
      return send(response, 200, comment);
    }
    const commit = route.match(/^GET \/repos\/([^/]+)\/([^/]+)\/commits\/(.+)$/);
    if (commit) {
      const sha = this.commits.get(`${commit[1]}/${commit[2]}@${decodeURIComponent(commit[3] ?? '')}`);
      if (sha === undefined) return send(response, 422, { message: 'No commit found for SHA' });
      if (request.headers.accept !== 'application/vnd.github.sha') return send(response, 200, { sha });
      response.writeHead(200, { 'content-type': 'application/vnd.github.sha; charset=utf-8' });
      return void response.end(sha);
    }
    if (route === 'GET /user') {
      if (this.userLogin === undefined) return send(response, 403, { message: 'Resource not accessible by integration' });
      return send(response, 200, { login: this.userLogin, id: 7, type: 'User' });
    }
    const listing = route.match(/^GET \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/);
    if (listing) {
      const all = this.comments.get(Number(listing[1])) ?? [];
      const perPage = Number(url.searchParams.get('per_page') ?? PAGE_DEFAULT);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const headers: Record<string, string> = {};
      if (this.commentsLink !== undefined) headers.link = this.commentsLink;
      else if (page < last) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next", <${url.origin}${url.pathname}?per_page=${perPage}&page=${last}>; rel="last"`;
      }
      return send(response, 200, all.slice((page - 1) * perPage, page * perPage), headers);
    }
    const creating = route.match(/^POST \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/);
    if (creating) {
      const issue = Number(creating[1]);
      const commentBody = field(body, 'body');
      if (commentBody.length > MAX_COMMENT) return send(response, 422, { message: 'Validation Failed', errors: [{ message: 'Body is too long (maximum is 65536 characters)' }] });
      const created = this.comment(issue, commentBody, ACTIONS_BOT);
      this.comments.set(issue, [...(this.comments.get(issue) ?? []), created]);
      return send(response, 201, created);
    }
    const editing = route.match(/^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/);
    if (editing) {
      const comment = [...this.comments.values()].flat().find((candidate) => candidate.id === Number(editing[1]));
      if (!comment) return send(response, 404, { message: 'Not Found' });
      const commentBody = field(body, 'body');
      if (commentBody.length > MAX_COMMENT) return send(response, 422, { message: 'Validation Failed' });
      comment.body = commentBody;
      return send(response, 200, comment);
    }
    if (route.match(/^POST \/repos\/[^/]+\/[^/]+\/check-runs$/)) {
      const output = (body as { output?: { summary?: string; annotations?: unknown[] } }).output ?? {};
      if ((output.annotations ?? []).length > MAX_ANNOTATIONS) return send(response, 422, { message: 'Validation Failed: too many annotations' });
      if (Buffer.byteLength(output.summary ?? '', 'utf8') > MAX_CHECK_SUMMARY) return send(response, 422, { message: 'Invalid request. Only 65535 bytes are allowed; summary exceeds a maximum bytesize of 65535.' });
      const run = {
        id: this.nextId++,
        name: field(body, 'name'),
        head_sha: field(body, 'head_sha'),
        status: field(body, 'status') || 'queued',
        conclusion: field(body, 'conclusion') || undefined,
        summary: output.summary ?? '',
        annotations: [...(output.annotations ?? [])],
      };
      this.checkRuns.push(run);
      return send(response, 201, { ...run, html_url: `https://github.com/owner/repo/runs/${run.id}`, output: { annotations_count: run.annotations.length } });
    }
    const checkRunUpdate = route.match(/^PATCH \/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/);
    if (checkRunUpdate) {
      const run = this.checkRuns.find((candidate) => candidate.id === Number(checkRunUpdate[1]));
      if (!run) return send(response, 404, { message: 'Not Found' });
      const output = (body as { output?: { summary?: string; annotations?: unknown[] } }).output ?? {};
      if ((output.annotations ?? []).length > MAX_ANNOTATIONS) return send(response, 422, { message: 'Validation Failed: too many annotations' });
      if (Buffer.byteLength(output.summary ?? '', 'utf8') > MAX_CHECK_SUMMARY) return send(response, 422, { message: 'Invalid request. Only 65535 bytes are allowed; summary exceeds a maximum bytesize of 65535.' });
      run.annotations.push(...(output.annotations ?? []));
      if (field(body, 'status')) run.status = field(body, 'status');
      if (field(body, 'conclusion')) run.conclusion = field(body, 'conclusion');
      return send(response, 200, { ...run, html_url: `https://github.com/owner/repo/runs/${run.id}` });
    }
    send(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }
}

/** The new-side line ranges of a file's patch (`@@ -a,b +c,d @@`): the lines a review comment may be on. */
function diffLines(patch: string | undefined): Array<[number, number]> {
  return [...(patch ?? '').matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)].map((m) => [Number(m[1]), Number(m[1]) + Number(m[2] ?? 1) - 1]);
}

function field(body: unknown, key: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    ...headers,
  });
  response.end(JSON.stringify(body));
}
