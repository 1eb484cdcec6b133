import type { ComposeFileReference, ComposeServiceModel } from '../core/compose-model.js';
import { joinPointer } from '../core/json-pointer.js';
import type { SubjectAnchor } from '../core/subject.js';
import type { ContainerSpec } from '../subjects/container.js';
import { bindsDevice } from '../subjects/docker-mount.js';
import { cleanHostPath } from '../subjects/host-path.js';

/**
 * `include:` entries: a path, or a mapping whose `path` is a path or a list of paths (merged as
 * one project). A value Containment cannot read as a path (unknown after interpolation, a wrong
 * type) is kept as written so the reader reports it rather than silently skipping it.
 */
export function includesOf(value: unknown): ComposeFileReference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, index): ComposeFileReference[] => {
    const pointer = joinPointer('/include', String(index));
    if (typeof entry === 'string') return [{ written: entry, pointer }];
    if (!isMapping(entry)) return [{ written: '', pointer }];
    const path = entry['path'];
    // `env_file` (a path or a list) and `project_directory` change the variables the included file
    // is interpolated with (https://docs.docker.com/reference/compose-file/include/).
    const envFile = entry['env_file'];
    const envFiles = typeof envFile === 'string' ? [envFile] : Array.isArray(envFile) ? envFile.map((item) => (typeof item === 'string' ? item : '')) : undefined;
    const directory = entry['project_directory'];
    const context = {
      ...(envFiles === undefined ? {} : { envFiles }),
      ...(directory === undefined ? {} : { projectDirectory: typeof directory === 'string' ? directory : '' }),
    };
    if (typeof path === 'string') return [{ written: path, pointer: joinPointer(pointer, 'path'), ...context }];
    if (Array.isArray(path)) return path.map((item, i) => ({ written: typeof item === 'string' ? item : '', pointer: joinPointer(joinPointer(pointer, 'path'), String(i)), ...context }));
    return [{ written: '', pointer }];
  });
}

/**
 * A named volume declared with the local driver's bind options (`driver_opts: { type: none, o:
 * bind, device: /var/run }`) mounts that host path, exactly like a bind mount
 * (https://docs.docker.com/engine/storage/volumes/#create-a-volume-using-a-bind-mount-as-the-source,
 * the `local` driver's `o=bind`, or `rbind`). The service's mount is judged as the bind it is, so the host-path
 * rules see `/var/run` or `/` however it is spelled.
 */
export function bindNamedVolumes(value: ContainerSpec, declared: Record<string, unknown>): void {
  for (const mount of value.volumes ?? []) {
    if (mount.type !== 'volume' || mount.source === undefined) continue;
    const options = record(record(declared[mount.source])['driver_opts']);
    const device = options['device'];
    if (typeof device === 'string' && bindsDevice(options['o'])) {
      mount.type = 'bind';
      mount.source = cleanHostPath(device);
    }
  }
}

/**
 * A service on a network the file declares with `name: host` runs in the host's network stack, as
 * `network_mode: host` does: the Compose specification's way to use the predefined `host` network
 * ("host or none", networks: an external network named `host` under an alias such as `hostnet`).
 * A service that lists no `networks:` is on `default`, so `networks: { default: { name: host } }`
 * puts every such service there. The service's `network_mode` becomes `host`, located at that
 * `name:`, so the host-network rule judges it (found by two review helpers, issue #17's session).
 */
export function hostNetworkByName(value: ContainerSpec, raw: Record<string, unknown>, declared: Record<string, unknown>, anchors: SubjectAnchor[]): void {
  if (value.network_mode !== undefined || raw['network_mode'] !== undefined) return;
  const networks = raw['networks'];
  const aliases = networks === undefined ? ['default'] : Array.isArray(networks) ? networks.filter((alias): alias is string => typeof alias === 'string') : Object.keys(record(networks));
  for (const alias of aliases) {
    const named = networkName(record(declared[alias]), alias);
    if (named?.name.trim() === 'host') {
      value.network_mode = 'host';
      anchors.push({ path: '/network_mode', pointer: joinPointer('/networks', alias, ...named.at) });
      return;
    }
  }
}

