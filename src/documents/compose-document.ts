import { posix } from 'node:path';
import type { ComposeFileReference, ComposeServiceModel } from '../core/compose-model.js';
import { joinPointer } from '../core/json-pointer.js';
import type { Position, Problem, Range, SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor } from '../core/subject.js';
import { type ComposeLayer, mergeContainers } from '../subjects/compose-merge.js';
import { normalizeService } from '../subjects/compose-service.js';
import { isUnknown } from '../subjects/compose-unknown.js';
import type { ContainerSpec } from '../subjects/container.js';
import { withVariables } from '../subjects/container-variables.js';
import { followHostLink, resolveBindSource } from '../subjects/host-path.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { type ComposeEnv, parseEnvFile } from './compose-env-file.js';
import { interpolateTree, withoutUnknowns } from './compose-interpolate-tree.js';
import { composeProblems } from './compose-problems.js';
import { bindFileSecrets, bindNamedVolumes, envFilesOf, extendsOf, hostNetworkByName, includesOf } from './compose-top-level.js';
import { readYaml } from './yaml-source.js';
import type { MergeDirective } from './yaml-value.js';

/** The `.env` file beside a Compose file: its text and repository-relative path. */
export interface ComposeEnvFile {
  text: string;
  path: string;
}

/**
 * A Compose file: one `container` subject and (when it names one) one `image` subject per service,
 * and one `compose` subject for the file's top level. Values are interpolated with `env` (the
 * `.env` file beside the Compose file, never the process environment) and converted as Compose
 * converts them; subjects keep pointing at the keys as written. The link stage later merges
 * override files, `extends` and `build:` Dockerfiles into these subjects (src/link/compose-*.ts).
 *
 * A file of several YAML documents (`---`) is one model: compose-go's loader merges each document
 * into the ones before it with the rules it uses for override files
 * (`loader.loadYamlFile`), so a service is judged as merged, every value located in the document
 * that writes it. Compose's `!reset` and `!override` tags are read as merge directives
 * (`yaml-value.ts`), for the documents of this file and for the files merged onto it.
 */
/**
 * Where a repository path leads on the host through a symbolic link that leaves the repository
 * (`SourceTree.hostLink`): the absolute host path, or undefined.
 */
export type HostLinks = (path: string) => { hostPath: string } | undefined;

