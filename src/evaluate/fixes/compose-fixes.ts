import { isMap, isScalar, isSeq } from 'yaml';
import type { FixContext, FixOutcome } from './fix-context.js';
import { noFix } from './fix-context.js';
import { addMapEntry, appendSeqItem, hasMergeKey, nodeAt, pairOf, renderScalar, replaceScalar, yamlTree } from './yaml-edit.js';

/** The service's map as written in the subject's own file, or why it cannot be edited. */
function serviceMap(context: FixContext) {
  const { subject, document } = context;
  if (document !== subject.document) return { note: `${subject.name}'s finding is written in another file than the service, so no edit is proposed.` };
  const tree = yamlTree(document);
  const node = tree && nodeAt(tree, subject.pointer);
  if (!tree || !isMap(node)) return { note: `${subject.name} is not written as a plain map in ${document.path} (an alias or a merged block), so no edit is proposed.` };
  return { map: node };
}

/**
 * `compose-add-list-item`: `security_opt: ["no-new-privileges:true"]`, `cap_drop: [ALL]`. Appends
 * to the list the service writes, in its style; adds the key when the service has none — unless
 * the service's list comes from elsewhere (`<<:` merge, `extends`), which a key of its own would
 * replace, dropping the entries it inherits.
 */
export function composeAddListItem(context: FixContext): FixOutcome {
  const key = String(context.params['key']);
  const item = renderScalar(String(context.params['value']));
  const found = serviceMap(context);
  if (!('map' in found) || !found.map) return noFix(found.note!);
  const { map } = found;
  const text = context.document.text;
  const pair = pairOf(map, key);
  const description = `Add \`${String(context.params['value'])}\` to \`${key}\` of ${context.subject.name}.`;
  if (pair) {
    if (!isSeq(pair.value)) return noFix(`${key} of ${context.subject.name} is not written as a list, so no edit is proposed.`);
    const edit = appendSeqItem(text, pair.value, item);
    return edit ? { edits: [edit], description } : noFix(`${key} of ${context.subject.name} could not be edited in place.`);
  }
  const inherited = (context.subject.value as Record<string, unknown>)[key];
  if ((Array.isArray(inherited) && inherited.length > 0) || hasMergeKey(map)) {
    return noFix(`${context.subject.name} takes \`${key}\` or other keys from a merged block or \`extends\`; add the entry there, as a key of its own would replace what it inherits.`);
  }
  const edit = addMapEntry(text, map, key, `[${item}]`, (indent) => `\n${indent}  - ${item}`);
  return edit ? { edits: [edit], description } : noFix(`${context.subject.name} could not be edited in place.`);
}

/** `compose-set-key`: `read_only: true`, `restart: on-failure:5`. Replaces the value written, or adds the key. */
export function composeSetKey(context: FixContext): FixOutcome {
  const key = String(context.params['key']);
  const value = context.params['value'];
  const found = serviceMap(context);
  if (!('map' in found) || !found.map) return noFix(found.note!);
  const { map } = found;
  // The finding is located where the value was decided: another key of the service that wins over
  // `key` (Compose applies `deploy.restart_policy` over `restart:`) would undo the edit.
  const decidedBy = decidingKey(context.subject.pointer, context.pointer);
  if (decidedBy !== undefined && decidedBy !== key) {
    return noFix(`${context.subject.name} takes this value from \`${decidedBy}\`, which wins over \`${key}\`: change it there.`);
  }
  const rendered = renderScalar(value);
  const description = `Set \`${key}: ${String(value)}\` on ${context.subject.name}.`;
  const pair = pairOf(map, key);
  if (pair) {
    const edit = isScalar(pair.value) ? replaceScalar(pair.value, rendered) : undefined;
    return edit ? { edits: [edit], description } : noFix(`${key} of ${context.subject.name} is not a plain value, so no edit is proposed.`);
  }
  const edit = addMapEntry(context.document.text, map, key, rendered);
  return edit ? { edits: [edit], description } : noFix(`${context.subject.name} could not be edited in place.`);
}

/** A host address that means "every interface", written before a short-syntax port. */
const ANY_ADDRESS_PREFIX = /^(0\.0\.0\.0|\[::\]|::):/;

/**
 * `compose-port-host-ip`: binds one published port to `address`. Short syntax gains the address
 * (`"8080:80"` → `"127.0.0.1:8080:80"`, `"80"` → `"127.0.0.1::80"`, Compose's "any host port");
 * long syntax gains `host_ip`. A port written with a variable is left alone: what it expands to is
 * not known here.
 */
export function composePortHostIp(context: FixContext): FixOutcome {
  const address = String(context.params['address']);
  const tree = yamlTree(context.document);
  // A finding about the written address points at `host_ip`; the edit is to the whole port entry.
  const node = tree && nodeAt(tree, context.pointer.replace(/\/host_ip$/, ''), true);
  const description = `Publish this port of ${context.subject.name} on ${address} only.`;
  if (!node) return noFix('This port is not written in this file as a plain value (an alias or a merged block), so no edit is proposed.');
  if (isScalar(node)) {
    const written = String(node.value);
    if (written.includes('$')) return noFix('This port is written with a variable, whose value is not known here; bind it to an address by hand.');
    const bound = ANY_ADDRESS_PREFIX.test(written)
      ? written.replace(ANY_ADDRESS_PREFIX, `${address}:`)
      : written.includes(':')
        ? `${address}:${written}`
        : `${address}::${written}`;
    const edit = replaceScalar(node, JSON.stringify(bound));
    return edit ? { edits: [edit], description } : noFix('This port could not be edited in place.');
  }
  if (isMap(node)) {
    const pair = pairOf(node, 'host_ip');
    const edit = pair && isScalar(pair.value) ? replaceScalar(pair.value, renderScalar(address)) : pair ? undefined : addMapEntry(context.document.text, node, 'host_ip', renderScalar(address));
    return edit ? { edits: [edit], description } : noFix('This port could not be edited in place.');
  }
  return noFix('This port is not written as a string or a map, so no edit is proposed.');
}

/** The service's own key a finding's pointer lies under (`deploy` for `/services/api/deploy/restart_policy`), if any. */
function decidingKey(servicePointer: string, findingPointer: string): string | undefined {
  if (!findingPointer.startsWith(`${servicePointer}/`)) return undefined;
  return findingPointer.slice(servicePointer.length + 1).split("/")[0]!.replace(/~1/g, '/').replace(/~0/g, '~');
}
