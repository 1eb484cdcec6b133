import type { Finding } from '../../src/core/finding.js';
import { reaches, SEVERITIES, type Severity } from '../../src/core/severity.js';
import type { RuleInfo } from '../../src/policy/rule.js';
import type { ScanResult } from '../../src/select/scan-result.js';

/** A finding with defaults; tests override what they look at. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'container-privileged',
    severity: 'critical',
    title: 'Container runs privileged',
    message: 'web runs privileged: it holds every capability and every host device',
    path: 'compose.yaml',
    pointer: '/services/web/privileged',
    range: { start: { line: 4, column: 5 }, end: { line: 4, column: 21 } },
    fingerprint: 'fp-privileged-web',
    related: [],
    ...overrides,
  };
}

export const RULES: RuleInfo[] = [
  {
    id: 'container-privileged',
    pack: 'docker',
    title: 'Container runs privileged',
    severity: 'critical',
    subject: 'container',
    rationale: 'A privileged container can do almost everything the host can.',
    remediation: 'Remove `privileged: true`; add only the capabilities it needs with `cap_add`.',
    references: [
      { framework: 'cis-docker', id: '1.6.0:5.5' },
      { framework: 'owasp-docker', id: 'RULE #3' },
      { framework: 'url', url: 'https://docs.docker.com/engine/security/' },
    ],
  },
  {
    id: 'image-latest',
    pack: 'docker',
    title: 'Image is untagged or latest',
    severity: 'medium',
    subject: 'image',
    rationale: 'latest moves.',
    remediation: 'Pin a tag.',
    references: [],
  },
];

/** A ScanResult whose counts and verdict agree with its findings, as the engine makes them. */
export function scanResult(findings: Finding[], overrides: Partial<ScanResult> = {}): ScanResult {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const item of findings) counts[item.severity]++;
  const failOn = overrides.failOn ?? 'high';
  return {
    root: '/repo',
    files: [
      { path: 'Dockerfile', kind: 'dockerfile' },
      { path: 'compose.yaml', kind: 'compose' },
    ],
    findings,
    rules: RULES,
    notices: [],
    counts,
    failOn,
    failed: findings.some((item) => reaches(item.severity, failOn)),
    ...overrides,
  };
}
