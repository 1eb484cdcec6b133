import type { ListedPack, RuleInfo } from './rule.js';

/**
 * The rule of a scan that stopped before judging everything (a budget ran out). High, so that
 * at the default `fail-on: high` what was not judged fails closed rather than passing unseen, and
 * raised to a stricter `fail-on` (see `UNJUDGED_RULES`).
 */
export const SCAN_INCOMPLETE = 'scan-incomplete';

/**
 * The rules that say something was not read or judged: a file that does not parse, a scan or a
 * file's judging that stopped, a Dockerfile built but not judged, a Compose file brought in but not
 * read. What went unjudged may be as severe as anything, so a finding of these fails the step at any
 * `fail-on` but `none`: below a stricter `fail-on` (`critical`) it is reported at that severity
 * (src/select/unjudged-severity.ts). A pull request could otherwise pass `privileged: true` and the
 * Docker socket under `fail-on: critical` by making the file too large or too deeply nested to read.
 */
export const UNJUDGED_RULES: ReadonlySet<string> = new Set(['parse-error', SCAN_INCOMPLETE, 'build-file-not-judged', 'compose-reference-unresolved']);

/**
 * Rules for problems with the files themselves, reported by the parsers rather than judged by a
 * schema. They are listed, configured and reported like every other rule.
 */
