import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { discover } from './discover.js';
import { parseDocument } from './documents/parse-document.js';
import { compileRules, evaluate } from './engine/evaluate.js';
import type { ScanResult } from './engine/scan-result.js';
import type { Severity } from './engine/severity.js';
import { link } from './link/link.js';
import { loadBuiltinPacks } from './policy/builtin-packs.js';
import { loadConfig } from './select/config.js';
import { activeRules, countBySeverity, fails, reportedRules, selectFindings } from './select/select.js';

/** What to scan and how strictly; everything else comes from the config file. */
export interface ScanOptions {
  root: string;
  /** A config file; by default `.github/containment.yml` under `root`, when it exists. */
  config?: string;
  /** Overrides the config file's `fail-on`; the default is `high`. */
  failOn?: Severity | 'none';
}

export const DEFAULT_FAIL_ON: Severity = 'high';

/**
 * The pipeline of DESIGN.md §1: settings → discover → parse → link → evaluate → select. Throws only
 * `ConfigError` (the user must fix the config); every problem with a scanned file is a finding.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.root);
  const config = loadConfig(root, options.config);
  const rules = activeRules(loadBuiltinPacks(), config);
  const params = Object.fromEntries(Object.entries(config.rules).flatMap(([id, c]) => (c.params ? [[id, c.params]] : [])));
  const compiled = compileRules(rules, params);

  const { files, notices } = await discover(root);
  const documents = await Promise.all(
    files.map(async (file) => parseDocument(file.kind, file.path, await readFile(file.absolutePath, 'utf8'))),
  );
  const findings = selectFindings(evaluate(link(documents), compiled), config);
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
  };
}
