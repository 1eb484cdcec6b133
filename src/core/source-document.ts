import type { ComposeModel } from './compose-model.js';
import type { Subject } from './subject.js';

/** The kinds of file Containment reads. `action` is an action's `action.yml` metadata. */
export type DocumentKind = 'compose' | 'dockerfile' | 'workflow' | 'action';

/** A 1-based line and column (columns count UTF-16 code units, as editors and GitHub do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * A 1-based, inclusive-start, exclusive-end span of source text. Read-only: the ranges findings
 * keep are shared between them (`sharedRange` in src/core/shared-ranges.ts).
 */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Something wrong with a file itself rather than with what it asks for: it does not parse, it is
 * too large, a key is duplicated. Problems are located and never thrown; the engine turns each
 * into a finding of the built-in rule named by `ruleId` so the rest of the scan goes on.
 */
export interface Problem {
  ruleId: string;
  message: string;
  range: Range;
}

/**
 * One file, parsed exactly once. Policies never see `text`; they judge `subjects`, and every
 * finding is located through `locate`.
 */
export interface SourceDocument {
  kind: DocumentKind;
  /** Repository-relative, POSIX separators. */
  path: string;
  text: string;
  subjects: Subject[];
  problems: Problem[];
  /**
   * Maps a JSON Pointer into this document's source model to a range. When the exact node is
   * missing, the nearest existing ancestor answers, so a location never silently becomes 1:1.
   * `lineOffset` selects a line inside a multi-line scalar (a `docker run` three lines into a
   * `run: |` block; one line of a continued `RUN`).
   */
  locate(pointer: string, lineOffset?: number): Range;
  /** A Compose file's services and includes as parsed, for the reader and the link stage. */
  compose?: ComposeModel;
  /**
   * The parser's own tree, kept by `locate` anyway and shared so that a fix reads the file's
   * syntax without parsing it again (measured: a second YAML parse and a second Dockerfile model
   * were 220 ms of a 2.3 s scan of 1,100 real files). Opaque here: `documents/syntax-tree.ts`
   * says what it is for each kind. Absent on documents made by hand (tests) and unreadable files.
   */
  syntax?: unknown;
  /**
   * Set on a second view of a document judged in the same call, whose findings that the first
   * already has at the same place are left out (`evaluate`). `merged`: a base file a workflow loads
   * alone with `-f`, linked merged with its override as well (`link` in src/link/link.ts); a
   * finding is left out when the same rule found the same message there, so a value the override
   * writes is reported once. `variables`: a Compose file read again with a workflow step's
   * variables (src/pipeline/read-project.ts); a finding is left out when the same rule found the
   * same values at that place, as revisions are compared (src/core/finding-values.ts), so
   * `image: nginx:${TAG:-1.27}` is one finding, not one per version, and a worse value is kept.
   */
  secondView?: 'merged' | 'variables';
}

/** Where something is written: a file and a range in it. */
export interface Location {
  path: string;
  range: Range;
}
