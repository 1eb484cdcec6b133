import { isPointerPrefix, joinPointer } from '../core/json-pointer.js';
import type { Subject, SubjectAnchor } from '../core/subject.js';
import { isUnknown } from './compose-unknown.js';
import type { ContainerSpec } from './container.js';
import { withVariables } from './container-variables.js';

/** One side of a merge: a service's container subject and its interpolated mapping as written. */
export interface ComposeLayer {
  subject: Subject<ContainerSpec>;
  raw: Record<string, unknown>;
  /**
   * The service's Compose merge directives, by path inside the service (`privileged`,
   * `environment/TOKEN`): `reset` drops what the layers below set there, `override` replaces it
   * instead of merging with it. Only the top layer's count.
   */
  directives?: ReadonlyMap<string, 'reset' | 'override'>;
}

/** The merged service: its value, an anchor for every part of it, and the merged written keys. */
export interface MergedContainer {
  value: ContainerSpec;
  anchors: SubjectAnchor[];
  raw: Record<string, unknown>;
}

type Scalar = 'image' | 'user' | 'entrypoint' | 'command' | 'privileged' | 'network_mode' | 'pid' | 'ipc' | 'uts' | 'userns_mode' | 'cgroup' | 'cgroup_parent' | 'restart' | 'read_only' | 'mem_limit' | 'cpus' | 'pids_limit' | 'use_api_socket' | 'log_driver';
// Replaced whole by the top layer (`entrypoint` and `command` too, though `command` is a list:
// Compose replaces it, it does not append).
const SCALARS: Scalar[] = ['image', 'user', 'entrypoint', 'command', 'privileged', 'network_mode', 'pid', 'ipc', 'uts', 'userns_mode', 'cgroup', 'cgroup_parent', 'restart', 'read_only', 'mem_limit', 'cpus', 'pids_limit', 'use_api_socket', 'log_driver'];
// Where the limit may instead be written under `deploy.resources.limits`.
const LIMIT_KEYS: Partial<Record<Scalar, string>> = { mem_limit: 'memory', cpus: 'cpus', pids_limit: 'pids' };
// Spec fields that the service writes under another key (`logging.driver`).
const WRITTEN_AS: Partial<Record<Scalar, string>> = { log_driver: 'logging' };

/**
 * Merges `top` over `base` with Compose's rules
 * (https://docs.docker.com/reference/compose-file/merge/ and
 * https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/): scalars and
 * `healthcheck.test` are replaced; `cap_add`, `cap_drop`, `security_opt`, `tmpfs` append;
 * `ports` append unless the same binding exists, and `device_cgroup_rules` unless the same rule
 * does; `volumes` and `devices` merge by container
 * path, `secrets` by source, `environment` and `sysctls` by name. Used for override files
 * (top = the override) and `extends` (top = the extending service).
 *
 * Every part of the result gets an anchor naming the document it is written in, so whichever
 * subject hosts the result, a finding points at the file and line that set the value.
 */
