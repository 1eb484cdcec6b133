import type { SourceDocument } from '../core/source-document.js';
import { linkBuildContextGit } from './build-context-git.js';
import { linkComposeBuild } from './compose-build.js';
import { linkComposeExtends } from './compose-extends.js';
import { linkComposeOverrides, linkComposeOverridesAlways, overridesLeftUnmerged } from './compose-project.js';
import { linkComposeVolumesFrom } from './compose-volumes-from.js';
import { LinkState } from './link-state.js';
import { linkWorkflowCalls } from './workflow-calls.js';
import { linkWorkflowFiles } from './workflow-files.js';

/**
 * A cross-file step: it sees every parsed document and records, in the link state, subjects that
 * cross-file facts change (a Compose service built from a Dockerfile inherits its USER; an
 * override file merges into its base) and problems it finds. Linkers never parse text again,
 * never change a parsed document and never throw: what they cannot resolve stays as parsed.
 */
export type Linker = (state: LinkState) => void;

// Compose: `extends` first, then override files (Compose's own load order), then `volumes_from`
// over the merged services, then `build:`.
const LINKERS: Linker[] = [linkWorkflowFiles, linkComposeExtends, linkComposeOverrides, linkComposeVolumesFrom, linkComposeBuild];

/**
 * The link stage of DESIGN.md §1, between parse and evaluate. Returns the documents as judged:
 * a new document object for each one whose subjects or problems linking changed, the parsed one
 * otherwise. The input documents and their subjects are not modified. `ignoreFiles`: the
 * `.dockerignore` texts the pipeline read for workflow builds of the repository root, by path
 * (see `buildIgnorePaths`); a path left out counts as missing.
 */
export function link(documents: readonly SourceDocument[], ignoreFiles: ReadonlyMap<string, string> = new Map()): SourceDocument[] {
  const linked = linkOnce(documents, ignoreFiles, LINKERS);
  const state = new LinkState(documents);
  const unmerged = overridesLeftUnmerged(state);
  if (unmerged.size === 0) return linked;
  // A base a workflow loads alone with `-f` also runs merged with its override wherever `docker
  // compose` has no `-f`: judged both ways, its base and override files twice. What both ways
  // find alike (same rule, place, message and fingerprint) is reported once (`orderFindings`).
  const merged = linkOnce(documents, ignoreFiles, LINKERS.map((linker) => (linker === linkComposeOverrides ? linkComposeOverridesAlways : linker)));
  const second = merged.filter((_, index) => unmerged.has(documents[index]!)).map((document): SourceDocument => ({ ...document, secondView: 'merged' }));
  return [...linked, ...second];
}

function linkOnce(documents: readonly SourceDocument[], ignoreFiles: ReadonlyMap<string, string>, linkers: readonly Linker[]): SourceDocument[] {
  const state = new LinkState(documents);
  for (const linker of [...linkers, linkWorkflowCalls, linkBuildContextGit(ignoreFiles)]) linker(state);
  return state.result();
}
