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
  /** Dockerfiles the job's steps build, repository-relative, each once (see `workflow.step`). */
  builds: string[];
  /** Compose files the job's steps run, repository-relative, each once (see `workflow.step`). */
  composeFiles: string[];
  /** A step runs `docker`, `docker-compose`, `podman` or `buildah`, or a `docker/*` action. */
  runsDocker?: true;
  /** Link stage: the reusable workflow called is a file of this repository that builds or pushes images. */
  callsImageBuilder?: true;
}
