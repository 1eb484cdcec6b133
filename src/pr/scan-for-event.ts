import type { ScanResult } from '../engine/scan-result.js';
import type { GitHubClient } from '../report/github/client.js';
import { describeApiError } from '../report/github/client.js';
import type { RunTarget } from '../report/github/pull-request.js';
import { type ScanOptions, scan } from '../scan.js';
import { ConfigError } from '../select/config-error.js';
import { apiSource } from './api-source.js';
import { gitSource, hasCommit, mergeBase } from './git-source.js';
import type { RevisionSource } from './revision-source.js';
import { scanPullRequest } from './scan-pull-request.js';

export interface EventScanOptions extends ScanOptions {
  target?: RunTarget;
  client?: GitHubClient;
  /** The scanned folder inside the repository (`''` for its root). */
  prefix: string;
  trustPrConfig: boolean;
  failOnScope?: 'new' | 'all';
}

/**
 * A plain scan, or on a pull request a scan compared with its base: from the local clone when it
 * has the base commit (checkout with `fetch-depth: 0`), else through GitHub's API. When the base
 * cannot be read (no token, an API outage) the scan still runs on the checkout, judged on all
 * findings, and the report says why nothing is marked new. The checkout's config is used then:
 * the author of a pull request cannot make the base unreadable, and the built-in defaults would
 * bury a team under the findings its config settles.
 */
export async function scanForEvent(options: EventScanOptions): Promise<ScanResult> {
  const pull = options.target?.pullRequest;
  if (!pull?.baseSha || !options.target) return scan(options);
  const source = await revisionSource(options, pull.number, pull.baseSha);
  if (typeof source === 'string') return unavailable(options, source);
  try {
    return await scanPullRequest({ ...options, source, trustPrConfig: options.trustPrConfig, failOnScope: options.failOnScope ?? 'new' });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return unavailable(options, `the base revision could not be read through ${source.describe} (${describeApiError(error)})`);
  }
}

async function revisionSource(options: EventScanOptions, pullNumber: number, baseSha: string): Promise<RevisionSource | string> {
  if (await hasCommit(options.root, baseSha)) {
    // The checkout is usually the test merge commit; the merge base is where the change starts.
    return gitSource(options.root, (await mergeBase(options.root, baseSha, 'HEAD')) ?? baseSha);
  }
  if (!options.client || !options.target) return 'the base commit is not in the clone and there is no token to ask GitHub for it';
  return apiSource({ client: options.client, owner: options.target.owner, repo: options.target.repo, pullNumber, baseSha, prefix: options.prefix });
}

async function unavailable(options: EventScanOptions, why: string): Promise<ScanResult> {
  const result = await scan(options);
  return { ...result, comparisonUnavailable: options.trustPrConfig ? why : `${why}; the config in the checkout was used` };
}
