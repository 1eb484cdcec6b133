import { joinPointer } from '../core/json-pointer.js';
import { isUnknownWord } from '../languages/shell-words.js';
import { capability, securityOpt } from './compose-service.js';
import type { ContainerOrigin, ContainerSpec } from './container.js';
import { parseMountFlag, unknownSource } from './docker-mount.js';
import { resolveBindSource } from './host-path.js';
import { parsePortSpec } from './port-spec.js';
import { parseVolumeSpec } from './volume-spec.js';

/**
 * `docker run` resolves a relative bind source against the working folder, in a workflow the
 * checkout at an unknown depth: read as the repository root, so a climb out of it is judged as
 * reaching the host path it names.
 */
const WORKSPACE = '';

/** A container spec with nothing set: every list and map present and empty, as rules expect. */
export function emptyContainerSpec(origin: ContainerOrigin): ContainerSpec {
  return {
    origin,
    cap_add: [],
    cap_drop: [],
    security_opt: [],
    volumes: [],
    ports: [],
    devices: [],
    environment: {},
    secrets: [],
    sysctls: {},
    tmpfs: [],
  };
}

/** Flags whose value is one string field of the spec, last one winning as in Docker. */
const SCALARS: Record<string, 'user' | 'pid' | 'ipc' | 'uts' | 'userns_mode' | 'cgroup' | 'cgroup_parent' | 'restart' | 'mem_limit' | 'cpus' | 'log_driver'> = {
  user: 'user',
  pid: 'pid',
  ipc: 'ipc',
  uts: 'uts',
  userns: 'userns_mode',
  cgroupns: 'cgroup',
  'cgroup-parent': 'cgroup_parent',
  restart: 'restart',
  memory: 'mem_limit',
  cpus: 'cpus',
  'log-driver': 'log_driver',
};

/** Boolean flags that land in the spec. */
const BOOLEANS: Record<string, 'privileged' | 'read_only' | 'use_api_socket'> = {
  privileged: 'privileged',
  'read-only': 'read_only',
  'use-api-socket': 'use_api_socket',
};

/**
 * Go's `strconv.ParseBool`, which pflag uses for `--privileged=false`. Anything else (an
 * expression) is unknown.
 */
export function parseFlagBoolean(value: string): boolean | undefined {
  if (/^(1|t|true)$/i.test(value)) return true;
  if (/^(0|f|false)$/i.test(value)) return false;
  return undefined;
}

/**
 * Records one parsed flag in `spec`. `value` is the flag's value, or `"true"` for a boolean
 * written without one. An unknown value (a `${{ }}` expression, a shell variable) clears a
 * scalar field (the last flag wins, and its value is not known) and adds nothing to a list.
 * Returns the JSON Pointer of what the flag set in the spec (`/privileged`, `/volumes/2`), so
 * a finding about it can be placed on the flag; undefined when it set nothing.
 */
