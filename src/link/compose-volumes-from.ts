import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import { joinPointer } from '../core/json-pointer.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor } from '../core/subject.js';
import { besideCompose } from '../documents/compose-paths.js';
import type { ContainerSpec } from '../subjects/container.js';
import type { WorkflowStep } from '../subjects/workflow-step.js';
import { composeFilesNamed } from './compose-project.js';
import type { Linker } from './link.js';
import type { LinkState } from './link-state.js';

/** One `volumes_from` entry: another service of the project (or a container, by name), and whether its mounts come read-only. */
interface VolumesFrom {
  service: string;
  container: boolean;
  readOnly: boolean;
}

/**
 * Compose's `volumes_from` (https://docs.docker.com/reference/compose-file/services/#volumes_from):
 * a service mounts every volume of another service of the project (`service_name`, or
 * `service:service_name`, optionally `:ro`), so each of those mounts is judged on it too, placed
 * on the `volumes_from` entry that brings it. A service with no mount of its own that takes a
 * socket proxy's mounts holds the Docker socket (found by a review helper, issue #17's session). A
 * `container:name` entry is a service of the project when it names one's container; an entry
 * Containment cannot resolve (a container outside the project, a service in a file not read) is a
 * `compose-reference-unresolved` problem: the mounts it brings are unknown, never safe.
 * Runs after override files and `extends` are merged, so the mounts copied are the merged ones.
 */
export const linkComposeVolumesFrom: Linker = (state) => {
  const resolved = new Map<string, Subject<ContainerSpec>>();
  for (const document of state.documents) {
    if (document.kind !== 'compose') continue;
    for (const [name, service] of composeModel(document)?.services ?? []) {
      const subject = containerOf(state, document, name, service.pointer);
      if (subject && !resolved.has(`${document.path}\0${name}`)) resolve(state, document, subject, resolved, new Set());
    }
  }
};

/** Each service once (by file and name), sources first; a loop of services is left as it is. */
function resolve(state: LinkState, document: SourceDocument, subject: Subject<ContainerSpec>, resolved: Map<string, Subject<ContainerSpec>>, seen: Set<string>): Subject<ContainerSpec> {
  const key = `${document.path}\0${subject.name}`;
  const known = resolved.get(key);
  if (known) return known;
  const model = composeModel(document)?.services.get(subject.name);
  const entries = model ? volumesFrom(state.raw(model)['volumes_from']) : [];
  if (entries.length === 0 || seen.has(key)) return subject;
  seen.add(key);
  const volumes = [...subject.value.volumes];
  const anchors: SubjectAnchor[] = [...(subject.anchors ?? [])];
  entries.forEach((entry, index) => {
    const from = entry.container ? findContainer(state, document, entry.service) : findService(state, document, entry.service);
    if (!from) {
      // Mounts Containment cannot see are not safe mounts (fail closed).
      state.addProblem(document, {
        ruleId: 'compose-reference-unresolved',
        message: `${subject.name}'s \`volumes_from\` names ${entry.container ? 'the container' : 'the service'} \`${entry.service}\`, which is not ${entry.container ? 'a container of' : 'a service of'} this Compose project as Containment read it, so the mounts it brings were not checked (a mounted Docker socket could come in so). Name a service of the same project.`,
        range: document.locate(joinPointer(subject.pointer, 'volumes_from', index)),
      });
      return;
    }
    if (from.document === document && from.name === subject.name) return;
    const source = resolve(state, from.document, from, resolved, seen);
    for (const mount of source.value.volumes) {
      anchors.push({ path: `/volumes/${volumes.length}`, pointer: joinPointer(subject.pointer, 'volumes_from', index) });
      volumes.push(entry.readOnly ? { ...mount, read_only: true } : mount);
    }
  });
  const linked = volumes.length === subject.value.volumes.length ? subject : state.update(subject, { value: { ...subject.value, volumes }, anchors });
  resolved.set(key, linked);
  return linked;
}

/** A service's container subject as linked so far. */
function containerOf(state: LinkState, document: SourceDocument, name: string, pointer: string): Subject<ContainerSpec> | undefined {
  return state.subjectsOf(document).find((s): s is Subject<ContainerSpec> => s.type === 'container' && s.name === name && s.pointer === pointer);
}

/**
 * This file, then the other Compose files of its project as the link stage sees it: those of its
 * folder, and those it includes.
 */
