import { ConfigError } from '../core/config-error.js';
import type { Finding } from '../core/finding.js';
import type { SuppressedFinding } from './suppress.js';

/** The baseline file's format: the fingerprints of findings a team has accepted for now. */
export interface Baseline {
  version: 1;
  findings: Array<{ fingerprint: string; ruleId: string; path: string; message?: string }>;
}

/** `containment baseline`: records what is there today, so that only what comes later is reported. */
export function makeBaseline(findings: readonly Finding[]): Baseline {
  const seen = new Set<string>();
  return {
    version: 1,
    findings: findings
      .filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint))
      .map(({ fingerprint, ruleId, path, message }) => ({ fingerprint, ruleId, path, message })),
  };
}

export function parseBaseline(text: string, shown: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The baseline ${shown} is not valid JSON (${(error as Error).message}); regenerate it with 'containment baseline'.`);
  }
  const findings = (value as { findings?: unknown })?.findings;
  if ((value as { version?: unknown })?.version !== 1 || !Array.isArray(findings) || !findings.every((f) => typeof f?.fingerprint === 'string')) {
    throw new ConfigError(`The baseline ${shown} is not a Containment baseline (version 1 with a findings list); regenerate it with 'containment baseline'.`);
  }
  return value as Baseline;
}

/**
 * Hides findings the baseline knows (matched by fingerprint, which survives edits above them)
 * and lists the baseline entries no longer found: fixed.
 */
export function applyBaseline(
  findings: Finding[],
  baseline: Baseline,
): { kept: Finding[]; suppressed: SuppressedFinding[]; fixed: Baseline['findings'] } {
  const known = new Set(baseline.findings.map((f) => f.fingerprint));
  const present = new Set(findings.map((f) => f.fingerprint));
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    if (known.has(finding.fingerprint)) suppressed.push({ ...finding, suppression: { kind: 'baseline', justification: 'accepted in the baseline' } });
    else kept.push(finding);
  }
  return { kept, suppressed, fixed: baseline.findings.filter((f) => !present.has(f.fingerprint)) };
}