export function applyFlag(spec: ContainerSpec, name: string, value: string, cwd = WORKSPACE): string | undefined {
  const unknown = isUnknownWord(value);
  const boolField = Object.hasOwn(BOOLEANS, name) ? BOOLEANS[name] : undefined;
  if (boolField) {
    const parsed = parseFlagBoolean(value);
    if (parsed === undefined) delete spec[boolField];
    else spec[boolField] = parsed;
    return parsed === undefined ? undefined : `/${boolField}`;
  }
  if (name === 'entrypoint') {
    // Set even when unknown: what the container runs is then not the image's (see ContainerSpec).
    spec.entrypoint = unknown ? '' : value;
    return '/entrypoint';
  }
  const scalarField = Object.hasOwn(SCALARS, name) ? SCALARS[name] : undefined;
  if (scalarField) {
    if (unknown) delete spec[scalarField];
    else spec[scalarField] = value;
    return unknown ? undefined : `/${scalarField}`;
  }
  switch (name) {
    case 'network': {
      // Docker 25+ also takes `--network name=host,alias=x`.
      const named = /^name=([^,]*)/.exec(value)?.[1] ?? value;
      if (unknown) delete spec.network_mode;
      else spec.network_mode = named;
      return unknown ? undefined : '/network_mode';
    }
    case 'pids-limit':
      if (/^-?\d+$/.test(value)) spec.pids_limit = Number(value);
      else delete spec.pids_limit;
      return spec.pids_limit === undefined ? undefined : '/pids_limit';
    case 'health-cmd':
      // Docker stores `--health-cmd` as a CMD-SHELL test; the command runs inside the container,
      // so its `$` words are the container's, and it is kept as written.
      spec.healthcheck = { test: ['CMD-SHELL', value], disable: false };
      return '/healthcheck';
    case 'no-healthcheck':
      if (parseFlagBoolean(value) !== true) return undefined;
      spec.healthcheck = { test: ['NONE'], disable: true };
      return '/healthcheck';
    case 'env':
      return addEnvironment(spec, value);
    case 'volume':
      return addVolume(spec, value, cwd);
    case 'mount': {
      // Its fields are read one by one: a variable in one (`readonly=${{ … }}`, `source=$PWD/x`)
      // leaves that field unknown, not the whole mount (helper-32 found the socket mounted so).
      const mount = parseMountFlag(value);
      if (mount) resolveBindSource(mount, cwd);
      return mount ? append(spec.volumes, 'volumes', mount) : undefined;
    }
  }
  if (unknown) return undefined;
  return addListValue(spec, name, value);
}

/** Appends to a list field and returns the new item's pointer. */
function append<T>(list: T[], field: string, item: T): string {
  list.push(item);
  return `/${field}/${list.length - 1}`;
}

function addListValue(spec: ContainerSpec, name: string, value: string): string | undefined {
  switch (name) {
    case 'cap-add':
      return append(spec.cap_add, 'cap_add', capability(value));
    case 'cap-drop':
      return append(spec.cap_drop, 'cap_drop', capability(value));
    case 'security-opt':
      return append(spec.security_opt, 'security_opt', securityOpt(value));
    case 'device':
      return append(spec.devices, 'devices', value);
    case 'device-cgroup-rule':
      spec.device_cgroup_rules ??= [];
      return append(spec.device_cgroup_rules, 'device_cgroup_rules', value);
    case 'tmpfs':
      return append(spec.tmpfs, 'tmpfs', value);
    case 'publish': {
      const port = parsePortSpec(value);
      return port ? append(spec.ports, 'ports', port) : undefined;
    }
    case 'sysctl': {
      const eq = value.indexOf('=');
      if (eq <= 0) return undefined;
      spec.sysctls[value.slice(0, eq)] = value.slice(eq + 1);
      return joinPointer('/sysctls', value.slice(0, eq));
    }
  }
  return undefined;
}

/**
 * `-v source:target[:modes]`. A source that is a variable (`${{ github.workspace }}:/src`,
 * `$PWD:/src`) is unknown, so it is left out (kept as written in `source_template`); the mount is kept as a bind because a variable
 * that Docker sees expanded is a host path in practice, and its target and modes still count.
 */
function addVolume(spec: ContainerSpec, value: string, cwd: string): string | undefined {
  const mount = parseVolumeSpec(value);
  if (!mount) return undefined;
  // A command substitution (`` `pwd`/x ``) in the source is as unknown as a variable; an unknown
  // target leaves the mount in (its source may be the socket), with the target as written.
  if (mount.source !== undefined && unknownSource(mount.source)) {
    mount.source_template = mount.source;
    delete mount.source;
    mount.type = 'bind';
  }
  resolveBindSource(mount, cwd);
  return append(spec.volumes, 'volumes', mount);
}

/**
 * `-e KEY=value` sets a value (kept as written even when it is an expression, so a rule can tell
 * `${{ secrets.X }}` from a literal); `-e KEY` passes the caller's variable through (null).
 */
function addEnvironment(spec: ContainerSpec, value: string): string | undefined {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (!key || isUnknownWord(key)) return undefined;
  spec.environment[key] = eq < 0 ? null : value.slice(eq + 1);
  return joinPointer('/environment', key);
}
