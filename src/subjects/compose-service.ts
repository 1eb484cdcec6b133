import { joinPointer } from '../core/json-pointer.js';
import type { SubjectAnchor } from '../core/subject.js';
import { shellWords } from '../languages/shell-words.js';
import { isUnknown } from './compose-unknown.js';
import type { ContainerSpec, VolumeMount } from './container.js';
import { withVariables } from './container-variables.js';
import { cleanHostPath } from './host-path.js';
import { parsePortSpec } from './port-spec.js';
import { parseVolumeSpec } from './volume-spec.js';

type Raw = Record<string, unknown>;

/**
 * Turns one Compose service (after YAML merge keys) into the shared `container` shape, with the
 * anchors that lead each normalized value back to where it is written. Short and long syntax
 * end up the same, so a rule is written once.
 */
export function normalizeService(raw: Raw, pointer: string, written: Raw = {}): { value: ContainerSpec; anchors: SubjectAnchor[] } {
  const anchors: SubjectAnchor[] = [];
  const at = <T>(field: string, mapper: (entry: unknown, index: number) => T[]): T[] => kept(raw[field], field, pointer, anchors, mapper);
  const writtenVolumes = list(written['volumes']);
  const value: ContainerSpec = {
    origin: 'compose-service',
    cap_add: at('cap_add', (e) => oneText(e).map(capability)),
    cap_drop: at('cap_drop', (e) => oneText(e).map(capability)),
    security_opt: at('security_opt', (e) => oneText(e).map(securityOpt)),
    volumes: at('volumes', (e, index) => {
      const m = mount(e, writtenVolumes[index]);
      return m ? [m] : [];
    }),
    ports: at('ports', port),
    devices: at('devices', device),
    environment: environment(raw['environment'], pointer, anchors),
    secrets: at('secrets', (e) => oneText(isRecord(e) ? e['source'] : e)),
    sysctls: keyValues(raw['sysctls']),
    tmpfs: at('tmpfs', oneText),
  };
  const cgroupRules = at('device_cgroup_rules', oneText);
  if (cgroupRules.length > 0) value.device_cgroup_rules = cgroupRules;
  for (const key of ['image', 'user', 'network_mode', 'pid', 'ipc', 'uts', 'userns_mode', 'cgroup', 'cgroup_parent', 'restart'] as const) {
    const v = text(raw[key]);
    if (v !== undefined) value[key] = v;
  }
  const entrypoint = program(raw['entrypoint']);
  if (entrypoint !== undefined) value.entrypoint = entrypoint.join(' ');
  const command = program(raw['command']);
  if (command !== undefined) value.command = command;
  // https://docs.docker.com/reference/compose-file/services/#post_start
  const hooks: NonNullable<ContainerSpec['hooks']> = [];
  for (const key of ['post_start', 'pre_stop'] as const) {
    list(raw[key]).forEach((hook, index) => {
      if (!isRecord(hook)) return;
      const privileged = bool(hook['privileged']);
      const user = text(hook['user']);
      anchors.push({ path: `/hooks/${hooks.length}`, pointer: joinPointer(pointer, key, String(index)) });
      for (const field of ['command', 'privileged', 'user']) {
        if (hook[field] !== undefined) anchors.push({ path: `/hooks/${hooks.length}/${field}`, pointer: joinPointer(pointer, key, String(index), field) });
      }
      hooks.push({ on: key, command: program(hook['command']) ?? [], ...(privileged !== undefined ? { privileged } : {}), ...(user !== undefined ? { user } : {}) });
    });
  }
  if (hooks.length > 0) value.hooks = hooks;
  restartPolicy(value, raw, pointer, anchors);
  const logDriver = text(record(raw['logging'])['driver']);
  if (logDriver !== undefined) {
    value.log_driver = logDriver;
    anchors.push({ path: '/log_driver', pointer: joinPointer(pointer, 'logging', 'driver') });
  }
  for (const key of ['privileged', 'read_only', 'use_api_socket'] as const) {
    const v = bool(raw[key]);
    if (v !== undefined) value[key] = v;
  }
  const build = buildSpec(raw['build']);
  if (build) value.build = build;
  const healthcheck = health(raw['healthcheck']);
  if (healthcheck) value.healthcheck = healthcheck;

  // `deploy.resources.limits` is the Compose Deploy spec's way to say what `mem_limit`,
  // `cpus` and `pids_limit` say; either satisfies a limit rule, and a finding points at it.
  const limits = record(record(record(raw['deploy'])['resources'])['limits']);
  const limitsPointer = joinPointer(pointer, 'deploy', 'resources', 'limits');
  const memory = text(raw['mem_limit']) ?? text(limits['memory']);
  if (memory !== undefined) {
    value.mem_limit = memory;
    if (raw['mem_limit'] === undefined) anchors.push({ path: '/mem_limit', pointer: `${limitsPointer}/memory` });
  }
  const cpus = text(raw['cpus']) ?? text(limits['cpus']);
  if (cpus !== undefined) {
    value.cpus = cpus;
    if (raw['cpus'] === undefined) anchors.push({ path: '/cpus', pointer: `${limitsPointer}/cpus` });
  }
  const pids = num(raw['pids_limit']) ?? num(limits['pids']);
  if (pids !== undefined) {
    value.pids_limit = pids;
    if (raw['pids_limit'] === undefined) anchors.push({ path: '/pids_limit', pointer: `${limitsPointer}/pids` });
  }
  return { value, anchors: withVariables(value, anchors, pointer) };
}

