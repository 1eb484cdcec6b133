import { resolve } from 'node:path';
import { ConfigError } from '../core/config-error.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import { readCheckedSync } from '../discover/checked-read.js';
import type { SourceTree } from '../discover/source-tree.js';
import { workingTree } from '../discover/working-tree.js';
import { compileRules } from '../evaluate/evaluate.js';
import type { InventoryOptions } from '../evaluate/inventory.js';
import { loadBuiltinPacks } from '../policy/builtin-packs.js';
import { withCustomPacks } from '../policy/custom-packs.js';
import { PROBLEM_RULES } from '../policy/problem-rules.js';
import type { Pack } from '../policy/rule.js';
import { applyBaseline, type Baseline, type BaselineEntry, parseBaseline } from '../select/baseline.js';
import { checkConfigParams, loadConfig } from '../select/config.js';
import { capFindingsPerFile } from '../select/findings-cap.js';
import { directiveTargets } from '../select/foreign-directives.js';
import { DEFAULT_MIN_SEVERITY } from '../select/reporting-threshold.js';
import type { Notice, ScanResult } from '../select/scan-result.js';
import { activeRules, checkConfigNames, countBySeverity, exclusion, reportedRules, selectFindings } from '../select/select.js';
import { applySuppressions } from '../select/suppress.js';
import { raiseUnjudged } from '../select/unjudged-severity.js';
import { verdict } from '../select/verdict.js';
import { judgeAsRead } from './judge-as-read.js';
import { stage } from './profile.js';
import type { ScanBudget } from './scan-budget.js';

/** What to scan and how strictly; everything else comes from the config file. */
export interface ScanOptions {
  root: string;
  /**
   * The repository root, absolute, where the default config file (`.github/containment.yml`) is
   * looked for; by default `root`. The Action scanning a sub-folder (`path: services/api`) sets it
   * to the workspace, as GitHub keeps `.github/` at the top of the repository.
   */
  configRoot?: string;
  /**
   * A config file; by default `.github/containment.yml` under `root`, when it exists. Given as
   * text when it comes from a pull request's base revision rather than the working tree.
   */
  config?: string | { text: string; shown: string };
  /** Overrides the config file's `fail-on`; the default is `high`. */
  failOn?: Severity | 'none';
  /** Overrides the config file's `min-severity`; the default is `low`. Reporting only. */
  minSeverity?: Severity;
  /** Folders of custom packs, judged beside the built-in ones. */
  packs?: readonly string[];
  /**
   * A baseline file (`containment baseline`): findings it records are reported as suppressed.
   * Given as text when it comes from a pull request's base revision rather than the working tree.
   */
  baseline?: string | { text: string; shown: string };
  /**
   * Where every file is read from: by default the working tree under `root`. A pull request's base
   * is scanned from a tree that answers with the base revision's files (`src/discover/base-tree.ts`).
   */
  tree?: SourceTree;
  /**
   * On a pull request: true when the change adds that line (the path as findings give it, the
   * 1-based line). A suppression comment on such a line is one the pull request adds, which the config's
   * `suppressions.in-pull-request` limits. Absent: no suppression counts as added.
   */
  addedLine?: (path: string, line: number) => boolean;
  /** On a pull request: where the change removes lines of a file (`SuppressionContext.removedLines`). */
  removedLines?: (path: string) => ReadonlyMap<number, number> | undefined;
  /**
   * On a pull request: true for a finding the base revision does not have (see
   * `SuppressionContext.isNew`). The limit on suppressions the change makes applies to it, and no
   * baseline entry hides it.
   */
  isNew?: (finding: Finding) => boolean;
  /** Told how many of the files have been read, as reading goes (the CLI's progress line). */
  onProgress?: (read: number, total: number) => void;
  /**
   * `false`: return every finding, none left out by the cap of findings per file
   * (src/select/findings-cap.ts). A pull request's two scans compare all of them and cap after.
   */
  capPerFile?: boolean;
  /** Overrides parts of the scan's budget (src/pipeline/scan-budget.ts); for tests. */
  budget?: Partial<ScanBudget>;
}

export const DEFAULT_FAIL_ON: Severity = 'high';

