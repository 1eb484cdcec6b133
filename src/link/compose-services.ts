import { composeModel } from '../core/compose-model.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import type { ComposeLayer } from '../subjects/compose-merge.js';
import type { ContainerSpec } from '../subjects/container.js';
import type { LinkState } from './link-state.js';

/** The `container` subject a Compose document made for service `name`, as linked so far, if it still has one. */
export function containerOf(state: LinkState, document: SourceDocument, name: string): Subject<ContainerSpec> | undefined {
  const pointer = composeModel(document)?.services.get(name)?.pointer;
  if (pointer === undefined) return undefined;
  return state.subjectsOf(document).find((s): s is Subject<ContainerSpec> => s.type === 'container' && s.name === name && s.pointer === pointer);
}

/** A service as one side of a merge: its container subject and its written mapping, as linked so far. */
export function layerOf(state: LinkState, document: SourceDocument, name: string): ComposeLayer | undefined {
  const subject = containerOf(state, document, name);
  const service = composeModel(document)?.services.get(name);
  return subject && service ? { subject, raw: state.raw(service), ...(service.directives ? { directives: service.directives } : {}) } : undefined;
}

/** Replaces a service's container value with a merge result (anchors and evidence included). */
export function host(
  state: LinkState,
  subject: Subject<ContainerSpec>,
  merged: { value: ContainerSpec; anchors: Subject['anchors'] },
  evidence: Subject['evidence'] = [],
): Subject<ContainerSpec> {
  const all = [...(state.latest(subject).evidence ?? []), ...evidence];
  return state.update(subject, { value: merged.value, anchors: merged.anchors ?? [], ...(all.length ? { evidence: all } : {}) });
}
