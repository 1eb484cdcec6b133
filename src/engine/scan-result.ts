import type { DocumentKind } from '../documents/source-document.js';
import type { Inventory } from '../inventory.js';
import type { RuleInfo } from '../policy/rule.js';
import type { PullRequestFacts } from '../pr/scan-pull-request.js';
import type { Baseline } from '../select/baseline.js';
import type { RefusedSuppression, SuppressedFinding } from '../select/suppress.js';
import type { Finding } from './finding.js';
import type { Severity } from './severity.js';

/** Something the user should know that is not a finding: a skipped file, a limit that triggered. */
export interface Notice {
  level: 'warning' | 'notice';
  message: string;
  path?: string;
}

/** Everything one scan produced; every reporter is a pure function of this. */
export interface ScanResult {
  /** Absolute path of the folder scanned. */
  root: string;
  files: Array<{ path: string; kind: DocumentKind }>;
  /** Sorted: path, then line, then column, then rule id. */
  findings: Finding[];
  /** Every rule that ran, so SARIF can describe them all. */
  rules: RuleInfo[];
  notices: Notice[];
  counts: Record<Severity, number>;
  failOn: Severity | 'none';
  /** True when a finding reaches `failOn`. */
  failed: boolean;
  /** Every image and container the scanned files describe, findings or not. */
  inventory?: Inventory;
  /**
   * Findings kept out of the counts and the fail decision by an inline suppression or the
   * baseline; reporters still show them as suppressed (SARIF `suppressions`).
   */
  suppressed?: SuppressedFinding[];
  /**
   * Suppression comments that matched a finding but do not apply (expired, or added by the pull
   * request beyond `suppressions.in-pull-request`): each finding is also in `findings`, still counted.
   */
  refusedSuppressions?: RefusedSuppression[];
  /** On a pull request: what the change did (new and fixed findings, changed files). */
  pullRequest?: PullRequestFacts;
  /** On a pull request whose base could not be read: why findings are not marked new or existing. */
  comparisonUnavailable?: string;
  /** Baseline entries that are no longer found: fixed since the baseline was recorded. */
  baselineFixed?: Baseline['findings'];
}
