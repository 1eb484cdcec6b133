/** The value of an `action-ref` subject: a step's or job's `uses:`. */
export interface ActionRef {
  /** As written. */
  uses: string;
  owner?: string;
  repo?: string;
  /** Path inside the repository (`github/codeql-action/upload-sarif` → `upload-sarif`). */
  path?: string;
  ref?: string;
  /** Pinned to a full 40-hex commit SHA. */
  isSha: boolean;
  /** `./path` in the same repository. */
  isLocal: boolean;
  /** `docker://image`. */
  isDocker: boolean;
  /** A reusable workflow (`owner/repo/.github/workflows/x.yml@ref`) called by a job. */
  isWorkflow: boolean;
}