function projectFiles(state: LinkState, document: SourceDocument): SourceDocument[] {
  // Once per file and link: a file of many services with `volumes_from` would otherwise read every
  // workflow step again for each entry.
  let byState = PROJECT_FILES.get(state);
  if (!byState) {
    byState = new Map();
    PROJECT_FILES.set(state, byState);
  }
  const known = byState.get(document);
  if (known) return known;
  const files = projectFilesOf(state, document);
  byState.set(document, files);
  return files;
}

const PROJECT_FILES = new WeakMap<LinkState, Map<SourceDocument, SourceDocument[]>>();

function projectFilesOf(state: LinkState, document: SourceDocument): SourceDocument[] {
  const folderOf = (path: string): string => posix.dirname(path);
  const together = new Set((composeModel(document)?.includes ?? []).map((include) => besideCompose(document.path, include.written)).filter((path) => path !== undefined));
  // Files a workflow step loads together with this one (`docker compose -f a.yaml -f ci/b.yaml`).
  for (const workflow of state.documents) {
    if (workflow.kind !== 'workflow' && workflow.kind !== 'action') continue;
    for (const subject of state.subjectsOf(workflow)) {
      if (subject.type !== 'workflow.step') continue;
      for (const named of composeFilesNamed(subject.value as WorkflowStep)) if (named.includes(document.path)) for (const path of named) together.add(path);
    }
  }
  return [document, ...state.documents.filter((other) => other !== document && other.kind === 'compose' && (folderOf(other.path) === folderOf(document.path) || together.has(other.path)))];
}

/** The service named, in this file first, then in the rest of its project (`projectFiles`). */
function findService(state: LinkState, document: SourceDocument, name: string): Subject<ContainerSpec> | undefined {
  for (const candidate of projectFiles(state, document)) {
    const service = composeModel(candidate)?.services.get(name);
    const subject = service && containerOf(state, candidate, name, service.pointer);
    if (subject) return subject;
  }
  return undefined;
}

/**
 * The container a `container:NAME` entry names, when it is a service of the project: its
 * `container_name`, or the name Compose gives it (`<project>-<service>-<n>`, `_` in Compose v1).
 */
function findContainer(state: LinkState, document: SourceDocument, name: string): Subject<ContainerSpec> | undefined {
  const project = projectName(document);
  for (const candidate of projectFiles(state, document)) {
    for (const [service, model] of composeModel(candidate)?.services ?? []) {
      const written = state.raw(model)['container_name'];
      // Only this project's prefix: `other-web-1` is another project's container (helper-34).
      const named = project !== undefined && project !== '' && new RegExp(`^${escapeRegExp(project)}[-_]${escapeRegExp(service)}[-_]\\d+$`).test(name);
      if (written === name || named) return containerOf(state, candidate, service, model.pointer);
    }
  }
  return undefined;
}

/**
 * The project name Compose gives the file's containers: its top-level `name:`, else its folder's
 * name, lower-cased without the characters Compose drops
 * (https://docs.docker.com/compose/how-tos/project-name/); undefined when `name:` holds a
 * variable without a default, and `''` for a file at the scanned folder's root, whose folder's
 * name is not known here. `COMPOSE_PROJECT_NAME`, `-p` and `--project-directory`, set outside the
 * file, are not read: a container named after them is then unresolved (fail closed).
 */
function projectName(document: SourceDocument): string | undefined {
  let written = /^name:[ \t]*["']?([^"'\s#]+)/m.exec(document.text)?.[1];
  // `${X:-shop}` is `shop` when nothing sets X; a variable without a default is unknown.
  if (written?.includes('$')) written = /^\$\{\w+:?-([^}$]+)\}$/.exec(written)?.[1];
  if (written === undefined && /^name:/m.test(document.text)) return undefined;
  const folder = posix.basename(posix.dirname(`/${document.path}`));
  return (written ?? folder).toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function volumesFrom(value: unknown): VolumesFrom[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): VolumesFrom[] => {
    if (typeof entry !== 'string') return [];
    const parts = entry.split(':');
    const kind = parts[0] === 'container' || parts[0] === 'service' ? parts[0] : undefined;
    const [service = '', mode] = kind ? [parts[1], parts[2]] : [parts[0], parts[1]];
    return service ? [{ service, container: kind === 'container', readOnly: mode === 'ro' }] : [];
  });
}