export function mergeContainers(below: ComposeLayer, top: ComposeLayer): MergedContainer {
  const base = withoutDirected(below, top.directives);
  const anchors: SubjectAnchor[] = [];
  const take = (layer: ComposeLayer, from: string, to: string): void => {
    anchors.push(...anchorsFor(layer.subject, from, to));
  };
  const b = base.subject.value;
  const t = top.subject.value;
  const value: ContainerSpec = { ...b, cap_add: [], cap_drop: [], security_opt: [], tmpfs: [], ports: [], volumes: [], devices: [], secrets: [], environment: {}, sysctls: {} };

  for (const key of SCALARS) {
    delete value[key];
    // A key the top layer writes with an unresolved variable overrides with an unknown value.
    const limit = LIMIT_KEYS[key];
    const topWrites = (WRITTEN_AS[key] ?? key) in top.raw || (limit !== undefined && limit in limits(top.raw));
    const layer = t[key] !== undefined ? top : topWrites ? undefined : b[key] !== undefined ? base : undefined;
    if (!layer) continue;
    Object.assign(value, { [key]: layer.subject.value[key] });
    take(layer, `/${key}`, `/${key}`);
  }

  for (const key of ['cap_add', 'cap_drop', 'security_opt', 'tmpfs'] as const) {
    value[key] = byKey(key, base, top, (item) => item, 'append', take);
  }
  value.ports = byKey('ports', base, top, (p) => [p.host_ip ?? '', p.published ?? '', p.target, p.protocol].join('|'), 'append', take);
  value.volumes = byKey('volumes', base, top, (v) => v.target, 'replace', take);
  value.devices = byKey('devices', base, top, (d) => d.split(':')[1] ?? d.split(':')[0] ?? d, 'replace', take);
  value.secrets = byKey('secrets', base, top, (s) => s, 'replace', take);
  // Appended, each rule once, as Compose merges a sequence of unique values.
  delete value.device_cgroup_rules;
  const rules: string[] = [];
  for (const layer of [base, top]) {
    (layer.subject.value.device_cgroup_rules ?? []).forEach((rule, index) => {
      if (rules.includes(rule)) return;
      take(layer, `/device_cgroup_rules/${index}`, `/device_cgroup_rules/${rules.length}`);
      rules.push(rule);
    });
  }
  if (rules.length > 0) value.device_cgroup_rules = rules;
  for (const key of ['environment', 'sysctls'] as const) {
    const merged: Record<string, string | null> = {};
    for (const layer of [base, top]) {
      for (const [name, entry] of Object.entries(layer.subject.value[key])) {
        merged[name] = entry;
        anchors.splice(0, anchors.length, ...anchors.filter((a) => !isPointerPrefix(joinPointer(`/${key}`, name), a.path)));
        take(layer, joinPointer(`/${key}`, name), joinPointer(`/${key}`, name));
      }
    }
    Object.assign(value, { [key]: merged });
  }

  // Both layers' hooks, as Compose appends sequences it has no other rule for: every one runs,
  // but those of a key the top layer marks `!reset` or `!override` (held together as `hooks`,
  // each marked with its key, so the base's are dropped here by key).
  delete value.hooks;
  const hooks: NonNullable<ContainerSpec['hooks']> = [];
  const directed = new Set(top.directives?.keys() ?? []);
  for (const layer of [base, top]) {
    (layer.subject.value.hooks ?? []).forEach((hook, index) => {
      if (layer === base && directed.has(hook.on)) return;
      take(layer, `/hooks/${index}`, `/hooks/${hooks.length}`);
      hooks.push(hook);
    });
  }
  if (hooks.length > 0) value.hooks = hooks;
  delete value.build;
  if (b.build || t.build) {
    value.build = { ...b.build, ...t.build } as NonNullable<ContainerSpec['build']>;
    for (const field of ['context', 'dockerfile', 'resolved'] as const) {
      const layer = t.build?.[field] !== undefined ? top : b.build?.[field] !== undefined ? base : undefined;
      if (layer) take(layer, `/build/${field}`, `/build/${field}`);
    }
  }
  delete value.healthcheck;
  if (b.healthcheck || t.healthcheck) {
    const test = t.healthcheck?.test ?? b.healthcheck?.test;
    const disable = t.healthcheck?.test !== undefined ? t.healthcheck.disable : Boolean(b.healthcheck?.disable || t.healthcheck?.disable);
    value.healthcheck = { ...(test !== undefined ? { test } : {}), disable };
    take(t.healthcheck ? top : base, '/healthcheck', '/healthcheck');
  }
  const raw = { ...base.raw, ...top.raw };
  return { value, anchors: withVariables(value, anchors), raw };
}

/**
 * Where Compose's `!reset` or `!override` in the top layer says so, the layer below without what
 * it set there (compose-go `loader/reset.go` deletes those paths from the model merged so far,
 * before merging the next file): for `!reset` the top layer has dropped the key too, so the merged
 * service has none; for `!override` only the top layer's value is left.
 */