export function parseCompose(path: string, text: string, env?: ComposeEnvFile, envFiles?: ReadonlyMap<string, string>, hostLink?: HostLinks): SourceDocument {
  const yaml = readYaml(text, { composeDirectives: true });
  const subjects: Subject[] = [];
  // yaml's LineCounter misses line breaks inside an unterminated quoted scalar, so a range in a
  // broken file can name a column past its line's end; clamped, it always shows in an editor.
  const lineLengths = text.split('\n').map((line) => line.replace(/\r$/, '').length);
  const clamp = (range: Range): Range => ({ start: clampPosition(range.start, lineLengths), end: clampPosition(range.end, lineLengths) });
  const problems: Problem[] = yaml.problems.map((problem) => ({ ...problem, range: clamp(problem.range) }));
  const locate = (pointer: string, lineOffset?: number): Range => clamp(yaml.locate(pointer, lineOffset));
  const services = new Map<string, ComposeServiceModel>();
  const includes: ComposeFileReference[] = [];
  const composeFile = composeFileOf(env);
  const document: SourceDocument = {
    kind: 'compose',
    path,
    text,
    subjects,
    problems,
    locate,
    compose: { services, includes, ...(composeFile ? { composeFile } : {}) },
    syntax: yaml.tree,
  };
  if (yaml.broken) return document;
  // Each YAML document with content, and a document to locate its pointers in: the file itself for
  // the first, a view of the file that locates in document `index` for the others.
  const parts = yaml.values.flatMap((value, index) => (value === null || value === undefined ? [] : [{ value, index }]));
  const first = parts[0]?.index ?? 0;
  for (const { value, index } of parts.length ? parts : [{ value: null, index: 0 }]) {
    if (isMapping(value)) continue;
    problems.push({
      ruleId: 'parse-error',
      message: `${parts.length > 1 ? `YAML document ${index + 1} of this file` : 'This file'} is named like a Compose file but is not a YAML mapping with a "services" key, so it was not checked.`,
      range: clamp(yaml.locate('', undefined, index)),
    });
    return document;
  }
  const variables: ComposeEnv = env ? parseEnvFile(env.text) : new Map();
  const read = parts.map(({ value, index }) => {
    const view: SourceDocument = index === first ? document : { ...document, locate: (pointer, lineOffset) => clamp(yaml.locate(pointer, lineOffset, index)) };
    const tree = interpolateTree(value, variables);
    problems.push(...composeProblems(tree, env?.path, (pointer) => view.locate(pointer)));
    return { view, tree, top: record(tree.value), written: record(value), directives: yaml.directives[index] ?? [] };
  });
  const projectFolder = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const top: Record<string, Record<string, unknown>> = {};
  for (const key of ['networks', 'volumes', 'secrets', 'configs'] as const) top[key] = Object.assign({}, ...read.map((part) => record(part.top[key])));
  const version = read.map((part) => part.top['version']).findLast((v) => typeof v === 'string' || typeof v === 'number');
  const containers = new Map<string, Subject<ContainerSpec>>();
  const images = new Map<string, Subject>();
  for (const { view, top: partTop, written, directives } of read) {
    includes.push(...includesOf(partTop['include']));
    const rawServices = record(partTop['services']);
    const writtenServices = record(written['services']);
    for (const [name, raw] of Object.entries(rawServices)) {
      if (!isMapping(raw)) continue;
      const pointer = joinPointer('/services', name);
      const normalized = normalizeService(raw, pointer, record(writtenServices[name]));
      bindNamedVolumes(normalized.value, top['volumes'] ?? {});
      hostNetworkByName(normalized.value, raw, top['networks'] ?? {}, normalized.anchors);
      for (const { index: at, pointer: file } of bindFileSecrets(normalized.value, raw, top)) normalized.anchors.push({ path: `/volumes/${at}`, pointer: file });
      // Compose resolves relative host paths against the project folder (this file's folder), and
      // the daemon follows links in them: `./sock` committed as a link to the socket mounts it.
      for (const mount of normalized.value.volumes) {
        resolveBindSource(mount, projectFolder);
        if (hostLink) followHostLink(mount, projectFolder, hostLink);
      }
      const serviceEnvFiles = envFilesOf(raw['env_file'], pointer);
      addEnvFileValues(normalized, serviceEnvFiles, envFiles);
      const layer: ComposeLayer = {
        subject: { type: 'container', name, document, pointer, value: normalized.value, anchors: inView(normalized.anchors, view, document, pointer) },
        raw,
        directives: serviceDirectives(directives, pointer),
      };
      const before = containers.get(name);
      const model = services.get(name);
      if (before && model) {
        // A later document merges into the service as an override file would.
        const merged = mergeContainers({ subject: before, raw: model.raw }, layer);
        Object.assign(before, { value: merged.value, anchors: merged.anchors });
        const files = [...(model.envFiles ?? []), ...serviceEnvFiles];
        services.set(name, { ...model, raw: merged.raw, ...extendsOf(merged.raw['extends']), directives: new Map([...(model.directives ?? []), ...(layer.directives ?? [])]), ...(files.length ? { envFiles: files } : {}) });
      } else {
        containers.set(name, layer.subject);
        subjects.push(layer.subject);
        services.set(name, { name, pointer, raw, ...extendsOf(raw['extends']), ...(layer.directives?.size ? { directives: layer.directives } : {}), ...(serviceEnvFiles.length ? { envFiles: serviceEnvFiles } : {}) });
      }
      // With `build:`, `image:` names the image being built here, not one pulled from a registry:
      // tag and digest rules do not apply to it (the Dockerfile's FROM lines are judged instead).
      // An image that stays unknown is judged as written, as a variable.
      const mergedRaw = services.get(name)?.raw ?? raw;
      if (mergedRaw['build'] !== undefined || mergedRaw['image'] === undefined) images.delete(name);
      if (raw['image'] === undefined) continue;
      const image = isUnknown(raw['image']) ? record(writtenServices[name])['image'] : raw['image'];
      if (typeof image === 'string' && mergedRaw['build'] === undefined) {
        const imagePointer = joinPointer(pointer, 'image');
        images.set(name, { type: 'image', name, document, pointer: imagePointer, value: parseImageRef(image, 'compose-service'), ...(view === document ? {} : { anchors: [{ path: '', document: view, pointer: imagePointer }] }) });
      }
    }
  }
  subjects.unshift({
    type: 'compose',
    name: path,
    document,
    pointer: '',
    value: withoutUnknowns({
      services: [...containers.keys()],
      ...(version === undefined ? {} : { version: String(version) }),
      ...top,
    }),
  });
  subjects.push(...images.values());
  return document;
}

