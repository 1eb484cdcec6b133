import type { SourceDocument } from './source-document.js';

/** What the Compose parser knows about one service beyond its `container` subject. */
export interface ComposeServiceModel {
  name: string;
  /** JSON Pointer of the service in its document. */
  pointer: string;
  /** The service mapping after interpolation; unknown scalars are `UNKNOWN`. */
  raw: Record<string, unknown>;
  /** `extends:` as written: the service to inherit from and, for another file, its path as written. */
  extends?: { service: string; file?: string };
  /**
   * Compose's merge directives on the service (`privileged: !reset null`, `ports: !override [...]`),
   * by path inside it (`privileged`, `environment/TOKEN`): they act on the files merged below this
   * one (https://docs.docker.com/reference/compose-file/merge/#reset-value).
   */
  directives?: ReadonlyMap<string, 'reset' | 'override'>;
  /**
   * The service's `env_file:` entries, each path as written (relative to this file's folder) with
   * where it is written and whether Compose requires it (`required: false` lets it be missing).
   */
  envFiles?: Array<ComposeFileReference & { required: boolean }>;
}

/**
 * The parsed model of a Compose document, for the link stage (overrides, `extends`, `build:`) and
 * the reader (`include:`), which must not parse text again. Kept on the document
 * (`SourceDocument.compose`) rather than in a subject value, so rules see only the published
 * `container` and `compose` shapes.
 */
export interface ComposeModel {
  services: Map<string, ComposeServiceModel>;
  /**
   * The files named by top-level `include:` (https://docs.docker.com/reference/compose-file/include/),
   * each path as written (relative to this file's folder) with the JSON Pointer of where it is written.
   */
  includes: ComposeFileReference[];
  /**
   * When the `.env` this file was read with sets `COMPOSE_FILE`: the files it names, each
   * resolved to a repository-relative path against that `.env`'s folder (`undefined` for an
   * entry that is not such a path). `docker compose` then loads exactly these files and no
   * default override (https://docs.docker.com/compose/how-tos/environment-variables/envvars/#compose_file).
   */
  composeFile?: Array<string | undefined>;
}

/** A path to another Compose file, as written in this one, and where. */
export interface ComposeFileReference {
  written: string;
  pointer: string;
  /**
   * For `include:` in its long form: the `env_file` entries and the `project_directory` as written
   * (relative to this file's folder). They decide the variables the included file is read with.
   */
  envFiles?: string[];
  projectDirectory?: string;
}

/** The model of a Compose document parsed by `parseCompose`, if it is one. */
export function composeModel(document: SourceDocument): ComposeModel | undefined {
  return document.compose;
}
