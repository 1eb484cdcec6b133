/**
 * The option grammar of the docker CLI commands other than `run`/`create` (whose table is
 * docker-flag-table.ts), as Docker CLI 28 and Compose v2 define them
 * (https://docs.docker.com/reference/cli/docker/): which flags take a value, which are booleans,
 * and their one-letter forms. Flags no rule reads are listed too, so that their values are never
 * taken for the container, the context or the Compose command.
 */

/** A command's flags. */
export interface FlagGrammar {
  valued: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  /** One-letter form → long name. */
  short: Readonly<Record<string, string>>;
}

const grammar = (valued: string[], booleans: string[], short: Record<string, string>): FlagGrammar => ({
  valued: new Set(valued),
  booleans: new Set(booleans),
  short,
});

/** `docker [OPTIONS] COMMAND`. */
export const GLOBAL = grammar(
  ['config', 'context', 'host', 'log-level', 'tlscacert', 'tlscert', 'tlskey'],
  ['debug', 'tls', 'tlsverify', 'version', 'help'],
  { c: 'context', H: 'host', l: 'log-level', D: 'debug', v: 'version' },
);

/**
 * `podman [OPTIONS] COMMAND` (https://docs.podman.io/en/latest/markdown/podman.1.html): its own
 * global options, several of which take a value (`--root /tmp/r`), which read with docker's
 * grammar made that value look like the command and hid `run --privileged` after it (helper-45).
 */
export const PODMAN_GLOBAL = grammar(
  [
    'cgroup-manager', 'config', 'conmon', 'connection', 'events-backend', 'hooks-dir', 'identity', 'imagestore', 'log-level', 'module',
    'network-cmd-path', 'network-config-dir', 'out', 'root', 'runroot', 'runtime', 'runtime-flag', 'ssh', 'storage-driver', 'storage-opt',
    'tmpdir', 'url', 'volumepath', 'cdi-spec-dir', 'db-backend', 'context', 'host', 'cpu-profile', 'memory-profile', 'registries-conf',
    'max-workers', 'namespace', 'default-mounts-file', 'network-backend',
  ],
  ['debug', 'help', 'log-driver', 'noout', 'remote', 'syslog', 'transient-store', 'version', 'trace'],
  { c: 'connection', r: 'remote', v: 'version', H: 'host' },
);

/** `nerdctl [OPTIONS] COMMAND` (containerd's docker-compatible CLI): its global options that take a value (`-n k8s.io`). */
export const NERDCTL_GLOBAL = grammar(
  [
    'address', 'namespace', 'snapshotter', 'storage-driver', 'cni-path', 'cni-netconfpath', 'data-root', 'cgroup-manager', 'host-gateway-ip',
    'hosts-dir', 'bridge-ip', 'global-dns', 'global-dns-opts', 'global-dns-search', 'log-level', 'host', 'cdi-spec-dirs', 'userns-remap',
  ],
  ['debug', 'debug-full', 'help', 'insecure-registry', 'version', 'experimental', 'kube-hide-dupe', 'selinux-enabled'],
  { a: 'address', n: 'namespace', H: 'address', v: 'version' },
);

/** `docker exec` (https://docs.docker.com/reference/cli/docker/container/exec/). */
export const EXEC = grammar(
  ['detach-keys', 'env', 'env-file', 'user', 'workdir'],
  ['detach', 'interactive', 'privileged', 'tty', 'help'],
  { d: 'detach', e: 'env', i: 'interactive', t: 'tty', u: 'user', w: 'workdir' },
);

/** `docker login` (https://docs.docker.com/reference/cli/docker/login/). */
export const LOGIN = grammar(['password', 'username'], ['password-stdin', 'help'], { p: 'password', u: 'username' });

