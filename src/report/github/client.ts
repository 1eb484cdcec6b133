import { getOctokit } from '@actions/github';
import { defaults as gitHubDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { actionLog } from './action-log.js';
import { API_BUDGET_MS, ApiBudget, ApiStopped, formatSeconds, isApiStopped } from './api-budget.js';

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
  /** The step's API budget; by default `API_BUDGET_MS` (or `CONTAINMENT_API_BUDGET_MS`), announced as a warning. */
  budget?: ApiBudget;
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
 * `CONTAINMENT_API_BUDGET_MS` overrides the step's API budget (tests); see `API_BUDGET_MS`.
 */
function budgetMs(): number {
  const value = Number(process.env['CONTAINMENT_API_BUDGET_MS']);
  return process.env['CONTAINMENT_API_BUDGET_MS'] && Number.isFinite(value) && value > 0 ? value : API_BUDGET_MS;
}

/**
 * @actions/github's proxy-aware fetch (it honours https_proxy and no_proxy), guarded. Every
 * attempt, retries included, passes here:
 * - a URL outside `GITHUB_API_URL`'s origin is refused (pagination follows GitHub's `link`
 *   header, and a `next` link elsewhere would carry the token there);
 * - after the step's budget nothing is sent;
 * - each call waits at most the request timeout, or what is left of the budget if that is less.
 * Passing `request: { fetch }` replaces the library's default request options rather than merging
 * with them, so its fetch is wrapped here instead of dropped.
 */
function guardedFetch(apiOrigin: string, timeoutMs: number, budget: ApiBudget): Fetch {
  const proxyFetch = (gitHubDefaults.request?.fetch as Fetch | undefined) ?? fetch;
  return async (url, init = {}) => {
    const target = new URL(url instanceof Request ? url.url : String(url));
    if (target.origin !== apiOrigin) {
      throw new ApiStopped('origin', `GitHub's answer pointed to ${target.origin}, outside GITHUB_API_URL (${apiOrigin}); not followed`);
    }
    if (budget.exhausted()) {
      budget.announce();
      throw new ApiStopped('budget', `not sent: this step's ${formatSeconds(budget.totalMs)} for GitHub API calls ran out`);
    }
    const wait = Math.min(timeoutMs, budget.remaining());
    const limitedByBudget = wait < timeoutMs;
    const controller = new AbortController();
    // Left running after the headers arrive, so a body that never ends is cut off too; unref'd so
    // that a finished call does not keep the process alive.
    const timer = setTimeout(() => controller.abort(), wait);
    timer.unref();
    try {
      return await proxyFetch(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal });
    } catch (error) {
      clearTimeout(timer);
      if (!controller.signal.aborted) throw error;
      if (limitedByBudget) {
        budget.announce();
        throw new ApiStopped('budget', `GitHub API did not answer before this step's ${formatSeconds(budget.totalMs)} for API calls ran out; not retried`);
      }
      throw new ApiStopped('timeout', `GitHub API did not answer within ${formatSeconds(timeoutMs)}; not retried`);
    }
  };
}

/**
 * An Octokit with GitHub's retry and throttling plugins, within one API budget for the step. The
 * token is masked by the caller before anything is printed (`src/main.ts`).
 */
export function gitHubClient(options: ClientOptions): GitHubClient {
  const unit = options.retryUnitMs ?? 1000;
  const budget = options.budget ?? new ApiBudget(budgetMs(), (line) => actionLog.warning(line));
  // A rate-limit wait is worth it only if it ends before the budget does.
  const retryAfterIsBearable = (seconds: number, retryCount: number) =>
    retryCount < RATE_LIMIT_RETRIES && seconds <= LONGEST_WAIT_SECONDS && seconds * unit < budget.remaining();
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      request: { agent: gitHubDefaults.request?.agent, fetch: guardedFetch(new URL(options.baseUrl).origin, requestTimeoutMs(), budget) },
      retry: { retries: SERVER_ERROR_RETRIES, retryAfterBaseValue: unit },
      throttle: {
        retryAfterBaseValue: unit,
        // GitHub asks integrations to space requests that create content by at least a second
        // ("Best practices for using the REST API"); the plugin spaces them so, and those that
        // notify people (a comment) by three. The same spacing, in the same unit as every other
        // wait here, so a test that shrinks the unit does not wait seconds per write.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: unit }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * unit }),
        onRateLimit: (seconds, request, _octokit, retryCount) => {
          const retry = retryAfterIsBearable(seconds, retryCount);
          actionLog.info(`GitHub's rate limit was reached for ${request.method} ${request.url}; ${retry ? `retry ${retryCount + 1} after ${seconds} s` : 'not retried'}.`);
          return retry;
        },
        onSecondaryRateLimit: (seconds, request, _octokit, retryCount) => {
          const retry = retryAfterIsBearable(seconds, retryCount);
          actionLog.info(
            `GitHub's secondary rate limit was reached for ${request.method} ${request.url}; ${retry ? `retry ${retryCount + 1} after ${seconds} s` : 'not retried'}.`,
          );
          return retry;
        },
      },
      // Octokit logs failed requests itself; the Action reports each failure once, as a warning.
      log: { debug: () => {}, info: () => {}, warn: (message: string) => actionLog.debug(message), error: (message: string) => actionLog.debug(message) },
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
  // A request Containment stopped says itself what happened (timeout, budget, origin).
  if (isApiStopped(error)) return error.message;
  const status = httpStatus(error);
  // Octokit appends GitHub's `documentation_url` to the message; the status says enough.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  if (status === undefined) return message ?? 'unknown error';
  // A 5xx reaches the caller only once the retry plugin has spent its retries: had the budget
  // stopped them, the error would be an ApiStopped instead.
  return `HTTP ${status}: ${message}${status >= 500 ? `, after ${SERVER_ERROR_RETRIES} retries` : ''}`;
}
