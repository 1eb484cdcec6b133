import { createHash } from 'node:crypto';

/**
 * A finding's stable identity: rule, file, and a logical pointer (subject type and name, and the
 * path inside the subject's value). No line numbers, so a finding keeps its identity when lines
 * are added above it; this is what the PR comment, the baseline and SARIF `partialFingerprints`
 * compare across runs.
 */
export function fingerprint(ruleId: string, path: string, logicalPointer: string): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${logicalPointer}`).digest('hex').slice(0, 32);
}
