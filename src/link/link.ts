import type { SourceDocument } from '../documents/source-document.js';
import { linkComposeBuild } from './compose-build.js';
import { linkComposeExtends } from './compose-extends.js';
import { linkComposeOverrides } from './compose-project.js';
import { linkWorkflowFiles } from './workflow-files.js';

/**
 * A cross-file step: it sees every parsed document and may add or refine subjects, anchors and
 * evidence (a Compose service built from a Dockerfile inherits its USER; an override file merges
 * into its base). Linkers never parse text again and never throw: what they cannot resolve stays
 * as the parsers left it.
 */
export type Linker = (documents: SourceDocument[]) => void;

// Compose: `extends` first, then override files, then `build:` (Compose's own load order).
const LINKERS: Linker[] = [linkWorkflowFiles, linkComposeExtends, linkComposeOverrides, linkComposeBuild];

/** The link stage of DESIGN.md §1, between parse and evaluate. */
export function link(documents: SourceDocument[]): SourceDocument[] {
  for (const linker of LINKERS) linker(documents);
  return documents;
}
