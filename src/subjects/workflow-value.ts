/** The value of a `workflow` subject: the workflow file as a whole. */
export interface WorkflowValue {
  name?: string;
  on: {
    /** Event names (`push`, `pull_request_target`, …) whatever form `on:` is written in. */
    events: string[];
    /** `on:` as written, for rules that look at filters (`branches`, `types`, …). */
    config?: unknown;
  };
  /** As written: `read-all`, `write-all`, or a map of scopes; absent when not written. */
  permissions?: unknown;
  env: Record<string, string>;
  /** Ids of the jobs without `permissions:` of their own, which get the top-level ones. */
  inheritingJobs: string[];
}
