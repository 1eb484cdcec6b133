import type { Finding } from '../core/finding.js';
import { type Severity, severityRank } from '../core/severity.js';
import { UNJUDGED_RULES } from '../policy/problem-rules.js';
import type { Config } from './config.js';

/**
 * Findings that say something was not read or judged (`UNJUDGED_RULES`: a parse error, a scan
 * that stopped, a build or include not followed), raised to `failOn` when it is stricter than their
 * severity, so that they fail the step at any `fail-on` but `none`: what was not judged may be as
 * severe as anything, and at `fail-on: critical` a pull request made a Compose file with
 * `privileged: true` and the Docker socket pass by making it over 1 MiB or 200 levels deep
 * (helper-37). The message says why it is reported at that severity, so the counts and the report
 * agree with the verdict. A severity the config sets for the rule is kept: the config (the base
 * branch's, on a pull request) decided it.
 */
export function raiseUnjudged(findings: Finding[], failOn: Severity | 'none', config: Pick<Config, 'rules'>): Finding[] {
  if (failOn === 'none') return findings;
  return findings.map((finding) => {
    if (!UNJUDGED_RULES.has(finding.ruleId) || config.rules[finding.ruleId]?.severity !== undefined) return finding;
    if (severityRank(failOn) >= severityRank(finding.severity)) return finding;
    // Text after the message's values, if it has any, so their spans stay where they are.
    return { ...finding, severity: failOn, message: `${finding.message} Reported as ${failOn}, the fail-on threshold, since what was not judged may be that severe.` };
  });
}
