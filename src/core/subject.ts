import type { Range, SourceDocument } from './source-document.js';

/** The facts policies judge; each type's value shape is published in `src/subjects/schemas/`. */
export const SUBJECT_TYPE_NAMES = [
  'container',
  'image',
  'command',
  'dockerfile',
  'dockerfile.stage',
  'compose',
  'workflow',
  'workflow.job',
  'workflow.step',
  'action-ref',
] as const;

export type SubjectType = (typeof SUBJECT_TYPE_NAMES)[number];

/**
 * Where part of a subject's value is written, when normalization moved it away from
 * `subject.pointer + instancePath` (an `environment` list turned into a map, a USER inherited from
 * another stage, a value merged in from an override file, a `docker run` inside a `run:` block).
 */
export interface SubjectAnchor {
  /** JSON Pointer into `subject.value` that this anchor covers (it and everything below it). */
  path: string;
  /** Defaults to the subject's own document. */
  document?: SourceDocument;
  pointer: string;
  /**
   * A line inside the scalar at `pointer` (0-based). When set, the anchor is a point in free
   * text, so the rest of the instance path is not appended to `pointer`.
   */
  line?: number;
  /**
   * The exact place, when the parser found it in free text (a flag three lines into a
   * `docker run` of a `run:` block, a word of a continued `RUN`): it wins over `line`, and the
   * rest of the instance path is not appended to `pointer`.
   */
  range?: Range;
}

/** A fact extracted by a parser, judged by every rule of its `type`. `value` is plain JSON. */
export interface Subject<V = unknown> {
  type: SubjectType;
  /**
   * A logical name for messages and fingerprints: `web` for a Compose service, `build` for a
   * stage, `test/step 2` for a step. It must not depend on line numbers so that fingerprints
   * survive edits above the finding.
   */
  name: string;
  document: SourceDocument;
  /** JSON Pointer into `document` where the subject is written. */
  pointer: string;
  value: V;
  anchors?: SubjectAnchor[];
  /**
   * Places in other files that the judgement of this subject depends on (the Dockerfile whose
   * final USER a Compose service runs as). Every finding on the subject shows them as related
   * locations, so a reviewer sees both halves of a cross-file finding.
   */
  evidence?: SubjectEvidence[];
}

/** A place in another document that explains a subject's value. */
export interface SubjectEvidence {
  document: SourceDocument;
  pointer: string;
  message: string;
}