/**
 * The variables a service's `env_file:` entries set, for those the reader could read (`envFiles`,
 * by path as written): Compose gives them to the container, `environment:` winning over them and a
 * later file over an earlier one. Each is located at the `env_file` entry that brings it in.
 */
function addEnvFileValues(
  normalized: { value: ContainerSpec; anchors: SubjectAnchor[] },
  entries: ReadonlyArray<{ written: string; pointer: string }>,
  envFiles: ReadonlyMap<string, string> | undefined,
): void {
  if (!envFiles || entries.length === 0) return;
  const written = new Set(Object.keys(normalized.value.environment));
  const fromFiles: Record<string, string | null> = {};
  const where = new Map<string, string>();
  for (const entry of entries) {
    const text = envFiles.get(entry.written);
    if (text === undefined) continue;
    for (const [key, value] of parseEnvFile(text)) {
      if (written.has(key)) continue;
      fromFiles[key] = value;
      where.set(key, entry.pointer);
    }
  }
  for (const [key, pointer] of where) normalized.anchors.push({ path: joinPointer('/environment', key), pointer });
  normalized.value.environment = { ...fromFiles, ...normalized.value.environment };
  // The variables list is the environment's: listed again with the files' entries, each at its env_file line.
  normalized.anchors = withVariables(normalized.value, normalized.anchors);
}

/** A service's merge directives, by path inside the service (`volumes`, `environment/TOKEN`). */
function serviceDirectives(directives: readonly MergeDirective[], pointer: string): Map<string, MergeDirective['tag']> | undefined {
  const prefix = `${pointer}/`;
  const out = new Map<string, MergeDirective['tag']>();
  for (const directive of directives) if (directive.pointer.startsWith(prefix)) out.set(directive.pointer.slice(prefix.length), directive.tag);
  return out.size ? out : undefined;
}

/** Anchors for a value written in a later YAML document: every place is in that document's view. */
function inView(anchors: SubjectAnchor[], view: SourceDocument, document: SourceDocument, pointer: string): SubjectAnchor[] {
  if (view === document) return anchors;
  return [{ path: '', document: view, pointer }, ...anchors.map((anchor) => ({ ...anchor, document: anchor.document ?? view }))];
}

function clampPosition(position: Position, lineLengths: number[]): Position {
  const line = Math.min(Math.max(1, position.line), lineLengths.length);
  return { line, column: Math.min(Math.max(1, position.column), (lineLengths[line - 1] ?? 0) + 1) };
}

function record(value: unknown): Record<string, unknown> {
  return isMapping(value) ? value : {};
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The files `COMPOSE_FILE` in `env` names, resolved against the `.env` file's folder (separated by
 * `COMPOSE_PATH_SEPARATOR`, else `;` when present, else `:`); an entry that is absolute, holds a
 * variable or leaves the repository is `undefined` (the whole list is `[undefined]` when its value
 * refers to a variable the file does not define). Undefined when `COMPOSE_FILE` is not set.
 */
function composeFileOf(env: ComposeEnvFile | undefined): Array<string | undefined> | undefined {
  if (!env) return undefined;
  const variables = parseEnvFile(env.text);
  const list = variables.get('COMPOSE_FILE');
  // `null`: it names a shell variable, so which files are loaded is unknown.
  if (list === null) return [undefined];
  if (list === undefined || list === '') return undefined;
  const separator = variables.get('COMPOSE_PATH_SEPARATOR') || (list.includes(';') ? ';' : ':');
  const folder = posix.dirname(env.path);
  return list
    .split(typeof separator === 'string' ? separator : ':')
    .filter(Boolean)
    .map((written) => {
      if (written.startsWith('/') || written.includes('$')) return undefined;
      const resolved = posix.normalize(posix.join(folder, written));
      return resolved === '..' || resolved.startsWith('../') ? undefined : resolved;
    });
}
