import type { Range, SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor, SubjectType } from '../core/subject.js';

/** Collects the subjects of one workflow or action document as the extractors find them. */
export interface WorkflowEmitter {
  document: SourceDocument;
  emit(type: SubjectType, name: string, pointer: string, value: unknown, anchors?: SubjectAnchor[]): void;
  /** The document's text lines (0-based), split once. */
  lines(): string[];
  /**
   * The place of characters `start` to `end` of the string at `pointer` (a word of a `run:`
   * script), wherever the scalar's style put them; undefined when it cannot be confirmed.
   */
  locateText(pointer: string, start: number, end: number, wholeLine?: boolean): Range | undefined;
}

/** An emitter that appends to `document.subjects`. */
export function workflowEmitter(document: SourceDocument, locateText: WorkflowEmitter['locateText']): WorkflowEmitter {
  let lines: string[] | undefined;
  return {
    document,
    locateText,
    emit(type, name, pointer, value, anchors) {
      const subject: Subject = { type, name, document, pointer, value };
      if (anchors?.length) subject.anchors = anchors;
      document.subjects.push(subject);
    },
    lines() {
      lines ??= document.text.split('\n');
      return lines;
    },
  };
}
