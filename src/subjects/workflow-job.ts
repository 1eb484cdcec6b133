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
  /** `secrets: inherit` hands every secret of the caller to the reusable workflow. */
  secretsInherit?: boolean;
  needs: string[];
  /** The job container's image as written. */
  container?: string;
  /** Names of the job's service containers. */
  services: string[];
  env: Record<string, string>;
  if?: string;
}
