import { isUnknownWord } from '../languages/shell-words.js';
import { capability, securityOpt } from './compose-service.js';
import type { ContainerOrigin, ContainerSpec } from './container.js';
import { parseMountFlag } from './docker-mount.js';
import { parsePortSpec } from './port-spec.js';
import { parseVolumeSpec } from './volume-spec.js';

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
 */
export function applyFlag(spec: ContainerSpec, name: string, value: string): void {
  const unknown = isUnknownWord(value);
  const boolField = Object.hasOwn(BOOLEANS, name) ? BOOLEANS[name] : undefined;
  if (boolField) {
    const parsed = parseFlagBoolean(value);
    if (parsed === undefined) delete spec[boolField];
    else spec[boolField] = parsed;
    return;
  }
  const scalarField = Object.hasOwn(SCALARS, name) ? SCALARS[name] : undefined;
  if (scalarField) {
    if (unknown) delete spec[scalarField];
    else spec[scalarField] = value;
    return;
  }
  switch (name) {
    case 'network': {
      // Docker 25+ also takes `--network name=host,alias=x`.
      const named = /^name=([^,]*)/.exec(value)?.[1] ?? value;
      if (unknown) delete spec.network_mode;
      else spec.network_mode = named;
      return;
    }
    case 'pids-limit':
      if (/^-?\d+$/.test(value)) spec.pids_limit = Number(value);
      else delete spec.pids_limit;
      return;
    case 'health-cmd':
      // Docker stores `--health-cmd` as a CMD-SHELL test; the command runs inside the container,
      // so its `$` words are the container's, and it is kept as written.
      spec.healthcheck = { test: ['CMD-SHELL', value], disable: false };
      return;
    case 'no-healthcheck':
      if (parseFlagBoolean(value) === true) spec.healthcheck = { test: ['NONE'], disable: true };
      return;
    case 'env':
      addEnvironment(spec, value);
      return;
    case 'volume':
      addVolume(spec, value);
      return;
  }
  if (unknown) return;
  addListValue(spec, name, value);
}

function addListValue(spec: ContainerSpec, name: string, value: string): void {
  switch (name) {
    case 'cap-add':
      spec.cap_add.push(capability(value));
      return;
    case 'cap-drop':
      spec.cap_drop.push(capability(value));
      return;
    case 'security-opt':
      spec.security_opt.push(securityOpt(value));
      return;
    case 'device':
      spec.devices.push(value);
      return;
    case 'tmpfs':
      spec.tmpfs.push(value);
      return;
    case 'mount': {
      const mount = parseMountFlag(value);
      if (mount) spec.volumes.push(mount);
      return;
    }
    case 'publish': {
      const port = parsePortSpec(value);
      if (port) spec.ports.push(port);
      return;
    }
    case 'sysctl': {
      const eq = value.indexOf('=');
      if (eq > 0) spec.sysctls[value.slice(0, eq)] = value.slice(eq + 1);
      return;
    }
  }
}

/**
 * `-v source:target[:modes]`. A source that is a variable (`${{ github.workspace }}:/src`,
 * `$PWD:/src`) is unknown, so it is left out (kept as written in `source_template`); the mount is kept as a bind because a variable
 * that Docker sees expanded is a host path in practice, and its target and modes still count.
 */
function addVolume(spec: ContainerSpec, value: string): void {
  const mount = parseVolumeSpec(value);
  if (!mount || isUnknownWord(mount.target)) return;
  if (mount.source !== undefined && isUnknownWord(mount.source)) {
    mount.source_template = mount.source;
    delete mount.source;
    mount.type = 'bind';
  }
  spec.volumes.push(mount);
}

/**
 * `-e KEY=value` sets a value (kept as written even when it is an expression, so a rule can tell
 * `${{ secrets.X }}` from a literal); `-e KEY` passes the caller's variable through (null).
 */
function addEnvironment(spec: ContainerSpec, value: string): void {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (!key || isUnknownWord(key)) return;
  spec.environment[key] = eq < 0 ? null : value.slice(eq + 1);
}
