import { Document } from 'yaml';
import type { SourceDocument } from '../core/source-document.js';
import type { LocatableModel } from './dockerfile-locate.js';

/**
 * What `SourceDocument.syntax` holds, by kind: for Compose files, workflows and `action.yml`, the
 * `yaml` Document the parser composed (with `merge: true`, so a `<<` key's scalar holds the symbol
 * `Symbol(<<)`), or null when the file is not exactly one valid YAML document; for a Dockerfile,
 * its instructions with their spans (`dockerfile-locate.ts`). Fixes edit text by these trees'
 * offsets, so the tree must be the one parsed from `document.text`, never a merged or linked one.
 */
export type DocumentSyntax = Document | LocatableModel | null;

/**
 * The YAML tree of a YAML document as parsed: a `Document`, null when there is none to edit
 * (broken, several documents), undefined when the document carries no tree (made by hand).
 */
export function yamlSyntax(document: SourceDocument): Document | null | undefined {
  if (!('syntax' in document) || document.kind === 'dockerfile') return undefined;
  return document.syntax instanceof Document ? document.syntax : null;
}

/** A Dockerfile's instructions as parsed, or undefined when the document carries none. */
export function dockerfileSyntax(document: SourceDocument): LocatableModel | undefined {
  if (document.kind !== 'dockerfile' || document.syntax === undefined || document.syntax === null) return undefined;
  return document.syntax as LocatableModel;
}