/**
 * `deploy.restart_policy` decides the container's restart policy when it is present, over
 * `restart:` (docker/compose `getRestartPolicy` applies it last): `none` is `no`, `on-failure`
 * with `max_attempts: N` is `on-failure:N`, `any` (the default condition) is `always`, whose retry
 * count the engine does not bound. A value left unknown by a variable leaves `restart` unknown.
 */
function restartPolicy(value: ContainerSpec, raw: Raw, pointer: string, anchors: SubjectAnchor[]): void {
  const policy = record(raw['deploy'])['restart_policy'];
  if (!isRecord(policy)) return;
  if (isUnknown(policy['condition']) || isUnknown(policy['max_attempts'])) {
    delete value.restart;
    return;
  }
  const condition = text(policy['condition']) ?? 'any';
  const mode = ({ none: 'no', no: 'no', any: 'always' } as Record<string, string>)[condition] ?? condition;
  const attempts = num(policy['max_attempts']);
  value.restart = mode === 'on-failure' && attempts !== undefined && attempts > 0 ? `on-failure:${attempts}` : mode;
  anchors.push({ path: '/restart', pointer: joinPointer(pointer, 'deploy', 'restart_policy') });
}

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function record(value: unknown): Raw {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * A scalar as text. Values arrive interpolated (compose-interpolate-tree.ts), so a `${` left in
 * a string is a literal one written as `$${`; an unresolved variable is `UNKNOWN`, which is not
 * a string, and stays absent: never a guess.
 */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value : undefined;
}

/**
 * `entrypoint:` or `command:` as words: a list item by item, a string split as Compose splits it
 * (shell words). An unknown value or word is `''`, so that it is set but matches no word;
 * undefined when not written (`null` unsets it, as in an override file).
 */
function program(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((word) => text(word) ?? '');
  const written = text(value);
  return written === undefined ? [''] : shellWords(written);
}

function num(value: unknown): number | undefined {
  const t = text(value);
  return t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/**
 * Compose converts strings to booleans after interpolation where it expects one (the parser
 * already did for the paths in compose-coerce.ts); this covers the rest the same way.
 */
function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const t = text(value)?.trim().toLowerCase();
  if (t === undefined) return undefined;
  return ['true', 'y', 'yes', 'on'].includes(t) ? true : ['false', 'n', 'no', 'off'].includes(t) ? false : undefined;
}

function oneText(value: unknown): string[] {
  const t = text(value);
  return t === undefined ? [] : [t];
}

/**
 * Normalizes a list, dropping entries that stay unknown (an unresolved variable). When a dropped
 * entry shifts the ones after it, anchors keep each kept entry pointing at the line it is on.
 */
function kept<T>(
  value: unknown,
  field: string,
  pointer: string,
  anchors: SubjectAnchor[],
  mapper: (entry: unknown, index: number) => T[],
): T[] {
  const out: T[] = [];
  list(value).forEach((entry, index) => {
    for (const item of mapper(entry, index)) {
      if (out.length !== index) anchors.push({ path: `/${field}/${out.length}`, pointer: joinPointer(pointer, field, index) });
      out.push(item);
    }
  });
  return out;
}

/** Docker accepts `sys_admin`, `SYS_ADMIN` and `CAP_SYS_ADMIN` alike. */
export function capability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

/**
 * Docker accepts `seccomp:unconfined` and `seccomp=unconfined`, and `no-new-privileges` alone for
 * `no-new-privileges=true`; one spelling lets one rule match them all.
 */
export function securityOpt(option: string): string {
  const trimmed = option.trim();
  const at = trimmed.search(/[:=]/);
  if (at < 0) return trimmed === 'no-new-privileges' ? 'no-new-privileges=true' : trimmed;
  return `${trimmed.slice(0, at)}=${trimmed.slice(at + 1)}`;
}

/**
 * Short syntax goes through the parser shared with `docker run -v`; long syntax
 * (https://docs.docker.com/reference/compose-file/services/#long-syntax-5) is read field by field.
 * A long-syntax entry whose `type` is an unresolved variable is unknown, so it is left out. A bind
 * whose host path holds an unresolved variable keeps the path as `written` in `source_template`
 * (`${XDG_RUNTIME_DIR}/docker.sock`), so a rootless daemon's socket is still recognised by shape.
 */
