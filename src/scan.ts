import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SourceTree } from './discover/source-tree.js';
import { workingTree } from './discover/working-tree.js';
import { readComposeEnv } from './documents/compose-env-read.js';
import { parseDocument } from './documents/parse-document.js';
import { compileRules } from './engine/evaluate.js';
import { PROBLEM_RULES } from './engine/problem-rules.js';
import type { ScanResult } from './engine/scan-result.js';
import type { Severity } from './engine/severity.js';
import { collectInventory } from './inventory.js';
import { link } from './link/link.js';
import { loadBuiltinPacks } from './policy/builtin-packs.js';
import { withCustomPacks } from './policy/custom-packs.js';
import { evaluateTimed, parseTimed, stage } from './profile.js';
import { type ScanBudget, scanBudget } from './scan-budget.js';
import { applyBaseline, type Baseline, parseBaseline } from './select/baseline.js';
import { loadConfig } from './select/config.js';
import { ConfigError } from './select/config-error.js';
import { capFindingsPerFile } from './select/findings-cap.js';
import { activeRules, checkConfigNames, countBySeverity, excludedPaths, fails, reportedRules, selectFindings } from './select/select.js';
import { applySuppressions } from './select/suppress.js';

/** What to scan and how strictly; everything else comes from the config file. */
export interface ScanOptions {
  root: string;
  /**
   * A config file; by default `.github/containment.yml` under `root`, when it exists. Given as
   * text when it comes from a pull request's base revision rather than the working tree.
   */
  config?: string | { text: string; shown: string };
  /** Overrides the config file's `fail-on`; the default is `high`. */
  failOn?: Severity | 'none';
  /** Folders of custom packs, judged beside the built-in ones. */
  packs?: readonly string[];
  /** A baseline file (`containment baseline`): findings it records are reported as suppressed. */
  baseline?: string;
  /**
   * Where every file is read from: by default the working tree under `root`. A pull request's base
   * is scanned from a tree that answers with the base revision's files (`src/pr/base-tree.ts`).
   */
  tree?: SourceTree;
  /** Overrides parts of the scan's budget (src/scan-budget.ts); for tests. */
  budget?: Partial<ScanBudget>;
}

export const DEFAULT_FAIL_ON: Severity = 'high';

/**
 * The pipeline of DESIGN.md §1: settings → discover → parse → link → evaluate → select. Throws only
 * `ConfigError` (the user must fix the config); every problem with a scanned file is a finding.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.root);
  const config = stage('config', () => loadConfig(root, options.config));
  const packs = stage('packs', () => withCustomPacks(loadBuiltinPacks(), options.packs ?? []));
  checkConfigNames(config, packs);
  const rules = activeRules(packs, config);
  const baseline = options.baseline === undefined ? undefined : await readBaseline(options.baseline);
  const params = Object.fromEntries(Object.entries(config.rules).flatMap(([id, c]) => (c.params ? [[id, c.params]] : [])));
  const compiled = stage('compile', () => compileRules(rules, params));

  const tree = options.tree ?? workingTree(root);
  const { files: discovered, notices } = await stage('discover', () => tree.files());
  const budget = scanBudget(discovered, options.budget);
  const read = await stage('read+parse', () =>
    mapLimited(budget.files, READ_CONCURRENCY, async (file) => {
      if (budget.expired()) return void budget.skip(file);
      const got = await tree.read(file.path);
      if (!('text' in got)) {
        if ('refused' in got) notices.push(got.refused);
        return undefined;
      }
      const env = file.kind === 'compose' ? await readComposeEnv(tree, file.path, notices) : undefined;
      return parseTimed(file.kind, () => parseDocument(file.kind, file.path, got.text, env));
    }),
  );
  const documents = read.filter((document) => document !== undefined);
  const linked = stage('link', () => link(documents));
  const selected = stage('evaluate+select', () => selectFindings([...evaluateTimed(linked, compiled), ...budget.findings()], config));
  const known = new Set([...PROBLEM_RULES.map((r) => r.id), ...packs.flatMap((p) => p.rules.map((r) => r.id))]);
  // Suppression comments in excluded paths are not read: nothing there is reported, so they
  // would all look unused.
  const excluded = excludedPaths(config);
  const texts = new Map(documents.filter((d) => !excluded(d.path)).map((d) => [d.path, d.text]));
  const inline = applySuppressions(selected, texts, known);
  const base = baseline ? applyBaseline(inline.kept, baseline) : { kept: inline.kept, suppressed: [], fixed: [] };
  const findings = capFindingsPerFile(base.kept, notices);
  const failOn = options.failOn ?? config.failOn ?? DEFAULT_FAIL_ON;
  return {
    root,
    files: documents.map(({ path, kind }) => ({ path, kind })),
    findings,
    rules: reportedRules(rules, config),
    notices,
    counts: countBySeverity(findings),
    failOn,
    failed: fails(findings, failOn),
    inventory: collectInventory(documents),
    suppressed: [...inline.suppressed, ...base.suppressed],
    ...(baseline ? { baselineFixed: base.fixed } : {}),
  };
}

async function readBaseline(path: string): Promise<Baseline> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`Cannot read the baseline ${path}: ${error.code ?? error.message}. Create it with 'containment baseline > ${path}'.`);
  });
  return parseBaseline(text, path);
}

/**
 * Resolves after the current macrotask. The parsed documents stay reachable from the finished
 * read-and-parse work until then (measured: 444 MB of heap right after a 10,000-file scan, 105 MB
 * one macrotask later), so callers wait once before building a report on top of them.
 */
export function releaseDocuments(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Files read at once: enough to keep the disk and the parser busy, few enough that a repository of
 * tens of thousands of files never runs out of file descriptors (EMFILE) the way reading them all
 * at once with Promise.all would.
 */
const READ_CONCURRENCY = 16;

/** Maps with at most `limit` calls in flight, keeping the input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
