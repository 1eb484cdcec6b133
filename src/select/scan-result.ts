import type { Finding } from '../core/finding.js';
import type { Notice } from '../core/notice.js';
import type { Severity } from '../core/severity.js';
import type { DocumentKind } from '../core/source-document.js';
import type { Inventory } from '../evaluate/inventory.js';
import type { RuleInfo } from '../policy/rule.js';
import type { Baseline } from './baseline.js';
import type { RefusedSuppression, SuppressedFinding } from './suppress.js';


export type { Notice };

/** Everything one scan produced; every reporter is a pure function of this. */
/** What the pull request did, beside the head scan. */
export interface PullRequestFacts {
  source: string;
  changedFiles: number;
  newCount: number;
  fixed: Finding[];
  /**
   * Files that decide the verdict (the config file, custom packs, the baseline) which the change
   * edits; they were read from the base instead, and the comment says so.
   */
  configChanged: string[];
  failOnScope: 'new' | 'all';
  /** Paths of the files the change touches (for `filter-mode: file`), relative to the scan root. */
  changedPaths: string[];
  /** Why the list of changed files is incomplete, when it is; every finding then counts as new. */
  incomplete?: string;
}

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
  /**
   * The reporting threshold: findings below it are counted but not listed in the text report or
   * the comment, nor annotated. It never changes `failed`; SARIF and JSON carry every finding.
   * Absent: `DEFAULT_MIN_SEVERITY` (src/select/reporting-threshold.ts).
   */
  minSeverity?: Severity;
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