function withoutDirected(layer: ComposeLayer, directives: ComposeLayer['directives']): ComposeLayer {
  if (!directives?.size) return layer;
  const value: ContainerSpec = { ...layer.subject.value, environment: { ...layer.subject.value.environment }, sysctls: { ...layer.subject.value.sysctls } };
  const raw = { ...layer.raw };
  const spec = value as unknown as Record<string, unknown>;
  for (const path of directives.keys()) {
    const [key = '', ...rest] = path.split('/');
    const name = rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~');
    if ((key === 'environment' || key === 'sysctls') && rest.length > 0) {
      delete value[key][name];
      continue;
    }
    if (rest.length > 0) continue; // deeper paths: Containment's model does not hold them separately
    delete raw[key];
    if (key === 'deploy') {
      // Limits and the restart policy written under `deploy` go with it.
      for (const field of ['mem_limit', 'cpus', 'pids_limit'] as const) if (layer.raw[field] === undefined) delete value[field];
      if (layer.raw['restart'] === undefined) delete value.restart;
      continue;
    }
    if (key === 'logging') delete value.log_driver;
    if (!(key in spec) || key === 'origin') continue;
    const current = spec[key];
    if (Array.isArray(current)) spec[key] = [];
    else if (current !== null && typeof current === 'object' && (key === 'environment' || key === 'sysctls')) spec[key] = {};
    else delete spec[key];
  }
  return { ...layer, raw, subject: { ...layer.subject, value } };
}

/** Lists merged item by item: a later item with the same key replaces (or, for `append`, drops). */
function byKey<K extends 'cap_add' | 'cap_drop' | 'security_opt' | 'tmpfs' | 'ports' | 'volumes' | 'devices' | 'secrets'>(
  field: K,
  base: ComposeLayer,
  top: ComposeLayer,
  keyOf: (item: ContainerSpec[K][number]) => string,
  duplicates: 'append' | 'replace',
  take: (layer: ComposeLayer, from: string, to: string) => void,
): ContainerSpec[K] {
  const out: Array<{ item: ContainerSpec[K][number]; layer: ComposeLayer; index: number }> = [];
  for (const layer of [base, top]) {
    (layer.subject.value[field] as Array<ContainerSpec[K][number]>).forEach((item, index) => {
      const at = out.findIndex((entry) => keyOf(entry.item) === keyOf(item));
      if (at < 0) out.push({ item, layer, index });
      else if (duplicates === 'replace') out[at] = { item, layer, index };
    });
  }
  out.forEach((entry, i) => {
    take(entry.layer, `/${field}/${entry.index}`, `/${field}/${i}`);
  });
  return out.map((entry) => entry.item) as ContainerSpec[K];
}

function limits(raw: Record<string, unknown>): Record<string, unknown> {
  let node: unknown = raw['deploy'];
  for (const key of ['resources', 'limits']) node = node !== null && typeof node === 'object' && !isUnknown(node) ? (node as Record<string, unknown>)[key] : undefined;
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : {};
}

/**
 * Where `from` inside `subject.value` is written, re-addressed to `to` in the merged value: the
 * most specific anchor covering it (as locateFinding picks), and every anchor below it, each
 * naming its document explicitly.
 */
export function anchorsFor(subject: Subject, from: string, to: string): SubjectAnchor[] {
  let best: SubjectAnchor | undefined;
  for (const anchor of subject.anchors ?? []) {
    if (isPointerPrefix(anchor.path, from) && (!best || anchor.path.length > best.path.length)) best = anchor;
  }
  const place = (anchor: SubjectAnchor | undefined, rest: string, path: string): SubjectAnchor => {
    if (!anchor) return { path, document: subject.document, pointer: subject.pointer + rest };
    const document = anchor.document ?? subject.document;
    if (anchor.line !== undefined) return { path, document, pointer: anchor.pointer, line: anchor.line };
    return { path, document, pointer: anchor.pointer + rest.slice(anchor.path.length) };
  };
  const out = [place(best, from, to)];
  for (const anchor of subject.anchors ?? []) {
    if (anchor.path !== from && isPointerPrefix(from, anchor.path)) out.push(place(anchor, anchor.path, to + anchor.path.slice(from.length)));
  }
  return out;
}
