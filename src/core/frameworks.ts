/** The compliance frameworks rules cite, by id, with the title shown to readers: one home for both. */
export const FRAMEWORKS = { 'cis-docker': 'CIS Docker Benchmark v1.6.0', 'owasp-docker': 'OWASP Docker Security Cheat Sheet' } as const;
export type Framework = keyof typeof FRAMEWORKS;