/**
 * The name of a declared network and where it is written (below `/networks/<alias>`): `name:`,
 * the legacy `external: { name: … }`, or, for an external network with neither, its key, which
 * Compose looks it up by. Undefined for a network Compose names after the project.
 */
function networkName(network: Record<string, unknown>, alias: string): { name: string; at: string[] } | undefined {
  const external = network['external'];
  if (typeof network['name'] === 'string') return { name: network['name'], at: ['name'] };
  if (typeof record(external)['name'] === 'string') return { name: record(external)['name'] as string, at: ['external', 'name'] };
  return external === true || external === 'true' ? { name: alias, at: [] } : undefined;
}

/** `extends: base` or `extends: { service: base, file: other.yaml }`. */
export function extendsOf(value: unknown): Pick<ComposeServiceModel, 'extends'> {
  if (typeof value === 'string') return { extends: { service: value } };
  if (!isMapping(value) || typeof value['service'] !== 'string') return {};
  return { extends: { service: value['service'], ...(typeof value['file'] === 'string' ? { file: value['file'] } : {}) } };
}

function record(value: unknown): Record<string, unknown> {
  return isMapping(value) ? value : {};
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Secrets and configs with `file:` outside Swarm are bind mounts of that host file, read-only, at
 * `/run/secrets/<name>` (a secret) or `/<name>` (a config) unless the service gives a `target`
 * (https://docs.docker.com/reference/compose-file/secrets/, .../configs/). A secret whose file is
 * the Docker socket hands over the daemon like a volume would, so each is judged as the mount it
 * is, located at the `file:` that names the host path.
 */
export function bindFileSecrets(value: ContainerSpec, raw: Record<string, unknown>, top: Record<string, Record<string, unknown>>): Array<{ index: number; pointer: string }> {
  const placed: Array<{ index: number; pointer: string }> = [];
  for (const kind of ['secrets', 'configs'] as const) {
    for (const entry of Array.isArray(raw[kind]) ? raw[kind] : []) {
      const name = typeof entry === 'string' ? entry : isMapping(entry) && typeof entry['source'] === 'string' ? entry['source'] : undefined;
      if (name === undefined) continue;
      const file = record(record(top[kind])[name])['file'];
      if (typeof file !== 'string') continue;
      const target = isMapping(entry) && typeof entry['target'] === 'string' ? entry['target'] : undefined;
      const path = target ?? (kind === 'secrets' ? `/run/secrets/${name}` : `/${name}`);
      placed.push({ index: value.volumes.length, pointer: joinPointer(`/${kind}`, name, 'file') });
      value.volumes.push({ type: 'bind', source: cleanHostPath(file), target: path.startsWith('/') || kind === 'configs' ? path : `/run/secrets/${path}`, read_only: true });
    }
  }
  return placed;
}

/**
 * A service's `env_file:`: a path, a list of paths, or a list of `{ path, required }`
 * (https://docs.docker.com/reference/compose-file/services/#env_file). A value Containment cannot
 * read as a path is kept as written (`''`) so the reader reports it.
 */
export function envFilesOf(value: unknown, pointer: string): Array<ComposeFileReference & { required: boolean }> {
  const at = joinPointer(pointer, 'env_file');
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ written: value, pointer: at, required: true }];
  if (!Array.isArray(value)) return [{ written: '', pointer: at, required: true }];
  return value.map((entry, index) => {
    const where = joinPointer(at, index);
    if (typeof entry === 'string') return { written: entry, pointer: where, required: true };
    const path = isMapping(entry) ? entry['path'] : undefined;
    return { written: typeof path === 'string' ? path : '', pointer: where, required: !(isMapping(entry) && entry['required'] === false) };
  });
}