export const PROBLEM_RULES: RuleInfo[] = [
  {
    id: 'parse-error',
    pack: 'core',
    title: 'File cannot be parsed',
    severity: 'high',
    rationale:
      'A file that does not parse cannot be checked, so whatever it asks for (a privileged service, a mounted Docker socket) goes unreviewed. Docker Compose, the Docker builder and GitHub Actions would reject or misread it too. It fails the step at any `fail-on` but `none`: with `fail-on: critical` it is reported as critical.',
    remediation: 'Fix the syntax error at the reported position; the message quotes what the parser expected.',
    references: [{ framework: 'url', url: 'https://docs.docker.com/reference/compose-file/' }],
  },
  {
    id: 'duplicate-key',
    pack: 'core',
    title: 'Key written twice in one mapping',
    severity: 'medium',
    rationale:
      'When a YAML mapping repeats a key, only the last value counts. A reviewer reading the first one (say `privileged: false`) is misled about what runs.',
    remediation: 'Keep one of the two keys, with the value you mean.',
    references: [{ framework: 'url', url: 'https://yaml.org/spec/1.2.2/#mapping' }],
  },
  {
    id: 'suppression-invalid',
    pack: 'core',
    title: 'Suppression comment is incomplete',
    severity: 'low',
    rationale:
      'A suppression hides a finding from reviewers, so it must say which rule it silences and why. One without a reason, or naming a rule that does not exist, cannot be judged and suppresses nothing.',
    remediation: 'Write `# containment: ignore[rule-id] why this is acceptable` on the line of the finding or the line above.',
    references: [{ framework: 'url', url: 'https://github.com/containment-dev/containment#suppressing-a-finding' }],
  },
  {
    id: 'suppression-unused',
    pack: 'core',
    title: 'Suppression comment matches no finding',
    severity: 'info',
    rationale:
      'A suppression that matches nothing is left over from a fixed finding or names the wrong line; kept, it would silently hide the next finding that appears there.',
    remediation: 'Remove the comment, or move it to the line of the finding it is meant for.',
    references: [{ framework: 'url', url: 'https://github.com/containment-dev/containment#suppressing-a-finding' }],
  },
  {
    id: 'suppression-expired',
    pack: 'core',
    title: 'Suppression comment has expired',
    severity: 'low',
    rationale:
      'A suppression with `until=YYYY-MM-DD` was accepted for a while: a migration, a vendor fix awaited. After that day it no longer applies, so the finding it covered counts again rather than staying hidden by a decision nobody revisited.',
    remediation: 'Fix the finding and remove the comment, or, if the reason still holds, write a new date and say why in the same change so a reviewer can judge it.',
    references: [{ framework: 'url', url: 'https://github.com/containment-dev/containment#suppressing-a-finding' }],
  },
  {
    id: 'suppression-beyond-limit',
    pack: 'core',
    title: 'Pull request suppresses a finding beyond the allowed severity',
    severity: 'low',
    rationale:
      'A pull request must not be able to switch off the check that judges it. The base branch’s config limits how severe a finding a suppression added by a pull request may cover (`suppressions.in-pull-request`, by default up to medium); beyond that the suppression does not apply and the finding still counts.',
    remediation:
      'Fix the finding, or ask a maintainer to accept it: once the change is merged, the comment applies to later pull requests; or the base branch’s config can raise `suppressions.in-pull-request`.',
    references: [{ framework: 'url', url: 'https://github.com/containment-dev/containment#who-may-suppress-what' }],
  },
  {
    id: 'compose-variable-unset',
    pack: 'core',
    title: 'Compose variable not set in .env',
    severity: 'info',
    rationale:
      'Compose fills `${VAR}` from the shell and the `.env` file beside the Compose file. Containment reads only the `.env` file (a CI runner\'s environment is not the deployment\'s), so a value that uses a variable it does not define is unknown, and no rule can judge it: `privileged: ${PRIV}` might be `true`.',
    remediation:
      'Define the variable in the `.env` file beside the Compose file, or give it a default in place (`${VAR:-value}`), so the value that runs is the value that is checked.',
    references: [{ framework: 'url', url: 'https://docs.docker.com/reference/compose-file/interpolation/' }],
  },
  {
    id: 'compose-schema',
    pack: 'core',
    title: 'Compose file does not follow the Compose Specification',
    severity: 'medium',
    rationale:
      'Docker Compose validates every file against the Compose Specification and refuses one that does not match: an unknown key (often a typo such as `privilige`), a value of the wrong type, a list where a mapping goes. Until it is fixed, what the file seems to ask for is not what runs, and a misspelled security setting silently does nothing.',
    remediation: 'Write the key or value the way the Compose file reference describes it; the message names the path and what is expected there.',
    references: [
      { framework: 'url', url: 'https://docs.docker.com/reference/compose-file/' },
      { framework: 'url', url: 'https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json' },
    ],
  },
  {
    id: 'compose-version-obsolete',
    pack: 'core',
    title: 'Obsolete top-level `version:` in a Compose file',
    severity: 'info',
    rationale:
      'The top-level `version:` chose between Compose file formats 2.x and 3.x. The Compose Specification replaced them; Compose ignores the key and warns about it, so it only suggests limits that no longer apply.',
    remediation: 'Remove the `version:` line.',
    references: [{ framework: 'url', url: 'https://docs.docker.com/reference/compose-file/version-and-name/' }],
  },
  {
    id: SCAN_INCOMPLETE,
    pack: 'core',
    title: 'Not fully scanned',
    severity: 'high',
    rationale:
      'Every scan has a budget (files, bytes and, as a last resort, time), and one file is judged until it has as many critical findings as are reported for one file. What lies beyond a budget was not judged, and something never judged must not pass as safe: a pull request could otherwise hide a privileged service behind thousands of generated files. It fails the step at any `fail-on` but `none`: with `fail-on: critical` it is reported as critical.',
    remediation:
      'Fix the reported findings, or scan fewer files at once: point `path` at the folders that hold your Compose files, Dockerfiles and workflows, or exclude generated folders in `.github/containment.yml`.',
    references: [{ framework: 'url', url: 'https://github.com/containment-dev/containment#limits' }],
  },
  {
    id: 'compose-extends',
    pack: 'core',
    title: 'Compose `extends` cannot be resolved',
    severity: 'medium',
    rationale:
      'A service that `extends` another inherits its settings (a privileged base makes a privileged service). When the chain loops or names a service that does not exist, Compose refuses the file, and the inherited settings cannot be checked.',
    remediation: 'Point `extends` at an existing service, in this file or in the Compose file named by `file:`, and break any loop between services that extend each other.',
    references: [{ framework: 'url', url: 'https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/' }],
  },
  {
    id: 'build-file-not-judged',
    pack: 'core',
    title: 'A Dockerfile that is built but not judged',
    severity: 'high',
    rationale:
      'Compose builds whatever `build.dockerfile` names, and `dockerfile_inline` text, and `docker build -f` builds any file. Containment judges every file a service or a step builds, whatever its name (`Dockerfile-prod`), but it cannot judge a Dockerfile that is not in the scanned folder (outside it, a link out of it, in a folder it skips such as `node_modules/`, or missing under a name that is not a Dockerfile name), one whose name is another kind of file it judges (`compose.yaml`), or `dockerfile_inline` text. An image built from one of those was never checked, so a pull request could bring in a `curl | sh` or a credential unseen: it is reported rather than treated as safe. A file named like a Dockerfile that the checkout does not hold (a submodule not checked out) is not reported: Compose and `docker build` stop there unless an earlier step writes it. It fails the step at any `fail-on` but `none`: with `fail-on: critical` it is reported as critical.',
    remediation: 'Build from a Dockerfile committed in the repository, named by its path in `build.dockerfile` or `docker build -f`, instead of `dockerfile_inline`, a generated file, or a file named like a Compose file or workflow.',
    references: [
      { framework: 'url', url: 'https://docs.docker.com/reference/compose-file/build/#dockerfile' },
      { framework: 'url', url: 'https://docs.docker.com/reference/cli/docker/buildx/build/#file' },
    ],
  },
  {
    id: 'compose-reference-unresolved',
    pack: 'core',
    title: 'Compose `include`, `extends.file` or `volumes_from` that Containment cannot resolve',
    severity: 'high',
    rationale:
      'Compose brings in every service of an included file, every setting of a service named by `extends.file`, and every mount of a service or container named by `volumes_from`. When that file lies outside the scanned folder, is fetched from a URL, is missing, or is a link Containment must not follow, or the service or container is not one of the project Containment read, or a workflow step runs a Compose file from outside the scanned folder (`docker compose -f /tmp/stack.yml`), what it brings in was never checked — a privileged service or a mounted Docker socket could hide there — so it is reported rather than treated as safe. It fails the step at any `fail-on` but `none`: with `fail-on: critical` it is reported as critical.',
    remediation: 'Name a Compose file inside the repository, by a relative path (`include: [services/common.yaml]`), and keep it a regular file; in `volumes_from`, name a service of the same project.',
    references: [
      { framework: 'url', url: 'https://docs.docker.com/reference/compose-file/include/' },
      { framework: 'url', url: 'https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/' },
    ],
  },
];

/** The built-in problem rules as a pack, for listings and docs (`rules`, `explain`, `docs`, the README). */
export const CORE_PACK: ListedPack = {
  id: 'core',
  title: 'Problems with the files themselves',
  description:
    'Reported by the readers and parsers rather than judged by a schema: a file that cannot be parsed, a Compose reference that cannot be followed, a scan that stopped early, a suppression that is broken, expired or not allowed. They are configured, suppressed and reported like every other rule.',
  rules: PROBLEM_RULES,
};
