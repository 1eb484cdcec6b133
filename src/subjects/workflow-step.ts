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
  if?: string;
  /**
   * The workflow's events (`pull_request_target`, `workflow_run`, …), so that step rules can
   * judge a privileged trigger; empty in a composite action, whose callers are unknown.
   */
  triggers: string[];
  /**
   * This step checks out a pull request's head (the contributor's code): `actions/checkout`
   * with a `ref:` or `repository:` naming it (`${{ github.event.pull_request.head.sha }}`,
   * `${{ github.head_ref }}`, `refs/pull/…`), or `gh pr checkout` / `git fetch|checkout` of it.
   */
  checksOutPrHead?: true;
  /** The pull request's head is checked out when this step runs (by this step or an earlier one of its job). */
  prHeadCheckedOut?: true;
  /**
   * This step or a later one of its job builds an image whose context is the workspace root
   * (`docker build .`, `docker/build-push-action` with `context: .`), which holds `.git`: what this
   * step leaves there (a checkout's token in `.git/config`) is sent in the build context.
   */
  feedsBuild?: true;
  /**
   * Attacker-controlled contexts (`github.event.pull_request.title`, `github.head_ref`, …)
   * expanded by `${{ }}` into this step's `run:` script, where they become shell code. Absent
   * when there are none.
   */
  untrustedExpressions?: string[];
  /**
   * Dockerfiles this step builds, repository-relative: `docker build [-f file] [context]`
   * (resolved against the working directory and `cd`), `docker/build-push-action`'s `file` /
   * `context`. A path holding a variable is kept as written. Absent when none.
   */
  builds?: string[];
  /**
   * Compose files this step brings up, runs or builds (`docker compose -f file … up|run|create|
   * start|build|exec|watch`, `docker-compose -f …`), repository-relative. Without `-f`, the
   * directory's `compose.yaml`, refined by the link stage to the file that exists. Absent when none.
   */
  composeFiles?: string[];
}
