import type { Reference } from '../../policy/rule.js';

/** A reference as a reader sees it: a label and, where the guidance has a stable page, a link. */
export interface ReferenceLink {
  label: string;
  url?: string;
}

/**
 * The CIS benchmark is distributed from one landing page (the PDF needs a free account); OWASP's
 * cheat sheet is one page; BuildKit's build checks each have a page named after the check.
 */
export function referenceLink(reference: Reference): ReferenceLink {
  switch (reference.framework) {
    case 'cis-docker': {
      const [version, control] = (reference.id ?? '').split(':');
      return { label: `CIS Docker Benchmark v${version} — ${control}`, url: 'https://www.cisecurity.org/benchmark/docker' };
    }
    case 'owasp-docker':
      return {
        label: `OWASP Docker Security Cheat Sheet — ${reference.id?.replace(/^RULE/, 'Rule')}`,
        url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html',
      };
    case 'docker-build-check': {
      const slug = (reference.id ?? '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
      return { label: `Docker build check ${reference.id}`, url: `https://docs.docker.com/reference/build-checks/${slug}/` };
    }
    default:
      return { label: reference.url ?? reference.id ?? reference.framework, ...(reference.url ? { url: reference.url } : {}) };
  }
}

/** The framework control a reference names, for grouping findings: `CIS 5.5`, `OWASP #3`. */
export function controlOf(reference: Reference): string | undefined {
  if (reference.framework === 'cis-docker') return `CIS ${reference.id?.split(':')[1] ?? ''}`;
  if (reference.framework === 'owasp-docker') return `OWASP ${reference.id?.replace(/^RULE /, '') ?? ''}`;
  return undefined;
}
