/**
 * Where a running container is described. Rules use it in `when` to keep noise down where it is
 * noise: a CI job container running as root is normal on GitHub's runners; privileged mode is
 * dangerous everywhere.
 */
export type ContainerOrigin = 'compose-service' | 'job-container' | 'job-service' | 'docker-cli';

/** A mount, normalized from Compose short or long syntax or `-v`/`--mount` flags. */
export interface VolumeMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /**
   * Host path for binds (an absolute path cleaned as the daemon cleans it, `~` and relative paths
   * kept as written), volume name, or absent.
   */
  source?: string;
  /**
   * The host path as written when a variable Containment cannot resolve makes it unknown
   * (`${XDG_RUNTIME_DIR}/docker.sock`, `$HOME/.ssh`); `source` is then absent. Lets a rule match a
   * path by its shape, such as a rootless daemon's socket.
   */
  source_template?: string;
  /**
   * A relative source that a committed symbolic link takes out of the repository, as written
   * (`./sock`); `source` is then the host path the link leads to (`/var/run/docker.sock`).
   */
  linked_from?: string;
  target: string;
  read_only: boolean;
  propagation?: string;
}

/** A published port, normalized from `"127.0.0.1:8080:80/tcp"`, long syntax or `-p`. */
export interface PortBinding {
  /** Absent when the port is bound to every interface. */
  host_ip?: string;
  /** Host port or range as written (`"8080"`, `"8000-8010"`); absent when Docker picks one. */
  published?: string;
  target: string;
  protocol: string;
}

/**
 * The value of a `container` subject: a runtime container spec shaped like a normalized Compose
 * service, whatever wrote it (Compose, a workflow job, `options:` flags, `docker run`).
 *
 * Conventions that rules rely on: a scalar that is unset or unknown (an unresolved variable, a
 * `${{ }}` expression) is absent, never guessed; lists and maps are always present, possibly
 * empty; capability names are upper case without the `CAP_` prefix; `security_opt` entries use
 * `key=value` (Compose's `seccomp:unconfined` becomes `seccomp=unconfined`).
 */
export interface ContainerSpec {
  origin: ContainerOrigin;
  image?: string;
  /**
   * `build:` as written (`context` relative to the Compose file's folder, absent when the long
   * syntax leaves it out, so a file merged over another keeps that one's; `dockerfile` relative
   * to the context). `resolved` is the Dockerfile's repository-relative path, set by the link
   * stage when the context is a folder inside the repository. `unknown`: `build:` is written but
   * a variable leaves its context unknown (`context` is then `''`): an image built from something,
   * not known here.
   */
  build?: { context?: string; dockerfile?: string; resolved?: string; inline?: true; unknown?: true };
  user?: string;
  /**
   * The program run instead of the image's entrypoint (Compose `entrypoint:`, `--entrypoint`), its
   * words joined by spaces. `''` when it is set to something unknown (a variable) or to nothing
   * (`entrypoint: []` clears the image's). Absent when not set. Rules ask whether it is set: an
   * image known for what it runs (a socket proxy) runs something else with it.
   */
  entrypoint?: string;
  /**
   * The command given to the entrypoint (Compose `command:`, the words after the image in `docker
   * run`), as words; a word a variable leaves unknown is `''`. Absent when not set.
   */
  command?: string[];
  /**
   * Compose lifecycle hooks (`post_start:`, `pre_stop:`): each command run inside the container
   * (as words, a word a variable leaves unknown `''`), whether it runs privileged, and as whom.
   * Absent when none is written.
   */
  hooks?: Array<{ on: 'post_start' | 'pre_stop'; command: string[]; privileged?: boolean; user?: string }>;
  privileged?: boolean;
  cap_add: string[];
  cap_drop: string[];
  security_opt: string[];
  network_mode?: string;
  pid?: string;
  ipc?: string;
  uts?: string;
  userns_mode?: string;
  cgroup?: string;
  cgroup_parent?: string;
  volumes: VolumeMount[];
  ports: PortBinding[];
  devices: string[];
  /** `device_cgroup_rules:` / `--device-cgroup-rule`, as written (`a *:* rwm`). Absent when none is written. */
  device_cgroup_rules?: string[];
  read_only?: boolean;
  mem_limit?: string | number;
  cpus?: string | number;
  pids_limit?: number;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  /** The logging driver (`json-file`, `local`, `syslog`, `none`): `logging.driver` or `--log-driver`. */
  log_driver?: string;
  environment: Record<string, string | null>;
  /**
   * `environment` as a list, in the same order: each variable's name with its value, so rules
   * can judge both together. Set by `withVariables` wherever a container value is finished.
   */
  variables?: Array<{ name: string; value: string | null }>;
  secrets: string[];
  use_api_socket?: boolean;
  sysctls: Record<string, string>;
  tmpfs: string[];
  /**
   * A workflow job container's or service's registry `credentials` (workflow syntax,
   * jobs.<job_id>.container.credentials), as written: a rule tells `${{ secrets.X }}` from a
   * password written in the file. Absent when none are given.
   */
  credentials?: { username?: string; password?: string };
}
