import type { ComposeServiceModel } from '../core/compose-model.js';
import type { Problem, SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';

/**
 * What the link stage has worked out so far, kept beside the parsed documents instead of written
 * into them: each document's current subject list (a linked subject is a new object that replaces
 * the parser's one; a subject merged away is removed), the problems linking found, and each
 * Compose service's merged mapping (so `extends` chains and override files build on each other).
 * The parsed documents are never changed, so a document parsed once can be linked again, and the
 * order of the linkers is the only contract between them.
 */
export class LinkState {
  readonly #subjects = new Map<SourceDocument, Subject[]>();
  readonly #problems = new Map<SourceDocument, Problem[]>();
  readonly #latest = new Map<Subject, Subject>();
  readonly #raw = new Map<ComposeServiceModel, Record<string, unknown>>();

  constructor(readonly documents: readonly SourceDocument[]) {}

  /** The document's subjects as linked so far. */
  subjectsOf(document: SourceDocument): readonly Subject[] {
    return this.#subjects.get(document) ?? document.subjects;
  }

  /** The newest version of a subject (itself when no linker has replaced it). */
  latest<S extends Subject>(subject: S): S {
    return (this.#latest.get(subject) as S | undefined) ?? subject;
  }

  /** Replaces `subject` (in its own document's list) by a copy with `patch` applied; returns the copy. */
  update<S extends Subject>(subject: S, patch: Partial<S>): S {
    const current = this.latest(subject);
    const next = { ...current, ...patch } as S;
    const list = [...this.subjectsOf(current.document)];
    const index = list.indexOf(current);
    if (index >= 0) list[index] = next;
    this.#subjects.set(current.document, list);
    this.#latest.set(subject, next);
    if (current !== subject) this.#latest.set(current, next);
    return next;
  }

  /** Drops the document's subjects that match. */
  remove(document: SourceDocument, drop: (subject: Subject) => boolean): void {
    this.#subjects.set(
      document,
      this.subjectsOf(document).filter((subject) => !drop(subject)),
    );
  }

  addProblem(document: SourceDocument, problem: Problem): void {
    this.#problems.set(document, [...(this.#problems.get(document) ?? []), problem]);
  }

  /** A Compose service's mapping: merged when a linker merged it, else as parsed. */
  raw(service: ComposeServiceModel): Record<string, unknown> {
    return this.#raw.get(service) ?? service.raw;
  }

  setRaw(service: ComposeServiceModel, raw: Record<string, unknown>): void {
    this.#raw.set(service, raw);
  }

  /** The linked documents: a new object for each document a linker changed, the parsed one otherwise. */
  result(): SourceDocument[] {
    return this.documents.map((document) => {
      const subjects = this.#subjects.get(document);
      const problems = this.#problems.get(document);
      if (!subjects && !problems) return document;
      return { ...document, subjects: subjects ?? document.subjects, problems: problems ? [...document.problems, ...problems] : document.problems };
    });
  }
}
