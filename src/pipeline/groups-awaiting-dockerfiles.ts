import type { SourceDocument } from '../core/source-document.js';
import { dockerfilesRead, linkGroups, readsAsDockerfile } from '../link/link-groups.js';

/** A link group that reads Dockerfiles not parsed yet. */
interface Waiting {
  /** The group's workflows, actions and Compose files, by their place in the scan's order. */
  members: Array<{ document: SourceDocument; order: number }>;
  dockerfiles: SourceDocument[];
  /** Paths of the Dockerfiles it reads that the scan will still parse. */
  missing: Set<string>;
}

/**
 * The link groups (`linkGroups`) of a scan's kept workflows, actions and Compose files, each
 * waiting for the Dockerfiles it reads (`dockerfilesRead`), so that a group is linked and judged
 * as soon as its last Dockerfile is parsed and then let go (issue #17: memory that does not grow
 * with the repository), instead of every group when the whole repository is read. Two groups that
 * read one Dockerfile wait together. A group is linked in the order linking everything at once
 * would give it: by path, then the workflows read again (`again`).
 */
export class GroupsAwaitingDockerfiles {
  readonly #byDockerfile = new Map<string, Waiting>();
  readonly #link: (documents: SourceDocument[]) => SourceDocument[];
  readonly #judge: (linked: SourceDocument[]) => void;
  /** `order` of the first document read again. */
  readonly #againFrom: number;
  /** Paths a group builds that discovery did not list but are read as Dockerfiles (`readsAsDockerfile`). */
  readonly #unnamed = new Set<string>();

  /**
   * Splits `documents` (sorted by path, as read) and `again` into link groups and links each
   * (`link`); a group that reads none of `toRead` (the Dockerfiles the scan will parse) and no
   * file it builds under another name (`unnamed`) is judged (`judge`) at once, every other one
   * when `add` has been given its last Dockerfile, or at `finish`.
   */
  constructor(
    documents: readonly SourceDocument[],
    again: readonly SourceDocument[],
    toRead: ReadonlySet<string>,
    link: (documents: SourceDocument[]) => SourceDocument[],
    judge: (linked: SourceDocument[]) => void,
  ) {
    this.#link = link;
    this.#judge = judge;
    this.#againFrom = documents.length;
    const all = [...documents, ...again];
    const order = new Map(all.map((document, index) => [document, index]));
    for (const group of linkGroups(all)) {
      const linked = link(group);
      const missing = dockerfilesRead(linked).filter((path) => toRead.has(path) || readsAsDockerfile(path));
      for (const path of missing) if (!toRead.has(path)) this.#unnamed.add(path);
      if (missing.length === 0) {
        judge(linked);
        continue;
      }
      // A group that reads a Dockerfile other groups read is linked with all of them: they all see
      // it. Each path still missing belongs to exactly one waiting group, so merging every group
      // the new one's paths reach keeps that true.
      const reached = new Set<Waiting>();
      for (const path of missing) {
        const other = this.#byDockerfile.get(path);
        if (other) reached.add(other);
      }
      const waiting: Waiting = {
        members: [...[...reached].flatMap((other) => other.members), ...group.map((document) => ({ document, order: order.get(document)! }))],
        dockerfiles: [],
        missing: new Set([...[...reached].flatMap((other) => [...other.missing]), ...missing]),
      };
      for (const path of waiting.missing) this.#byDockerfile.set(path, waiting);
    }
  }

  /**
   * The files the groups build that discovery did not list as Dockerfiles, but whose names mark
   * them as nothing else (`readsAsDockerfile`: `Dockerfile-prod`), sorted: the scan reads them as
   * Dockerfiles after the discovered ones and gives each to `add`.
   */
  unnamed(): string[] {
    return [...this.#unnamed].sort();
  }

  /**
   * Gives a parsed Dockerfile to the group that reads it, and links and judges that group when it
   * was the last one it waited for. False when no group reads it: it is judged alone.
   */
  add(dockerfile: SourceDocument): boolean {
    const waiting = this.#byDockerfile.get(dockerfile.path);
    if (!waiting) return false;
    waiting.dockerfiles.push(dockerfile);
    waiting.missing.delete(dockerfile.path);
    this.#byDockerfile.delete(dockerfile.path);
    if (waiting.missing.size === 0) this.#judge(this.#link(inOrder(waiting, this.#againFrom)));
    return true;
  }

  /**
   * Links and judges the groups still waiting: a Dockerfile they read was listed but not parsed
   * (refused, unreadable, or past the scan's time budget), so they are linked with the ones that
   * were. A Dockerfile the file or byte budget leaves out is not among those the scan will parse,
   * and no group waits for it.
   */
  finish(): void {
    const left = new Set(this.#byDockerfile.values());
    this.#byDockerfile.clear();
    for (const waiting of left) this.#judge(this.#link(inOrder(waiting, this.#againFrom)));
  }
}

/**
 * A group's documents as linking everything at once orders them: the documents read, by path, then
 * the ones read again for the link stage (an `order` from `againFrom` on), in the scan's order.
 * Linkers that look a document up by path take the last one, so where a Dockerfile and a Compose
 * file that an `include:` reads share a path, the Dockerfile, a discovered file, comes first, as
 * in the read's order (`ReadProject.documents`); the sort is stable, so documents of one path
 * otherwise keep the read's order.
 */
function inOrder(waiting: Waiting, againFrom: number): SourceDocument[] {
  const members = [...waiting.members].sort((a, b) => a.order - b.order);
  const read = members.filter((member) => member.order < againFrom).map((member) => member.document);
  const again = members.filter((member) => member.order >= againFrom).map((member) => member.document);
  const byPath = [...waiting.dockerfiles, ...read].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [...byPath, ...again];
}
