/**
 * The guidance rules cite, one row per framework: the one home of each framework's title, how a
 * rule writes a reference to it, where a reader finds it, and how its controls are named. The
 * rule meta-schema, the rule docs, SARIF tags, the README table, the compliance view and
 * `rules --framework` all read this table, so they cannot disagree.
 */
export interface FrameworkInfo {
  /** The title readers see: "CIS Docker Benchmark". */
  title: string;
  /** A short name for tables and tags: "CIS". */
  short: string;
  /** The form of a reference's id in a rule file (an RE2-compatible pattern for the meta-schema). */
  idPattern: string;
  /** An example id, for the error a rule author gets when theirs does not match. */
  example: string;
  /** True when the framework has numbered controls that a compliance view can group by. */
  controls: boolean;
  /** The control a reference id names, as readers recognise it: `5.5`, `#3`, `JSONArgsRecommended`. */
  control(id: string): string;
  /** A line describing the reference: "CIS Docker Benchmark v1.6.0 — 5.5". */
  label(id: string): string;
  /** The page a reader opens for the reference. */
  url(id: string): string;
  /** Code-scanning tags for the reference (SARIF `properties.tags`): `CIS-5.5`. */
  tag(id: string): string;
}

export const FRAMEWORK_TABLE = {
  // CIS ids carry the benchmark version (`1.6.0:5.5`); the benchmark is distributed from one
  // landing page (the PDF needs a free account), so every control links there.
  'cis-docker': {
    title: 'CIS Docker Benchmark',
    short: 'CIS',
    idPattern: '^\\d+\\.\\d+\\.\\d+:\\d+(\\.\\d+)*$',
    example: '1.6.0:5.5',
    controls: true,
    control: (id: string) => id.replace(/^[\d.]+:/, ''),
    label: (id: string) => `CIS Docker Benchmark v${id.split(':')[0]} — ${id.replace(/^[\d.]+:/, '')}`,
    url: () => 'https://www.cisecurity.org/benchmark/docker',
    tag: (id: string) => `CIS-${id.replace(/^[\d.]+:/, '')}`,
  },
  // OWASP's cheat sheet is one page; its rules are headed "RULE #3".
  'owasp-docker': {
    title: 'OWASP Docker Security Cheat Sheet',
    short: 'OWASP',
    idPattern: '^RULE #\\d+[a-z]?$',
    example: 'RULE #3',
    controls: true,
    control: (id: string) => id.replace(/^RULE /, ''),
    label: (id: string) => `OWASP Docker Security Cheat Sheet — ${id.replace(/^RULE/, 'Rule')}`,
    url: () => 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html',
    tag: (id: string) => `OWASP-Docker-${id.replace(/\s*#\s*/, '-').replace(/\s+/g, '-')}`,
  },
  // BuildKit's build checks each have a page named after the check, in kebab case.
  'docker-build-check': {
    title: 'Docker build checks',
    short: 'BuildKit',
    idPattern: '^[A-Za-z]+$',
    example: 'JSONArgsRecommended',
    controls: false,
    control: (id: string) => id,
    label: (id: string) => `Docker build check ${id}`,
    // An acronym is one word of the slug: JSONArgsRecommended → json-args-recommended.
    url: (id: string) =>
      `https://docs.docker.com/reference/build-checks/${id
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()}/`,
    tag: (id: string) => `docker-build-check:${id}`,
  },
} as const satisfies Record<string, FrameworkInfo>;

/** A framework a reference may cite. A reference may instead be a plain `url`. */
export type CitedFramework = keyof typeof FRAMEWORK_TABLE;

/** The frameworks with numbered controls: what `rules --framework` and the compliance view accept. */
export const FRAMEWORKS = {
  'cis-docker': `${FRAMEWORK_TABLE['cis-docker'].title} v1.6.0`,
  'owasp-docker': FRAMEWORK_TABLE['owasp-docker'].title,
} as const;
export type Framework = keyof typeof FRAMEWORKS;

/**
 * The titles of the controls the built-in packs cite, keyed as `controlOf` names them (`CIS 5.5`,
 * `OWASP #2`). CIS: CIS Docker Benchmark v1.6.0, sections 4 (container images and build file) and
 * 5 (container runtime); v1.6.0 added 5.1 (swarm mode), so its section 5 numbers are v1.5.0's plus
 * one. OWASP: the rule headings of the OWASP Docker Security Cheat Sheet. A control without a
 * title here is listed by its number alone.
 */
