/** The type Compose converts an interpolated string to at a given path. */
export type ComposeCast = 'int' | 'float' | 'bool';

/**
 * Compose's `interpolateTypeCastMapping` (compose-go `loader/interpolate.go`): after
 * interpolation, a string at one of these paths is converted, so `privileged: "${PRIV:-true}"`
 * is the boolean `true`. `*` matches any map key, `[]` any list index.
 */
const CASTS: Array<[string[], ComposeCast]> = [
  ...(
    [
      [['configs', '[]', 'mode'], 'int'],
      [['cpu_count'], 'int'],
      [['cpu_percent'], 'float'],
      [['cpu_period'], 'int'],
      [['cpu_quota'], 'int'],
      [['cpu_rt_period'], 'int'],
      [['cpu_rt_runtime'], 'int'],
      [['cpus'], 'float'],
      [['cpu_shares'], 'int'],
      [['init'], 'bool'],
      [['deploy', 'replicas'], 'int'],
      [['deploy', 'update_config', 'parallelism'], 'int'],
      [['deploy', 'update_config', 'max_failure_ratio'], 'float'],
      [['deploy', 'rollback_config', 'parallelism'], 'int'],
      [['deploy', 'rollback_config', 'max_failure_ratio'], 'float'],
      [['deploy', 'restart_policy', 'max_attempts'], 'int'],
      [['deploy', 'placement', 'max_replicas_per_node'], 'int'],
      [['healthcheck', 'retries'], 'int'],
      [['healthcheck', 'disable'], 'bool'],
      [['oom_kill_disable'], 'bool'],
      [['oom_score_adj'], 'int'],
      [['pids_limit'], 'int'],
      [['ports', '[]', 'target'], 'int'],
      [['privileged'], 'bool'],
      [['read_only'], 'bool'],
      [['scale'], 'int'],
      [['secrets', '[]', 'mode'], 'int'],
      [['stdin_open'], 'bool'],
      [['tty'], 'bool'],
      [['ulimits', '*'], 'int'],
      [['ulimits', '*', 'hard'], 'int'],
      [['ulimits', '*', 'soft'], 'int'],
      [['volumes', '[]', 'read_only'], 'bool'],
      [['volumes', '[]', 'volume', 'nocopy'], 'bool'],
    ] as Array<[string[], ComposeCast]>
  ).map(([path, cast]): [string[], ComposeCast] => [['services', '*', ...path], cast]),
  ...(['networks', 'volumes', 'secrets', 'configs'].map((kind): [string[], ComposeCast] => [[kind, '*', 'external'], 'bool'])),
  [['networks', '*', 'internal'], 'bool'],
  [['networks', '*', 'attachable'], 'bool'],
  [['networks', '*', 'enable_ipv6'], 'bool'],
];

/** The cast Compose applies at `path` (segments from the file's root), if any. */
export function castAt(path: readonly (string | number)[]): ComposeCast | undefined {
  for (const [pattern, cast] of CASTS) {
    if (pattern.length !== path.length) continue;
    if (pattern.every((part, i) => matches(part, path[i]))) return cast;
  }
  return undefined;
}

function matches(part: string, segment: string | number | undefined): boolean {
  if (part === '[]') return typeof segment === 'number';
  if (part === '*') return typeof segment === 'string';
  return part === segment;
}

/**
 * Converts like Go's `strconv` and compose-go's `toBoolean` (which still accepts YAML 1.1's
 * `yes`/`no`/`on`/`off`, with a warning). `undefined` when Compose would refuse the value.
 */
export function castValue(text: string, cast: ComposeCast): number | boolean | undefined {
  if (cast === 'bool') {
    const lower = text.toLowerCase();
    if (['true', 'y', 'yes', 'on'].includes(lower)) return true;
    if (['false', 'n', 'no', 'off'].includes(lower)) return false;
    return undefined;
  }
  if (cast === 'int') return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}
