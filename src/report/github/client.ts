import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { defaults as gitHubDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** The Octokit the Action talks to GitHub with. */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /** `GITHUB_API_URL`, so GitHub Enterprise Server works (`https://HOST/api/v3`). */
  baseUrl: string;
  /**
   * Milliseconds per second of `retry-after` and of the retry plugin's back-off. GitHub's
   * guidance is to wait the seconds it says; tests against a local server shrink the unit.
   */
  retryUnitMs?: number;
}

/**
 * Retries after a secondary rate limit or a primary one: GitHub says how long to wait in
 * `retry-after` or `x-ratelimit-reset` and asks clients to wait that long
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately).
 * Bounded, so a step never hangs on an exhausted limit: a report a minute late is fine, an hour is not.
 */
const RATE_LIMIT_RETRIES = 2;
const LONGEST_WAIT_SECONDS = 60;
/** 5xx answers are retried with back-off 1, 4, 9 seconds (the retry plugin's schedule). */
const SERVER_ERROR_RETRIES = 3;
/**
 * How long one request may wait for GitHub's answer. Without it a server that accepts the
 * connection and never answers holds the step until the job's timeout (six hours by default).
 * `CONTAINMENT_REQUEST_TIMEOUT_MS` overrides it (tests).
 */
export const REQUEST_TIMEOUT_MS = 30_000;

function requestTimeoutMs(): number {
  const value = Number(process.env['CONTAINMENT_REQUEST_TIMEOUT_MS']);
  return process.env['CONTAINMENT_REQUEST_TIMEOUT_MS'] && Number.isFinite(value) && value > 0 ? value : REQUEST_TIMEOUT_MS;
}

type Fetch = typeof fetch;

/**
 * @actions/github's proxy-aware fetch (it honours https_proxy and no_proxy), with a time limit
 * on each call. Passing `request: { fetch }` replaces the library's default request options
 * rather than merging with them, so its fetch is wrapped here instead of dropped.
 */
function fetchWithTimeout(timeoutMs: number): Fetch {
  const proxyFetch = (gitHubDefaults.request?.fetch as Fetch | undefined) ?? fetch;
  return (url, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return proxyFetch(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

/**
 * An Octokit with GitHub's retry and throttling plugins. The token is masked first, so that it
 * cannot appear in the log even if a request or an error were printed.
 */
export function gitHubClient(options: ClientOptions): GitHubClient {
  core.setSecret(options.token);
  const unit = options.retryUnitMs ?? 1000;
  const retryAfterIsBearable = (seconds: number, retryCount: number) => retryCount < RATE_LIMIT_RETRIES && seconds <= LONGEST_WAIT_SECONDS;
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      request: { agent: gitHubDefaults.request?.agent, fetch: fetchWithTimeout(requestTimeoutMs()) },
      retry: { retries: SERVER_ERROR_RETRIES, retryAfterBaseValue: unit },
      throttle: {
        retryAfterBaseValue: unit,
        onRateLimit: (seconds, request, _octokit, retryCount) => {
          core.info(`GitHub's rate limit was reached for ${request.method} ${request.url}; retry ${retryCount + 1} after ${seconds}s.`);
          return retryAfterIsBearable(seconds, retryCount);
        },
        onSecondaryRateLimit: (seconds, request, _octokit, retryCount) => {
          core.info(`GitHub's secondary rate limit was reached for ${request.method} ${request.url}; retry ${retryCount + 1} after ${seconds}s.`);
          return retryAfterIsBearable(seconds, retryCount);
        },
      },
      // Octokit logs failed requests itself; the Action reports each failure once, as a warning.
      log: { debug: () => {}, info: () => {}, warn: (message: string) => core.debug(message), error: (message: string) => core.debug(message) },
    },
    retry,
    throttling,
  );
}

/** The HTTP status of an Octokit error, or undefined for anything else (a network failure). */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') return error.status;
  return undefined;
}

/**
 * A 403 or 429 that is GitHub's rate limit rather than a refusal: its message says so, or it
 * carries `retry-after` or an exhausted `x-ratelimit-remaining`. The plugins have already waited
 * and retried when this reaches a caller; it must not be mistaken for a missing permission.
 */
export function isRateLimited(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return false;
  if (status === 429 || (error instanceof Error && /rate limit/i.test(error.message))) return true;
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  return headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0';
}

/** One line about a failed request: the status and GitHub's message, never the request (it holds the token header). */
export function describeApiError(error: unknown): string {
  // A timed-out request surfaces as a status-500 error whose cause is the abort: say what happened.
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  if ([error, cause].some((e) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))) {
    return `no answer from GitHub within ${Math.round(requestTimeoutMs() / 100) / 10} s`;
  }
  const status = httpStatus(error);
  // Octokit appends GitHub's `documentation_url` to the message; the status says enough.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  return status === undefined ? (message ?? 'unknown error') : `HTTP ${status}: ${message}`;
}