export const CONTROL_TITLES: Readonly<Record<string, string>> = {
  'CIS 2.13': 'Ensure centralized and remote logging is configured',
  'CIS 4.1': 'Ensure that a user for the container has been created',
  'CIS 4.2': 'Ensure that containers use only trusted base images',
  'CIS 4.3': 'Ensure that unnecessary packages are not installed in the container',
  'CIS 4.4': 'Ensure images are scanned and rebuilt to include security patches',
  'CIS 4.5': 'Ensure Content trust for Docker is Enabled',
  'CIS 4.6': 'Ensure that HEALTHCHECK instructions have been added to container images',
  'CIS 4.7': 'Ensure update instructions are not used alone in the Dockerfile',
  'CIS 4.8': 'Ensure setuid and setgid permissions are removed',
  'CIS 4.9': 'Ensure that COPY is used instead of ADD in Dockerfiles',
  'CIS 4.10': 'Ensure secrets are not stored in Dockerfiles',
  'CIS 4.11': 'Ensure only verified packages are installed',
  'CIS 5.1': 'Ensure swarm mode is not Enabled, if not needed',
  'CIS 5.2': 'Ensure that, if applicable, an AppArmor Profile is enabled',
  'CIS 5.3': 'Ensure that, if applicable, SELinux security options are set',
  'CIS 5.4': 'Ensure that Linux kernel capabilities are restricted within containers',
  'CIS 5.5': 'Ensure that privileged containers are not used',
  'CIS 5.6': 'Ensure sensitive host system directories are not mounted on containers',
  'CIS 5.7': 'Ensure sshd is not run within containers',
  'CIS 5.8': 'Ensure privileged ports are not mapped within containers',
  'CIS 5.9': 'Ensure that only needed ports are open on the container',
  'CIS 5.10': "Ensure that the host's network namespace is not shared",
  'CIS 5.11': 'Ensure that the memory usage for containers is limited',
  'CIS 5.12': 'Ensure that CPU priority is set appropriately on containers',
  'CIS 5.13': "Ensure that the container's root filesystem is mounted as read only",
  'CIS 5.14': 'Ensure that incoming container traffic is bound to a specific host interface',
  'CIS 5.15': "Ensure that the 'on-failure' container restart policy is set to '5'",
  'CIS 5.16': "Ensure that the host's process namespace is not shared",
  'CIS 5.17': "Ensure that the host's IPC namespace is not shared",
  'CIS 5.18': 'Ensure that host devices are not directly exposed to containers',
  'CIS 5.19': 'Ensure that the default ulimit is overwritten at runtime if needed',
  'CIS 5.20': 'Ensure mount propagation mode is not set to shared',
  'CIS 5.21': "Ensure that the host's UTS namespace is not shared",
  'CIS 5.22': 'Ensure the default seccomp profile is not Disabled',
  'CIS 5.23': 'Ensure that docker exec commands are not used with the privileged option',
  'CIS 5.24': 'Ensure that docker exec commands are not used with the user=root option',
  'CIS 5.25': 'Ensure that cgroup usage is confirmed',
  'CIS 5.26': 'Ensure that the container is restricted from acquiring additional privileges',
  'CIS 5.27': 'Ensure that container health is checked at runtime',
  'CIS 5.28': 'Ensure that Docker commands always make use of the latest version of their image',
  'CIS 5.29': 'Ensure that the PIDs cgroup limit is used',
  'CIS 5.30': "Ensure that Docker's default bridge 'docker0' is not used",
  'CIS 5.31': "Ensure that the host's user namespaces are not shared",
  'CIS 5.32': 'Ensure that the Docker socket is not mounted inside any containers',
  'OWASP #1': 'Do not expose the Docker daemon socket (even to the containers)',
  'OWASP #2': 'Set a user',
  'OWASP #3': 'Limit capabilities (grant only specific capabilities needed by a container)',
  'OWASP #4': 'Prevent in-container privilege escalation',
  'OWASP #5': 'Be mindful of Inter-Container Connectivity',
  'OWASP #6': 'Use Linux Security Module (seccomp, AppArmor, or SELinux)',
  'OWASP #7': 'Limit resources (memory, CPU, file descriptors, processes, restarts)',
  'OWASP #8': 'Set filesystem and volumes to read-only',
  'OWASP #9': 'Integrate container scanning tools into your CI/CD pipeline',
  'OWASP #12': 'Utilize Docker Secrets for Sensitive Data Management',
  'OWASP #13': 'Enhance Supply Chain Security',
};

/** The row for a reference's framework, or undefined for a plain `url` reference or an unknown one. */
export function frameworkOf(framework: string): FrameworkInfo | undefined {
  return Object.hasOwn(FRAMEWORK_TABLE, framework) ? FRAMEWORK_TABLE[framework as CitedFramework] : undefined;
}
