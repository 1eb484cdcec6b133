/** The value of a `workflow.job` subject: one job, kept small; its steps are subjects of their own. */
export interface WorkflowJob {
  id: string;
  name?: string;
  /** `runs-on` as written (a label, a list of labels, or a group map). */
  runsOn?: unknown;
  /** As written: `read-all`, `write-all`, or a map of scopes; absent when not written. */
  permissions?: unknown;
  /** A reusable workflow this job calls. */
  uses?: string;
  /** The reusable workflow's inputs (`with:`), as written. */
  with?: Record<string, string>;
  /** Secrets passed to the reusable workflow one by one (`secrets: { token: … }`), as written. */
  secrets?: Record<string, string>;
  /** `secrets: inherit` hands every secret of the caller to the reusable workflow. */
  secretsInherit?: boolean;
  needs: string[];
  /** The job container's image as written. */
  container?: string;
  /** Names of the job's service containers. */
  services: string[];
  env: Record<string, string>;
  if?: string;
  /** The workflow's events; a job runs on every one of them unless its `if:` says otherwise. */
  triggers: string[];
  /** One of the job's steps checks out the pull request's head (see `workflow.step`). */
  checksOutPrHead?: true;
  /** Dockerfiles the job's steps build, repository-relative, each once (see `workflow.step`). */
  builds: string[];
  /** Compose files the job's steps run, repository-relative, each once (see `workflow.step`). */
  composeFiles: string[];
  /**
   * The job's steps build or run something (Dockerfile, Compose file) after a step checked out the
   * pull request's head: with a `pull_request_target` or `workflow_run` trigger, the contributor's
   * code then runs with the base repository's secrets and token.
   */
  buildsPrHead?: true;
}
