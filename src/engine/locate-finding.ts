import { isPointerPrefix } from '../documents/json-pointer.js';
import type { Range, SourceDocument } from '../documents/source-document.js';
import type { Subject, SubjectAnchor } from '../subjects/subject.js';
import type { RelatedLocation } from './finding.js';

/** Where a finding about `instancePath` inside a subject's value is written. */
export interface FindingPlace {
  document: SourceDocument;
  pointer: string;
  range: Range;
  related: RelatedLocation[];
}

/**
 * Follows the subject's anchors (the most specific one wins) so a normalized value is reported
 * where it is written: an inherited USER in the base stage, an environment entry in a list, a
 * `docker run` on its own line of a `run:` block. When the value is written in another file than
 * the subject, the subject's own place is kept as related evidence.
 */
export function locateFinding(subject: Subject, instancePath: string): FindingPlace {
  let best: SubjectAnchor | undefined;
  for (const anchor of subject.anchors ?? []) {
    if (isPointerPrefix(anchor.path, instancePath) && (!best || anchor.path.length > best.path.length)) best = anchor;
  }
  const evidence: RelatedLocation[] = (subject.evidence ?? []).map((e) => ({
    path: e.document.path,
    range: e.document.locate(e.pointer),
    message: e.message,
  }));
  if (!best) {
    const pointer = subject.pointer + instancePath;
    return { document: subject.document, pointer, range: subject.document.locate(pointer), related: evidence };
  }
  const document = best.document ?? subject.document;
  const pointer = best.line === undefined ? best.pointer + instancePath.slice(best.path.length) : best.pointer;
  const range = document.locate(pointer, best.line);
  const related: RelatedLocation[] =
    document === subject.document
      ? evidence
      : [{ path: subject.document.path, range: subject.document.locate(subject.pointer), message: `${subject.name} is defined here` }, ...evidence.filter((e) => e.path !== document.path)];
  return { document, pointer, range, related };
}
