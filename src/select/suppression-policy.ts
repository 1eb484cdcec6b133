import { reaches, type Severity } from '../core/severity.js';

/**
 * How severe a finding a pull request may suppress with a comment it adds: `none` (no
 * suppression), `up-to-<severity>` (findings of that severity or less severe), or `all` (which
 * `up-to-critical` would only repeat, so it is not a second name for it).
 */
export type SuppressionLimit = 'none' | `up-to-${Exclude<Severity, 'critical'>}` | 'all';

export const SUPPRESSION_LIMITS: readonly SuppressionLimit[] = ['none', 'up-to-info', 'up-to-low', 'up-to-medium', 'up-to-high', 'all'];

/**
 * The default when the config says nothing: a pull request may suppress medium and lower findings
 * (GitHub warnings and notices) with a reason, but not the high and critical ones that fail the
 * step by default (`fail-on: high`). Otherwise the change that adds a privileged service could
 * also switch off the check that catches it. A suppression that already exists on the base
 * branch is unaffected: merging is how a maintainer accepts one.
 */
export const DEFAULT_IN_PULL_REQUEST: SuppressionLimit = 'up-to-medium';

/** The config's `suppressions:` map, normalized. */
export interface SuppressionPolicy {
  /** What a suppression comment added by a pull request may cover. */
  inPullRequest: SuppressionLimit;
  /** Where the limit was set, for the note that names it; absent when it is the default. */
  source?: string;
}

export function suppressionPolicy(raw: { 'in-pull-request'?: SuppressionLimit } | undefined, source: string | undefined): SuppressionPolicy {
  const set = raw?.['in-pull-request'];
  return set === undefined ? { inPullRequest: DEFAULT_IN_PULL_REQUEST } : { inPullRequest: set, ...(source ? { source } : {}) };
}

/** True when a suppression added by a pull request may cover a finding of `severity`. */
export function allowsInPullRequest(limit: SuppressionLimit, severity: Severity): boolean {
  if (limit === 'all') return true;
  if (limit === 'none') return false;
  return reaches(limit.slice('up-to-'.length) as Severity, severity);
}

/** "may cover findings up to medium" / "may add no suppression": the limit in words. */
export function describeLimit(policy: SuppressionPolicy): string {
  const { inPullRequest: limit } = policy;
  const what = limit === 'none' ? 'may not suppress any finding' : limit === 'all' ? 'may suppress any finding' : `may suppress findings up to ${limit.slice('up-to-'.length)}`;
  const where = policy.source ? `\`suppressions.in-pull-request: ${limit}\` in ${policy.source}` : `the default; \`suppressions.in-pull-request\` in the base branch's config changes it`;
  return `a suppression added by a pull request ${what} (${where})`;
}

/** The config error's wording for a bad `suppressions:` value, or undefined for other keys. */
export function suppressionsKeyError(instancePath: string, keyword: string, params: Record<string, unknown>): string | undefined {
  if (!instancePath.startsWith('/suppressions')) return undefined;
  if (keyword === 'additionalProperties') return `unknown key "${String(params.additionalProperty)}" (suppressions takes in-pull-request)`;
  if (instancePath === '/suppressions/in-pull-request') return `must be one of ${SUPPRESSION_LIMITS.join(', ')}`;
  return 'must be a map such as `{ in-pull-request: up-to-medium }`';
}
