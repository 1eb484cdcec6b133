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

/** The row for a reference's framework, or undefined for a plain `url` reference or an unknown one. */
export function frameworkOf(framework: string): FrameworkInfo | undefined {
  return Object.hasOwn(FRAMEWORK_TABLE, framework) ? FRAMEWORK_TABLE[framework as CitedFramework] : undefined;
}