/** `docker build` / `docker buildx build` (https://docs.docker.com/reference/cli/docker/buildx/build/). */
export const BUILD = grammar(
  [
    'add-host', 'allow', 'annotation', 'attest', 'build-arg', 'build-context', 'builder', 'cache-from',
    'cache-to', 'call', 'cgroup-parent', 'cpu-period', 'cpu-quota', 'cpu-shares', 'cpuset-cpus',
    'cpuset-mems', 'file', 'iidfile', 'isolation', 'label', 'memory', 'memory-swap', 'metadata-file',
    'network', 'no-cache-filter', 'output', 'platform', 'progress', 'provenance', 'sbom', 'secret',
    'security-opt', 'shm-size', 'ssh', 'tag', 'target', 'ulimit',
  ],
  ['check', 'compress', 'debug', 'force-rm', 'help', 'load', 'no-cache', 'pull', 'push', 'quiet', 'rm', 'squash'],
  { c: 'cpu-shares', f: 'file', m: 'memory', o: 'output', q: 'quiet', t: 'tag' },
);

/** `docker compose [OPTIONS] COMMAND` (https://docs.docker.com/reference/cli/docker/compose/). */
export const COMPOSE = grammar(
  ['ansi', 'env-file', 'file', 'parallel', 'profile', 'progress', 'project-directory', 'project-name'],
  ['all-resources', 'compatibility', 'dry-run', 'help'],
  { f: 'file', p: 'project-name' },
);

/** `docker compose exec` and `docker compose run`, whose flags reach the container. */
export const COMPOSE_COMMANDS: Readonly<Record<string, FlagGrammar>> = {
  exec: grammar(['env', 'index', 'user', 'workdir'], ['detach', 'dry-run', 'no-TTY', 'privileged', 'interactive', 'tty', 'help'], {
    d: 'detach',
    e: 'env',
    T: 'no-TTY',
    u: 'user',
    w: 'workdir',
    i: 'interactive',
    t: 'tty',
  }),
  run: grammar(
    ['cap-add', 'cap-drop', 'entrypoint', 'env', 'env-from-file', 'label', 'name', 'publish', 'pull', 'user', 'volume', 'workdir'],
    ['build', 'detach', 'help', 'interactive', 'no-deps', 'no-TTY', 'quiet', 'quiet-build', 'quiet-pull', 'remove-orphans', 'rm', 'service-ports', 'tty', 'use-aliases'],
    { d: 'detach', e: 'env', i: 'interactive', l: 'label', p: 'publish', q: 'quiet', T: 'no-TTY', t: 'tty', u: 'user', v: 'volume', w: 'workdir' },
  ),
};

/** Nothing known: `--flag=value` keeps its value, a bare `--flag` is read as a boolean. */
export const UNKNOWN = grammar([], [], {});

/**
 * Reads flags the way pflag does (`--flag value`, `--flag=value`, `-u value`, `-uvalue`,
 * combined booleans `-it`), adding each to `into` under its long name, until the first word that
 * is not a flag, or `--`. Returns the words from there on.
 */
export function readFlags(argv: readonly string[], known: FlagGrammar, into: Record<string, string[]>): string[] {
  const add = (name: string, value: string): void => {
    // Appended in place (a copy per flag is quadratic in a hostile script's thousands of flags).
    if (Object.hasOwn(into, name)) into[name]!.push(value);
    else into[name] = [value];
  };
  let index = 0;
  while (index < argv.length) {
    const word = argv[index]!;
    if (word === '--') return argv.slice(index + 1);
    if (!word.startsWith('-') || word === '-') break;
    index++;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      if (eq >= 0) add(name, word.slice(eq + 1));
      else if (known.valued.has(name) && index < argv.length) add(name, argv[index++]!);
      else add(name, 'true');
      continue;
    }
    for (let at = 1; at < word.length; at++) {
      const name = Object.hasOwn(known.short, word[at]!) ? known.short[word[at]!]! : word[at]!;
      const attached = word.slice(at + 1);
      if (!known.valued.has(name)) {
        if (attached.startsWith('=')) {
          add(name, attached.slice(1));
          break;
        }
        add(name, 'true');
        continue;
      }
      if (attached !== '') add(name, attached.startsWith('=') ? attached.slice(1) : attached);
      else if (index < argv.length) add(name, argv[index++]!);
      break;
    }
  }
  return argv.slice(index);
}
