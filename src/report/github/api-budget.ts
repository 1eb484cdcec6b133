/**
 * One deadline for all of a step's GitHub API calls. A request timeout bounds one call; without a
 * step-wide deadline, a GitHub that accepts connections and never answers still holds the step
 * for (calls × retries × timeout): about ten minutes was measured before this existed. After the
 * deadline no request is sent; the step says so once and its result follows the findings.
 */
export class ApiBudget {
  /** Epoch milliseconds after which no request is sent. */
  readonly deadline: number;
  private announced = false;

  /**
   * @param totalMs the whole step's allowance, in milliseconds (`API_BUDGET_MS` by default).
   * @param onExhausted called once, the first time a call is stopped by the deadline, with one line to log.
   */
  constructor(
    readonly totalMs: number,
    private readonly onExhausted: (line: string) => void,
    now = Date.now(),
  ) {
    this.deadline = now + totalMs;
  }

  /** Milliseconds left, never negative. */
  remaining(now = Date.now()): number {
    return Math.max(0, this.deadline - now);
  }

  exhausted(now = Date.now()): boolean {
    return this.remaining(now) === 0;
  }

  /** Says once that API work stopped; later calls stay quiet (the line already explained it). */
  announce(): void {
    if (this.announced) return;
    this.announced = true;
    this.onExhausted(
      `GitHub API calls stopped: this step's ${formatSeconds(this.totalMs)} for them ran out, so no further request is sent. ` +
        "The step's result follows the findings; the annotations, the job summary and the SARIF report carry every one.",
    );
  }
}

/**
 * How long all of a step's API calls may take together: 2 minutes. Enough for a pull request's
 * file list, base contents, the comment and a check run with room for a rate-limit wait; short
 * against a job's default 6-hour timeout.
 */
export const API_BUDGET_MS = 120_000;

/** Why a request was not answered, when it was Containment that stopped waiting. */
export type StopReason = 'timeout' | 'budget' | 'origin';

/**
 * A request Containment stopped or refused: no answer within the request timeout, the step's
 * budget spent, or a URL outside `GITHUB_API_URL`'s origin (a pagination `next` link elsewhere
 * would carry the token there).
 *
 * It is named `AbortError` on purpose: @octokit/request rethrows an `AbortError` from fetch as it
 * is, instead of wrapping it in a status-500 `RequestError`, and @octokit/plugin-retry retries only
 * `RequestError`s, so a timeout is not retried as if GitHub had answered 5xx. The end-to-end test
 * with a hung server counts the requests to keep it so.
 */
export class ApiStopped extends Error {
  override name = 'AbortError';
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
  }
}

export function isApiStopped(error: unknown): error is ApiStopped {
  return error instanceof ApiStopped;
}

/** `30 s`, `0.3 s`, `2 min`. */
export function formatSeconds(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}
