import { ConfigError } from '../core/config-error.js';
import type { Finding } from '../core/finding.js';
import { recordedValues, sameValues, valuePieces } from '../core/finding-values.js';
import type { SuppressedFinding } from './suppress.js';

/** One finding a team has accepted for now. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  message?: string;
  /**
   * The values the finding's message quoted from the files (src/core/finding-values.ts): the
   * entry accepts the finding with those values only, so a mount of `/etc/ssl/certs` it records does
   * not hide a mount of `/` at the same place. Absent in baselines recorded before entries kept
   * values, and for problems: those match by fingerprint alone.
   */
  values?: string[];
}

/** The baseline file's format: the findings a team has accepted for now. */
export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** `containment baseline`: records what is there today, so that only what comes later is reported. */
export function makeBaseline(findings: readonly Finding[]): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const finding of findings) {
    const { fingerprint, ruleId, path, message } = finding;
    const values = valuePieces(finding);
    const key = JSON.stringify([fingerprint, values ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ fingerprint, ruleId, path, message, ...(values ? { values } : {}) });
  }
  return { version: 1, findings: entries };
}

export function parseBaseline(text: string, shown: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The baseline ${shown} is not valid JSON (${(error as Error).message}); regenerate it with 'containment baseline'.`);
  }
  const findings = (value as { findings?: unknown })?.findings;
  const valid = (entry: { fingerprint?: unknown; values?: unknown } | null | undefined) =>
    typeof entry?.fingerprint === 'string' && (entry.values === undefined || (Array.isArray(entry.values) && entry.values.every((v) => typeof v === 'string')));
  if ((value as { version?: unknown })?.version !== 1 || !Array.isArray(findings) || !findings.every(valid)) {
    throw new ConfigError(`The baseline ${shown} is not a Containment baseline (version 1 with a findings list); regenerate it with 'containment baseline'.`);
  }
  return value as Baseline;
}

/** What the baseline did to a scan's findings. */
export interface BaselineResult {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** Entries no longer found: fixed since the baseline was recorded. */
  fixed: BaselineEntry[];
  /**
   * On a pull request: findings an entry matches that the base revision does not have, kept (not
   * hidden), each with the entry. The entry outlived its finding (the file, service or value it
   * recorded is gone at the base), and the pull request brought one back at its place.
   */
  stale: Array<{ finding: Finding; entry: BaselineEntry }>;
}

/**
 * Hides findings the baseline knows, matched by fingerprint (which survives edits above them) and,
 * when the entry recorded them, by the values the finding quotes; lists the entries no longer found:
 * fixed. On a pull request (`isNew` given), an entry never hides a finding the base revision does
 * not have: the baseline accepted what was there, and an entry whose finding has gone at the base
 * must not let a pull request write anything at that place (`privileged: true` in a service of a
 * deleted file brought back). Such a finding is kept, and listed in `stale`.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, context: { isNew?: (finding: Finding) => boolean } = {}): BaselineResult {
  const known = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) known.set(entry.fingerprint, [...(known.get(entry.fingerprint) ?? []), entry]);
  const matched = new Set<BaselineEntry>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const stale: BaselineResult['stale'] = [];
  for (const finding of findings) {
    const values = valuePieces(finding);
    const entry = known.get(finding.fingerprint)?.find((candidate) => sameValues(values, recordedValues(candidate.ruleId ?? finding.ruleId, candidate.values)));
    if (!entry) {
      kept.push(finding);
      continue;
    }
    matched.add(entry);
    if (context.isNew?.(finding) === true) {
      kept.push(finding);
      stale.push({ finding, entry });
    } else suppressed.push({ ...finding, suppression: { kind: 'baseline', justification: 'accepted in the baseline' } });
  }
  return { kept, suppressed, fixed: baseline.findings.filter((entry) => !matched.has(entry)), stale };
}
