import { isPointerPrefix, joinPointer } from '../core/json-pointer.js';
import type { SubjectAnchor } from '../core/subject.js';
import type { ContainerSpec } from './container.js';

/**
 * Sets `value.variables`, the `environment` map as a list of `{ name, value }` entries, so a rule
 * can judge a variable's name and value together with patterns from its params (JSON Schema
 * cannot take a property-name pattern from a param). Returns the anchors with one per entry,
 * pointing where `environment/<name>` is written (a list item, an override file, a script line);
 * `pointer` is the subject's own pointer, used when no anchor covers the entry. The anchors given
 * are not changed: a `docker run` shares its list with its command subject.
 */
export function withVariables(value: ContainerSpec, anchors: readonly SubjectAnchor[], pointer?: string): SubjectAnchor[] {
  const kept = anchors.filter((anchor) => !isPointerPrefix('/variables', anchor.path));
  const out = [...kept];
  value.variables = Object.entries(value.environment).map(([name, entry]) => ({ name, value: entry }));
  value.variables.forEach(({ name }, i) => {
    const path = joinPointer('/environment', name);
    let best: SubjectAnchor | undefined;
    for (const anchor of kept) {
      if (isPointerPrefix(anchor.path, path) && (!best || anchor.path.length > best.path.length)) best = anchor;
    }
    const at = `/variables/${i}`;
    if (best) out.push({ ...best, path: at, pointer: best.line === undefined ? best.pointer + path.slice(best.path.length) : best.pointer });
    else if (pointer !== undefined) out.push({ path: at, pointer: pointer + path });
  });
  return out;
}
