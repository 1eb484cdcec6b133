/** Where an image reference is written. */
export type ImageOrigin =
  | 'dockerfile-from'
  | 'dockerfile-copy-from'
  | 'dockerfile-mount-from'
  | 'compose-service'
  | 'job-container'
  | 'job-service'
  | 'docker-action'
  | 'action-runs'
  | 'docker-cli';

/**
 * The value of an `image` subject. `registry` is `docker.io` when none is written, and Docker Hub
 * official images get their implicit `library/` namespace, as Docker itself resolves them.
 */
export interface ImageRef {
  /** The reference as written, after variable expansion where it was possible. */
  ref: string;
  registry: string;
  repository: string;
  /** Absent when no tag is written. */
  tag?: string;
  /** `sha256:<64 hex>` when pinned by digest. */
  digest?: string;
  /** Tagged `latest` and not pinned, or with neither a tag nor a digest (which Docker resolves to `latest`). */
  isLatest: boolean;
  /** Built from a variable that could not be resolved, so nothing about it can be verified. */
  isVariable: boolean;
  origin: ImageOrigin;
}