function mount(entry: unknown, written: unknown): VolumeMount | undefined {
  if (isUnknown(entry)) return typeof written === 'string' ? templateMount(written) : undefined;
  if (typeof entry === 'string') return parseVolumeSpec(entry);
  if (!isRecord(entry) || isUnknown(entry['type'])) return undefined;
  const target = text(entry['target']);
  if (target === undefined) return undefined;
  const type = text(entry['type']) ?? 'volume';
  const source = text(entry['source']);
  const template = isUnknown(entry['source']) ? text(record(written)['source']) : undefined;
  const propagation = text(record(entry['bind'])['propagation']);
  return {
    type: (['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'].includes(type) ? type : 'volume') as VolumeMount['type'],
    ...(source !== undefined ? { source: type === 'bind' ? cleanHostPath(source) : source } : {}),
    ...(template !== undefined ? { source_template: template } : {}),
    target,
    read_only: bool(entry['read_only']) ?? false,
    ...(propagation ? { propagation } : {}),
  };
}

/**
 * A short-syntax entry left unknown by interpolation, read from its written text: only when the
 * variable is in the host path and the target is a plain path, so what is known stays exact.
 */
function templateMount(written: string): VolumeMount | undefined {
  const match = /^(\$[^:]*):(\/[^:$]*)(?::([a-z,]+))?$/.exec(written.trim());
  if (!match) return undefined;
  const modes = (match[3] ?? '').split(',');
  return { type: 'bind', source_template: match[1]!, target: match[2]!, read_only: modes.includes('ro') };
}

function port(entry: unknown): ContainerSpec['ports'] {
  if (!isRecord(entry)) {
    const spec = text(entry);
    const parsed = spec === undefined ? undefined : parsePortSpec(spec);
    return parsed ? [parsed] : [];
  }
  const target = text(entry['target']);
  if (target === undefined) return [];
  const published = text(entry['published']);
  const hostIp = text(entry['host_ip']);
  return [{ ...(hostIp ? { host_ip: hostIp } : {}), ...(published ? { published } : {}), target, protocol: text(entry['protocol']) ?? 'tcp' }];
}

/**
 * Devices in the CLI's `host[:container[:permissions]]` form; the long syntax
 * (`source`, `target`, `permissions`) is folded into it so one rule reads both.
 */
function device(entry: unknown): string[] {
  if (isRecord(entry)) {
    const source = text(entry['source']);
    if (!source) return [];
    const permissions = text(entry['permissions']);
    return [`${source}:${text(entry['target']) ?? source}${permissions ? `:${permissions}` : ''}`];
  }
  return oneText(entry);
}

function environment(value: unknown, pointer: string, anchors: SubjectAnchor[]): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      if (typeof entry !== 'string' || entry === '') return;
      const eq = entry.indexOf('=');
      const key = eq < 0 ? entry : entry.slice(0, eq);
      env[key] = eq < 0 ? null : entry.slice(eq + 1);
      anchors.push({ path: joinPointer('/environment', key), pointer: joinPointer(pointer, 'environment', index) });
    });
  } else if (isRecord(value)) {
    // `KEY:` with no value, like `- KEY` in a list, passes the variable through from the shell
    // Compose runs in; an unresolved variable is as unknown. Both are `null`.
    for (const [key, v] of Object.entries(value)) env[key] = text(v) ?? null;
  }
  return env;
}

function keyValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      const t = text(entry);
      if (t === undefined) continue;
      const [key, ...rest] = t.split('=');
      if (key) out[key] = rest.join('=');
    }
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) {
      const t = text(v);
      if (t !== undefined) out[key] = t;
    }
  }
  return out;
}

/** `build: ./dir` or `build: { context, dockerfile }`; an unknown context leaves it out. */
function buildSpec(value: unknown): ContainerSpec['build'] {
  if (typeof value === 'string') return { context: value };
  // Written but unknown (`build: ${CTX}`, `context: ${CTX}`): the service still builds its image.
  if (isUnknown(value) || (isRecord(value) && (isUnknown(value['context']) || isUnknown(value['dockerfile'])))) return { context: '', unknown: true };
  if (!isRecord(value)) return undefined;
  const dockerfile = text(value['dockerfile']);
  const inline = value['dockerfile_inline'] !== undefined;
  // An unwritten context is absent, not `.`: merged over a layer that writes one, that one stays
  // (`build: {dockerfile: Dockerfile.dev}` in an override keeps the base's context).
  const context = text(value['context']);
  return { ...(context !== undefined ? { context } : {}), ...(dockerfile ? { dockerfile } : {}), ...(inline ? { inline: true as const } : {}) };
}

function health(value: unknown): ContainerSpec['healthcheck'] {
  if (!isRecord(value)) return undefined;
  const test = value['test'];
  // A test with an unknown word is unknown as a whole; only `disable` can still be judged.
  const words = Array.isArray(test) ? test.map(text) : undefined;
  const normalized = words ? (words.every((w) => w !== undefined) ? (words as string[]) : undefined) : typeof test === 'string' ? test : undefined;
  const disabled = bool(value['disable']) === true || (Array.isArray(normalized) && normalized[0] === 'NONE');
  return { ...(normalized !== undefined ? { test: normalized } : {}), disable: disabled };
}
