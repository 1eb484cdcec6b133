import { frameworkOf } from '../../core/frameworks.js';
import type { Reference } from '../../policy/rule.js';

/** A reference as a reader sees it: a label and, where the guidance has a stable page, a link. */
export interface ReferenceLink {
  label: string;
  url?: string;
}

/** The label and page of a reference, from the one frameworks table (`src/core/frameworks.ts`). */
export function referenceLink(reference: Reference): ReferenceLink {
  const framework = frameworkOf(reference.framework);
  if (framework && reference.id !== undefined) return { label: framework.label(reference.id), url: reference.url ?? framework.url(reference.id) };
  return { label: reference.url ?? reference.id ?? reference.framework, ...(reference.url ? { url: reference.url } : {}) };
}

/** The framework control a reference names, for grouping findings: `CIS 5.5`, `OWASP #3`. */
export function controlOf(reference: Reference): string | undefined {
  const framework = frameworkOf(reference.framework);
  if (!framework?.controls || reference.id === undefined) return undefined;
  return `${framework.short} ${framework.control(reference.id)}`;
}