/**
 * The pipeline of DESIGN.md §1: settings → discover → parse → link → evaluate → select, with each
 * file judged as soon as nothing else can change it (judge-as-read.ts). Throws only
 * `ConfigError` (the user must fix the config); every problem with a scanned file is a finding.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.root);
  const config = stage('config', () => loadConfig(options.configRoot ?? root, options.config));
  const packs = stage('packs', () => withCustomPacks(loadBuiltinPacks(), options.packs ?? []));
  checkConfigNames(config, packs);
  checkConfigParams(config, packs);
  const rules = activeRules(packs, config);
  const baseline = options.baseline === undefined ? undefined : readBaseline(options.baseline, root);
  const params = Object.fromEntries(Object.entries(config.rules).flatMap(([id, c]) => (c.params ? [[id, c.params]] : [])));
  const compiled = stage('compile', () => compileRules(rules, params));

  const tree = options.tree ?? workingTree(root, options.configRoot === undefined ? {} : { repositoryRoot: options.configRoot });
  const notices: Notice[] = [];
  // Each file is judged as soon as nothing else can change it, and dropped (judge-as-read.ts).
  const project = await judgeAsRead(tree, notices, compiled, {
    timed: stage,
    inventory: inventoryOptions(packs),
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const failOn = options.failOn ?? config.failOn ?? DEFAULT_FAIL_ON;
  // Before suppressions: a pull request's limit on them applies at the raised severity.
  const selected = stage('select', () => raiseUnjudged(selectFindings([...project.findings, ...project.incomplete], config, project.runBy), failOn, config));
  const known = new Set([...PROBLEM_RULES.map((r) => r.id), ...packs.flatMap((p) => p.rules.map((r) => r.id))]);
  // Suppression comments in excluded paths are not read: nothing there is reported, so they
  // would all look unused. A file a judged one makes run is reported, and its comments read.
  const excluded = exclusion(config, project.runBy);
  const texts = new Map([...project.texts].filter(([path]) => !excluded(undefined, path)));
  const today = new Date().toISOString().slice(0, 10);
  const directives = { targets: directiveTargets(rules), dockerfiles: new Set(project.files.filter((f) => f.kind === 'dockerfile').map((f) => f.path)) };
  const inline = applySuppressions(selected, texts, known, { today, policy: config.suppressions, addedLine: options.addedLine, removedLines: options.removedLines, isNew: options.isNew, directives });
  // On a pull request the baseline hides only what the base revision has too (see applyBaseline).
  const base = baseline ? applyBaseline(inline.kept, baseline, { isNew: options.isNew }) : { kept: inline.kept, suppressed: [], fixed: [], stale: [] };
  notices.push(...staleEntryNotices(base.stale));
  // A pull request's scans keep every finding: which are new is decided on all of them, and the
  // cap then keeps the new ones first (scan-pull-request.ts).
  const findings = options.capPerFile === false ? base.kept : capFindingsPerFile(base.kept, notices);
  return {
    root,
    files: project.files,
    findings,
    rules: reportedRules(rules, config),
    notices,
    counts: countBySeverity(findings),
    failOn,
    minSeverity: options.minSeverity ?? config.minSeverity ?? DEFAULT_MIN_SEVERITY,
    // On every finding, not only those the cap lists.
    failed: verdict(base.kept, failOn).failed,
    inventory: project.inventory,
    suppressed: [...inline.suppressed, ...base.suppressed],
    refusedSuppressions: inline.refused,
    ...(baseline ? { baselineFixed: base.fixed } : {}),
  };
}

/**
 * Why findings a baseline entry matches still count: said once per file, where the notices are
 * read (a file brought back matches an entry for each of its findings).
 */
function staleEntryNotices(stale: ReadonlyArray<{ finding: Finding; entry: BaselineEntry }>): Notice[] {
  const byPath = new Map<string, { rules: Set<string>; count: number }>();
  for (const { finding, entry } of stale) {
    const seen = byPath.get(finding.path) ?? { rules: new Set<string>(), count: 0 };
    seen.rules.add(entry.ruleId);
    seen.count++;
    byPath.set(finding.path, seen);
  }
  return [...byPath].map(([path, { rules, count }]) => {
    return {
      level: 'warning',
      path,
      message:
        `${count === 1 ? 'The baseline entry' : `${count} baseline entries`} for ${[...rules].join(', ')} in ${path} ${count === 1 ? 'matches a finding' : 'match findings'} the base revision does not have, ` +
        `so ${count === 1 ? 'it does not hide it: the finding counts' : 'they do not hide them: the findings count'} as new. ` +
        'Such an entry outlived the finding it recorded (its file, service or value is gone at the base); remove it, or regenerate the baseline.',
    };
  });
}

function readBaseline(from: string | { text: string; shown: string }, root: string): Baseline {
  if (typeof from !== 'string') return parseBaseline(from.text, from.shown);
  const read = readCheckedSync(root, from, MAX_BASELINE_BYTES);
  if ('text' in read) return parseBaseline(read.text, from);
  const why = 'missing' in read ? `${from} does not exist` : read.refused;
  throw new ConfigError(`Cannot read the baseline: ${why}. Create it with 'containment baseline > ${from}'.`);
}

/** A baseline records one line per finding; 64 MiB holds hundreds of thousands. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * Resolves after the current macrotask. The parsed documents stay reachable from the finished
 * read-and-parse work until then (measured: 444 MB of heap right after a 10,000-file scan, 105 MB
 * one macrotask later), so callers wait once before building a report on top of them.
 */
export function releaseDocuments(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The pack data the inventory reads: the first loaded pack's shared `dockerSocketPaths`. */
function inventoryOptions(packs: readonly Pack[]): InventoryOptions {
  const paths = packs.map((pack) => pack.params?.['dockerSocketPaths']).find((value) => typeof value === 'string');
  return typeof paths === 'string' ? { dockerSocketPaths: paths } : {};
}
