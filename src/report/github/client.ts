import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
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

/** One line about a failed request: the status and GitHub's message, never the request (it holds the token header). */
export function describeApiError(error: unknown): string {
  const status = httpStatus(error);
  // Octokit appends GitHub's `documentation_url` to the message; the status says enough.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  return status === undefined ? (message ?? 'unknown error') : `HTTP ${status}: ${message}`;
}
