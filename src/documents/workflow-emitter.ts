import type { SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor, SubjectEvidence, SubjectType } from '../core/subject.js';
import type { ContainerSpec } from '../subjects/container.js';
import { withVariables } from '../subjects/container-variables.js';

/** Collects the subjects of one workflow or action document as the extractors find them. */
export interface WorkflowEmitter {
  document: SourceDocument;
  /** `evidence`: places in this or another document every finding on the subject shows as related. */
  emit(type: SubjectType, name: string, pointer: string, value: unknown, anchors?: SubjectAnchor[], evidence?: SubjectEvidence[]): void;
  /** The document's text lines (0-based), split once. */
  lines(): string[];
}

/** An emitter that appends to `document.subjects`. */
export function workflowEmitter(document: SourceDocument): WorkflowEmitter {
  let lines: string[] | undefined;
  return {
    document,
    emit(type, name, pointer, value, given, evidence) {
      // A container's environment is also listed as `variables`, each anchored where it is written.
      const anchors = type === 'container' ? withVariables(value as ContainerSpec, given ?? [], pointer) : given;
      const subject: Subject = { type, name, document, pointer, value };
      if (anchors?.length) subject.anchors = anchors;
      if (evidence?.length) subject.evidence = evidence;
      document.subjects.push(subject);
    },
    lines() {
      lines ??= document.text.split('\n');
      return lines;
    },
  };
}
