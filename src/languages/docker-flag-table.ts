/**
 * The option grammar of `docker run` / `docker create` (Docker CLI 28,
 * https://docs.docker.com/reference/cli/docker/container/run/): which flags are booleans and which
 * take a value. Every value-taking flag is listed, even those no rule reads, so that its value is
 * never mistaken for the image (Docker stops reading flags at the first positional word).
 */

/** Flags that take no value (`--rm`); pflag still accepts `--rm=false`. */
const BOOLEAN = [
  'detach',
  'disable-content-trust',
  'help',
  'init',
  'interactive',
  'no-healthcheck',
  'oom-kill-disable',
  'privileged',
  'publish-all',
  'quiet',
  'read-only',
  'rm',
  'sig-proxy',
  'tty',
  'use-api-socket',
];

/** Flags that take a value, as `--flag value` or `--flag=value`. */
const VALUED = [
  'add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop',
  'cgroup-parent', 'cgroupns', 'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota',
  'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpus', 'cpuset-cpus', 'cpuset-mems',
  'credentialspec', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps',
  'device-read-iops', 'device-write-bps', 'device-write-iops', 'dns', 'dns-option', 'dns-search',
  'domainname', 'entrypoint', 'env', 'env-file', 'expose', 'gpus', 'group-add', 'health-cmd',
  'health-interval', 'health-retries', 'health-start-interval', 'health-start-period',
  'health-timeout', 'hostname', 'io-maxbandwidth', 'io-maxiops', 'ip', 'ip6', 'ipc', 'isolation',
  'kernel-memory', 'label', 'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt',
  'mac-address', 'memory', 'memory-reservation', 'memory-swap', 'memory-swappiness', 'mount',
  'name', 'network', 'network-alias', 'oom-score-adj', 'pid', 'pids-limit', 'platform', 'publish',
  'pull', 'restart', 'runtime', 'security-opt', 'shm-size', 'stop-signal', 'stop-timeout',
  'storage-opt', 'sysctl', 'tmpfs', 'ulimit', 'user', 'userns', 'uts', 'volume', 'volume-driver',
  'volumes-from', 'workdir',
];

/** Single-letter forms (`-v`), which pflag lets combine (`-it`, `-itd`, `-itp 80:80`). */
const SHORT = new Map(Object.entries({
  a: 'attach',
  c: 'cpu-shares',
  d: 'detach',
  e: 'env',
  h: 'hostname',
  i: 'interactive',
  l: 'label',
  m: 'memory',
  p: 'publish',
  P: 'publish-all',
  q: 'quiet',
  t: 'tty',
  u: 'user',
  v: 'volume',
  w: 'workdir',
}));

/** Deprecated spellings Docker still accepts. */
const ALIASES = new Map([
  ['net', 'network'],
  ['net-alias', 'network-alias'],
  ['dns-opt', 'dns-option'],
]);

const KIND = new Map<string, 'boolean' | 'value'>([
  ...BOOLEAN.map((name) => [name, 'boolean'] as const),
  ...VALUED.map((name) => [name, 'value'] as const),
]);

/** A flag as Docker knows it: its canonical long name and whether it takes a value. */
export interface DockerFlagDef {
  name: string;
  kind: 'boolean' | 'value';
}

/** Looks up a long flag name (without `--`), following Docker's aliases. */
export function longFlag(name: string): DockerFlagDef | undefined {
  const canonical = ALIASES.get(name) ?? name;
  const kind = KIND.get(canonical);
  return kind ? { name: canonical, kind } : undefined;
}

/** Looks up a one-letter flag (without `-`). */
export function shortFlag(letter: string): DockerFlagDef | undefined {
  const name = SHORT.get(letter);
  return name === undefined ? undefined : longFlag(name);
}
