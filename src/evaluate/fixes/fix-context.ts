import type { SourceDocument } from '../../core/source-document.js';
import type { Subject } from '../../core/subject.js';

/** What a fix kind computes its edit from: the finding's own located facts. */
export interface FixContext {
  subject: Subject;
  /** The document the finding is written in, and the pointer into it. */
  document: SourceDocument;
  pointer: string;
  /** The path inside the subject's value the finding is about. */
  instancePath: string;
  /** The kind's params from the rule's `fix:` block. */
  params: Record<string, unknown>;
}

/** A replacement of `text.slice(start, end)`, in character offsets of the finding's document. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** A fix kind's answer: the edits and what they do, or why there is none here. */
export type FixOutcome = { edits: OffsetEdit[]; description: string } | { note: string };

export const noFix = (note: string): FixOutcome => ({ note });
