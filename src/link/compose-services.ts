import { composeModel } from '../documents/compose-model.js';
import type { SourceDocument } from '../documents/source-document.js';
import type { ComposeLayer } from '../subjects/compose-merge.js';
import type { ContainerSpec } from '../subjects/container.js';
import type { Subject } from '../subjects/subject.js';

/** The `container` subject a Compose document made for service `name`, if it still has one. */
export function containerOf(document: SourceDocument, name: string): Subject<ContainerSpec> | undefined {
  const pointer = composeModel(document)?.services.get(name)?.pointer;
  if (pointer === undefined) return undefined;
  return document.subjects.find((s): s is Subject<ContainerSpec> => s.type === 'container' && s.name === name && s.pointer === pointer);
}

/** A service as one side of a merge: its container subject and its written mapping. */
export function layerOf(document: SourceDocument, name: string): ComposeLayer | undefined {
  const subject = containerOf(document, name);
  const raw = composeModel(document)?.services.get(name)?.raw;
  return subject && raw ? { subject, raw } : undefined;
}

/** Replaces a service's container value with a merge result (anchors and evidence included). */
export function host(subject: Subject<ContainerSpec>, merged: { value: ContainerSpec; anchors: Subject['anchors'] }, evidence: Subject['evidence'] = []): void {
  subject.value = merged.value;
  subject.anchors = merged.anchors ?? [];
  const all = [...(subject.evidence ?? []), ...evidence];
  if (all.length) subject.evidence = all;
}
