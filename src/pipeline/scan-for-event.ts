import { gitSource, hasCommit, mergeBase } from '../discover/git-source.js';
import type { RevisionSource } from '../discover/revision-source.js';
import { apiSource } from '../report/github/api-source.js';
import type { GitHubClient } from '../report/github/client.js';
import type { RunTarget } from '../report/github/pull-request.js';
import type { ScanResult } from '../select/scan-result.js';
import { type ScanOptions, scan } from './scan.js';
import { BaseUnreadable, scanPullRequest, type TrustedSettings } from './scan-pull-request.js';

export interface EventScanOptions extends ScanOptions {
  target?: RunTarget;
  client?: GitHubClient;
  /** The scanned folder inside the repository (`''` for its root). */
  prefix: string;
  trustPrConfig: boolean;
  failOnScope?: 'new' | 'all';
}

/** What judges a pull request whose base could not be read and that gave no base settings. */
const DEFAULTS: TrustedSettings = { config: { text: '{}', shown: 'the built-in defaults (the base revision could not be read)' }, packs: [] };

/**
 * A plain scan, or on a pull request a scan compared with its base: from the local clone when it
 * has the base commit (checkout with `fetch-depth: 0`), else through GitHub's API.
 *
 * When the base cannot be read (no token, an API outage, a diff git cannot produce), the pull
 * request's own config, packs and baseline are never used — its author could have written them
 * to pass — unless the workflow sets `trust-pr-config`. It is judged with the base's settings
 * when they were read before the failure, otherwise with the built-in defaults, and every finding
 * counts as new, so it cannot pass on findings that could not be compared (DESIGN.md §4).
 */
export async function scanForEvent(options: EventScanOptions): Promise<ScanResult> {
  const pull = options.target?.pullRequest;
  if (!pull?.baseSha || !options.target) return scan(options);
  const source = await revisionSource(options, pull.number, pull.baseSha);
  if (typeof source === 'string') return unavailable(options, source, undefined);
  try {
    return await scanPullRequest({ ...options, source, trustPrConfig: options.trustPrConfig, failOnScope: options.failOnScope ?? 'new' });
  } catch (error) {
    if (error instanceof BaseUnreadable) return unavailable(options, error.why, error.trusted);
    throw error;
  }
}

async function revisionSource(options: EventScanOptions, pullNumber: number, baseSha: string): Promise<RevisionSource | string> {
  if (await hasCommit(options.root, baseSha)) {
    // The checkout is usually the test merge commit; the merge base is where the change starts.
    // The settings are the base branch's own: the merge base is as old as the author makes it.
    const start = (await mergeBase(options.root, baseSha, 'HEAD')) ?? baseSha;
    const source = gitSource(options.root, start);
    return start === baseSha ? source : { ...source, settings: gitSource(options.root, baseSha) };
  }
  if (!options.client || !options.target) return 'the base commit is not in the clone and there is no token to ask GitHub for it';
  return apiSource({ client: options.client, owner: options.target.owner, repo: options.target.repo, pullNumber, baseSha, prefix: options.prefix });
}

async function unavailable(options: EventScanOptions, why: string, trusted: TrustedSettings | undefined): Promise<ScanResult> {
  const settings = options.trustPrConfig ? {} : (trusted ?? DEFAULTS);
  const result = await scan({ ...options, ...settings });
  const judgedWith = options.trustPrConfig ? 'the config in the checkout (trust-pr-config)' : trusted ? 'the base revision\'s config' : 'the built-in defaults, not the pull request\'s config';
  const findings = result.findings.map((finding) => ({ ...finding, novelty: 'new' as const }));
  return { ...result, findings, comparisonUnavailable: `${why}; every finding counts as new, judged with ${judgedWith}` };
}
