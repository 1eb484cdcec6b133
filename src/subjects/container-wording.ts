import type { ContainerOrigin } from './container.js';

/**
 * How each field of a `container` subject is written in the file it came from: Compose keys for a
 * service, docker CLI flags for a `docker run` and for a job container's or service container's
 * `options:` (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontaineroptions).
 * Rule messages use these words (`{{origin.privileged}}`) so that a reviewer is told what to
 * change in the file in front of them: `--privileged` in `options:`, not Compose's
 * `privileged: true`.
 */
const FIELDS: Record<string, { compose: string; flag: string }> = {
  privileged: { compose: 'privileged: true', flag: '--privileged' },
  cap_add: { compose: 'cap_add', flag: '--cap-add' },
  cap_drop: { compose: 'cap_drop', flag: '--cap-drop' },
  security_opt: { compose: 'security_opt', flag: '--security-opt' },
  network_mode: { compose: 'network_mode', flag: '--network' },
  pid: { compose: 'pid', flag: '--pid' },
  ipc: { compose: 'ipc', flag: '--ipc' },
  uts: { compose: 'uts', flag: '--uts' },
  userns_mode: { compose: 'userns_mode', flag: '--userns' },
  cgroup: { compose: 'cgroup', flag: '--cgroupns' },
  cgroup_parent: { compose: 'cgroup_parent', flag: '--cgroup-parent' },
  devices: { compose: 'devices', flag: '--device' },
  volumes: { compose: 'volumes', flag: '-v' },
  tmpfs: { compose: 'tmpfs', flag: '--tmpfs' },
  sysctls: { compose: 'sysctls', flag: '--sysctl' },
  environment: { compose: 'environment', flag: '-e' },
  user: { compose: 'user', flag: '--user' },
  read_only: { compose: 'read_only: true', flag: '--read-only' },
  ports: { compose: 'ports', flag: '-p' },
  restart: { compose: 'restart', flag: '--restart' },
  mem_limit: { compose: 'mem_limit', flag: '--memory' },
  cpus: { compose: 'cpus', flag: '--cpus' },
  pids_limit: { compose: 'pids_limit', flag: '--pids-limit' },
  healthcheck: { compose: 'healthcheck', flag: '--health-cmd' },
};

/** Dropping every capability, written as each origin writes it. */
const DROP_ALL = { compose: 'cap_drop: [ALL]', flag: '--cap-drop ALL' };

/**
 * The words for a container of `origin`, as markdown: one per field (`privileged`, `cap_add`, …),
 * `cap_drop_all`, `setting` (the field `key` the finding is about), and `in` / `from`, which
 * say where flags are written (` in \`options:\`` for a job container; empty where the field
 * names its own place).
 */
export function containerWording(origin: ContainerOrigin, key?: string): Record<string, string> {
  const style = origin === 'compose-service' ? 'compose' : 'flag';
  const code = (text: string) => `\`${text}\``;
  const words: Record<string, string> = {};
  for (const [field, written] of Object.entries(FIELDS)) words[field] = code(written[style]);
  words['cap_drop_all'] = code(DROP_ALL[style]);
  const options = origin === 'job-container' || origin === 'job-service';
  words['in'] = options ? ' in `options:`' : '';
  words['from'] = options ? ' from `options:`' : '';
  // Compose also joins the host's network through a network declared with `name: host` (hostNetworkByName).
  words['host_network'] = style === 'compose' ? ' (or the `networks:` entry whose `name:` is `host`)' : '';
  // Only a known field: the key of an unknown one may be text from the file, never template text.
  if (key !== undefined && Object.hasOwn(FIELDS, key)) words['setting'] = code(FIELDS[key]![style]);
  return words;
}
