import type { RelatedLocation } from '../core/finding.js';
import { isPointerPrefix } from '../core/json-pointer.js';
import { sharedRange } from '../core/shared-ranges.js';
import type { Range, SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor } from '../core/subject.js';

/** Where a finding about `instancePath` inside a subject's value is written. */
export interface FindingPlace {
  document: SourceDocument;
  pointer: string;
  /** Shared (`sharedRange`, as are the related places' ranges): frozen, kept to the end of the scan. */
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
  const best = bestAnchor(subject, instancePath);
  const evidence: RelatedLocation[] = (subject.evidence ?? []).map((e) => ({
    path: e.document.path,
    range: sharedRange(e.document.locate(e.pointer)),
    message: e.message,
  }));
  if (!best) {
    const pointer = subject.pointer + instancePath;
    return { document: subject.document, pointer, range: sharedRange(subject.document.locate(pointer)), related: evidence };
  }
  const document = best.document ?? subject.document;
  const inText = best.line !== undefined || best.range !== undefined;
  const pointer = inText ? best.pointer : best.pointer + instancePath.slice(best.path.length);
  const range = sharedRange(best.range ?? document.locate(pointer, best.line));
  const related: RelatedLocation[] =
    document === subject.document
      ? evidence
      : [{ path: subject.document.path, range: sharedRange(subject.document.locate(subject.pointer)), message: `${subject.name} is defined here`, role: 'subject' as const }, ...evidence.filter((e) => e.path !== document.path)];
  return { document, pointer, range, related };
}

/**
 * A subject's anchors by path, built once: a Dockerfile stage has an anchor per instruction, and
 * trying each of them for each finding made a file of thousands of instructions quadratic.
 */
const anchorIndexes = new WeakMap<Subject, Map<string, SubjectAnchor>>();

/** The anchor with the longest path that is `instancePath` or a prefix of it; among equals, the first. */
function bestAnchor(subject: Subject, instancePath: string): SubjectAnchor | undefined {
  const anchors = subject.anchors ?? [];
  if (anchors.length < 8) {
    let best: SubjectAnchor | undefined;
    for (const anchor of anchors) {
      if (isPointerPrefix(anchor.path, instancePath) && (!best || anchor.path.length > best.path.length)) best = anchor;
    }
    return best;
  }
  let index = anchorIndexes.get(subject);
  if (!index) {
    index = new Map();
    for (const anchor of anchors) if (!index.has(anchor.path)) index.set(anchor.path, anchor);
    anchorIndexes.set(subject, index);
  }
  // The prefixes of a pointer end where its segments do: `/a/b` → `/a/b`, `/a`, ``.
  for (let end = instancePath.length; end >= 0; end = instancePath.lastIndexOf('/', end - 1)) {
    const anchor = index.get(instancePath.slice(0, end));
    if (anchor) return anchor;
    if (end === 0) break;
  }
  return undefined;
}
