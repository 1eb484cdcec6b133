import type { Range, SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor, SubjectEvidence, SubjectType } from '../core/subject.js';
import type { ContainerSpec } from '../subjects/container.js';
import { withVariables } from '../subjects/container-variables.js';
import { followHostLink } from '../subjects/host-path.js';
import type { HostLinks } from './compose-document.js';

/** Collects the subjects of one workflow or action document as the extractors find them. */
export interface WorkflowEmitter {
  document: SourceDocument;
  /** `evidence`: places in this or another document every finding on the subject shows as related. */
  emit(type: SubjectType, name: string, pointer: string, value: unknown, anchors?: SubjectAnchor[], evidence?: SubjectEvidence[]): void;
  /** The document's text lines (0-based), split once. */
  lines(): string[];
  /**
   * The place of characters `start` to `end` of the string at `pointer` (a word of a `run:`
   * script), wherever the scalar's style put them; undefined when it cannot be confirmed.
   */
  locateText(pointer: string, start: number, end: number, wholeLine?: boolean): Range | undefined;
  /** Where a repository path leads through a committed link (`SourceTree.hostLink`), when known. */
  hostLink?: HostLinks;
}

/**
 * An emitter that appends to `document.subjects`. With `hostLink`, a container's bind sources in
 * the workspace that a committed link takes out of the repository are where the link leads
 * (`followHostLink`): `docker run -v ./sock:/s` with `sock -> /var/run/docker.sock` mounts it.
 */
export function workflowEmitter(document: SourceDocument, locateText: WorkflowEmitter['locateText'], hostLink?: HostLinks): WorkflowEmitter {
  let lines: string[] | undefined;
  return {
    document,
    locateText,
    ...(hostLink ? { hostLink } : {}),
    emit(type, name, pointer, value, given, evidence) {
      // A job's container and services, whose volumes the runner gives from the workspace;
      // `docker run` in a script follows links where it runs (emitDockerRun).
      const spec = value as ContainerSpec;
      if (type === 'container' && hostLink && spec.origin !== 'docker-cli') for (const mount of spec.volumes) followHostLink(mount, '', hostLink);
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
