/** The value of a `workflow.step` subject: one step of a job in a workflow or composite action. */
export interface WorkflowStep {
  job: string;
  index: number;
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  /** The step's `working-directory`, else the job's or workflow's `defaults.run`, as written. */
  workingDirectory?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  /** The names of the job's and workflow's `env:` entries, which the step runs with too. */
  inheritedEnv?: string[];
  if?: string;
  /**
   * The workflow's events (`pull_request_target`, `workflow_run`, …), so that step rules can
   * judge a privileged trigger; empty in a composite action, whose callers are unknown.
   */
  triggers: string[];
  /** Refs checked out by this step or an earlier one of its job, and whether this step reaches them (see the schema). */
  checkouts?: { ref: string; path: string; reached?: true }[];
  /** The simple commands of the `run:` script as `program arg …`; absent for a `uses:` step. */
  commands?: string[];
  /** What the `${{ }}` of the step's script-like values expand into them (see `ScriptExpansion`). */
  expansions?: ScriptExpansion[];
  /** The step's or its job's `if:` admits only pull requests from this repository itself (not forks). */
  sameRepositoryOnly?: true;
  /** An expression of the step reads the whole `secrets` context (`toJSON(secrets)`). */
  allSecrets?: true;
  /** Build contexts sent to Docker, repository-relative (`''` is the root, which holds `.git`). */
  buildContexts?: string[];
  /** An `actions/checkout` of the job so far keeps the token in `.git/config` (`persist-credentials` not `false`). */
  credentialPersisted?: true;
  /** Link stage: a build context holds `.git` and no `.dockerignore` excludes `.git/config`. */
  gitInBuildContext?: true;
  /** Link stage, on a checkout: a later step of the job builds a context that sends this checkout's token (`gitInBuildContext`). */
  tokenReachesBuild?: true;
  /**
   * Dockerfiles this step builds, repository-relative: `docker build [-f file] [context]`
   * (resolved against the working directory and `cd`), `docker/build-push-action`'s `file` /
   * `context`. A path holding a variable is kept as written. Absent when none.
   */
  builds?: string[];
  /**
   * A `docker build` of this step reads its Dockerfile from standard input (`docker build -f - .`,
   * `docker build - < file`): a Dockerfile Containment does not read. Absent otherwise.
   */
  buildsFromStdin?: true;
  /**
   * Compose files this step brings up, runs or builds (`docker compose -f file … up|run|create|
   * start|build|exec|watch`, `docker-compose -f …`), repository-relative. Without `-f`, the
   * directory's `compose.yaml`, refined by the link stage to the file that exists. Absent when none.
   */
  composeFiles?: string[];
  /**
   * The Compose files a `docker compose` command of this step loads without `-f` because
   * `COMPOSE_FILE` names them (the step's, job's or workflow's `env:`, an `export`, an assignment
   * before the command): Compose then loads exactly those, and no override file beside them.
   * Repository-relative. Absent when none.
   */
  composeFileEnv?: string[];
  /**
   * The `docker compose` commands of this step that run with variables the workflow sets (`env:`
   * of the step, job or workflow, `export`, `NAME=value docker compose …`) or with `--env-file`:
   * the files each loads (`files`; none for a folder's default files, then `folder`), the
   * variables set to plain text, and the env files, all paths repository-relative. The scan
   * judges those Compose files with these variables too. Absent when none.
   */
  composeRuns?: ComposeRun[];
}

/** One context reference whose text a `${{ }}` expands into a script-like value of a step. */
export interface ScriptExpansion {
  /** `run`, or `<owner>/<repo>[/<path>]:<input>` (lower case) for an action's `with:` input. */
  input: string;
  /** Dotted, `*` for an index: `github.event.commits.*.message`. */
  context: string;
  /** The `env.X` / `matrix.x` reference that carried it into the value. */
  via?: string;
}

/**
 * A `docker compose` command that runs a project with variables the workflow sets: the step's,
 * job's or workflow's `env:`, an `export`, an assignment before the command, or `--env-file`.
 * Compose takes the shell's variables before the `.env` file's, and `--env-file` instead of it
 * (https://docs.docker.com/compose/how-tos/environment-variables/envvars-precedence/), so the
 * project's files are judged with them too: `privileged: ${PRIV:-false}` beside `env: {PRIV:
 * "true"}` runs privileged.
 */
export interface ComposeRun {
  /** The Compose files it loads (`-f`, `COMPOSE_FILE`), repository-relative; empty for the folder's default files. */
  files: string[];
  /** Without `files`: the folder whose default base and override files it loads ('' for the root). */
  folder?: string;
  /**
   * What GitHub and the command line set, as plain text: the step's, job's and workflow's `env:`
   * and the command's own `NAME=value docker compose …` (a value holding `$` or a backquote is
   * left out: unknown).
   */
  variables: Record<string, string>;
  /**
   * What the script's text, or an earlier step's `$GITHUB_ENV` write, seems to set, in order, as
   * plain text: read from text a pull request writes, so each is a value the run may have, never
   * one that replaces `variables` (src/pipeline/read-project.ts judges each).
   */
  derived?: Array<[string, string]>;
  /** `--env-file` paths (and `COMPOSE_ENV_FILES`), repository-relative, read instead of the folder's `.env`. */
  envFiles: string[];
}
