import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Discovery, discover } from './discover.js';
import { classify } from './documents/classify.js';
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
import { applyBaseline, type Baseline, parseBaseline } from './select/baseline.js';
import { loadConfig } from './select/config.js';
import { ConfigError } from './select/config-error.js';
import { activeRules, checkConfigNames, countBySeverity, fails, reportedRules, selectFindings } from './select/select.js';
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
   * Files to read from here instead of the disk (`null`: as if deleted). A pull request's base is
   * scanned as the head's tree with the base versions of the changed files laid over it.
   */
  overlay?: ReadonlyMap<string, string | null>;
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

  const discovered = await stage('discover', () => discover(root));
  const { files, notices } = options.overlay ? withOverlay(discovered, options.overlay, root) : discovered;
  const documents = await stage('read+parse', () =>
    Promise.all(
      files.map(async (file) => {
        const text = options.overlay?.get(file.path) ?? (await readFile(file.absolutePath, 'utf8'));
        const env = file.kind === 'compose' ? await readComposeEnv(root, file) : undefined;
        return parseTimed(file.kind, () => parseDocument(file.kind, file.path, text, env));
      }),
    ),
  );
  const linked = stage('link', () => link(documents));
  const selected = stage('evaluate+select', () => selectFindings(evaluateTimed(linked, compiled), config));
  const known = new Set([...PROBLEM_RULES.map((r) => r.id), ...packs.flatMap((p) => p.rules.map((r) => r.id))]);
  const inline = applySuppressions(selected, new Map(documents.map((d) => [d.path, d.text])), known);
  const base = baseline ? applyBaseline(inline.kept, baseline) : { kept: inline.kept, suppressed: [], fixed: [] };
  const findings = base.kept;
  const failOn = options.failOn ?? config.failOn ?? DEFAULT_FAIL_ON;
  return {
    root,
    files: files.map(({ path, kind }) => ({ path, kind })),
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

/** Lays overlay files over what discovery found: replaced, removed, or added when Containment reads them. */
function withOverlay(found: Discovery, overlay: ReadonlyMap<string, string | null>, root: string): Discovery {
  const files = found.files.filter((file) => overlay.get(file.path) !== null);
  for (const [path, text] of overlay) {
    const kind = classify(path);
    if (text === null || !kind || files.some((file) => file.path === path)) continue;
    files.push({ path, absolutePath: join(root, path), kind, size: text.length });
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : 1)), notices: found.notices };
}
