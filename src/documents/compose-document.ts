import type { ComposeFileReference, ComposeServiceModel } from '../core/compose-model.js';
import { joinPointer } from '../core/json-pointer.js';
import type { Position, Problem, Range, SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import { normalizeService } from '../subjects/compose-service.js';
import { isUnknown } from '../subjects/compose-unknown.js';
import type { ContainerSpec } from '../subjects/container.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { type ComposeEnv, parseEnvFile } from './compose-env-file.js';
import { interpolateTree, withoutUnknowns } from './compose-interpolate-tree.js';
import { composeProblems } from './compose-problems.js';
import { laterDocumentProblems, readYaml } from './yaml-source.js';

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
 */
export function parseCompose(path: string, text: string, env?: ComposeEnvFile): SourceDocument {
  const yaml = readYaml(text);
  const subjects: Subject[] = [];
  // yaml's LineCounter misses line breaks inside an unterminated quoted scalar, so a range in a
  // broken file can name a column past its line's end; clamped, it always shows in an editor.
  const lineLengths = text.split('\n').map((line) => line.replace(/\r$/, '').length);
  const clamp = (range: Range): Range => ({ start: clampPosition(range.start, lineLengths), end: clampPosition(range.end, lineLengths) });
  const problems: Problem[] = [...yaml.problems, ...laterDocumentProblems(yaml)].map((problem) => ({ ...problem, range: clamp(problem.range) }));
  const locate = (pointer: string, lineOffset?: number): Range => clamp(yaml.locate(pointer, lineOffset));
  const services = new Map<string, ComposeServiceModel>();
  const includes: ComposeFileReference[] = [];
  const document: SourceDocument = { kind: 'compose', path, text, subjects, problems, locate, compose: { services, includes } };
  if (yaml.broken) return document;
  if (!isMapping(yaml.value)) {
    problems.push({
      ruleId: 'parse-error',
      message: 'This file is named like a Compose file but is not a YAML mapping with a "services" key, so it was not checked.',
      range: locate(''),
    });
    return document;
  }
  const variables: ComposeEnv = env ? parseEnvFile(env.text) : new Map();
  const tree = interpolateTree(yaml.value, variables);
  problems.push(...composeProblems(tree, env?.path, (pointer) => locate(pointer)));
  const top = isMapping(tree.value) ? tree.value : {};
  includes.push(...includesOf(top['include']));
  const written = yaml.value;
  const rawServices = top['services'];
  subjects.push({
    type: 'compose',
    name: path,
    document,
    pointer: '',
    value: withoutUnknowns({
      services: isMapping(rawServices) ? Object.keys(rawServices) : [],
      ...(typeof top['version'] === 'string' || typeof top['version'] === 'number' ? { version: String(top['version']) } : {}),
      networks: isMapping(top['networks']) ? top['networks'] : {},
      volumes: isMapping(top['volumes']) ? top['volumes'] : {},
      secrets: isMapping(top['secrets']) ? top['secrets'] : {},
      configs: isMapping(top['configs']) ? top['configs'] : {},
    }),
  });
  if (!isMapping(rawServices)) return document;
  const writtenServices = isMapping(written['services']) ? written['services'] : {};
  for (const [name, raw] of Object.entries(rawServices)) {
    if (!isMapping(raw)) continue;
    const pointer = joinPointer('/services', name);
    const { value, anchors } = normalizeService(raw, pointer);
    bindNamedVolumes(value, record(top['volumes']));
    subjects.push({ type: 'container', name, document, pointer, value, anchors });
    services.set(name, { name, pointer, raw, ...extendsOf(raw['extends']) });
    // With `build:`, `image:` names the image being built here, not one pulled from a registry:
    // tag and digest rules do not apply to it (the Dockerfile's FROM lines are judged instead).
    // An image that stays unknown is judged as written, as a variable.
    const image = isUnknown(raw['image']) ? record(writtenServices[name])['image'] : raw['image'];
    if (typeof image === 'string' && raw['build'] === undefined) {
      subjects.push({ type: 'image', name, document, pointer: joinPointer(pointer, 'image'), value: parseImageRef(image, 'compose-service') });
    }
  }
  return document;
}

/**
 * `include:` entries: a path, or a mapping whose `path` is a path or a list of paths (merged as
 * one project). A value Containment cannot read as a path (unknown after interpolation, a wrong
 * type) is kept as written so the reader reports it rather than silently skipping it.
 */
function includesOf(value: unknown): ComposeFileReference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, index): ComposeFileReference[] => {
    const pointer = joinPointer('/include', String(index));
    if (typeof entry === 'string') return [{ written: entry, pointer }];
    if (!isMapping(entry)) return [{ written: '', pointer }];
    const path = entry['path'];
    // `env_file` (a path or a list) and `project_directory` change the variables the included file
    // is interpolated with (https://docs.docker.com/reference/compose-file/include/).
    const envFile = entry['env_file'];
    const envFiles = typeof envFile === 'string' ? [envFile] : Array.isArray(envFile) ? envFile.map((item) => (typeof item === 'string' ? item : '')) : undefined;
    const directory = entry['project_directory'];
    const context = {
      ...(envFiles === undefined ? {} : { envFiles }),
      ...(directory === undefined ? {} : { projectDirectory: typeof directory === 'string' ? directory : '' }),
    };
    if (typeof path === 'string') return [{ written: path, pointer: joinPointer(pointer, 'path'), ...context }];
    if (Array.isArray(path)) return path.map((item, i) => ({ written: typeof item === 'string' ? item : '', pointer: joinPointer(joinPointer(pointer, 'path'), String(i)), ...context }));
    return [{ written: '', pointer }];
  });
}

/**
 * A named volume declared with the local driver's bind options (`driver_opts: { type: none, o:
 * bind, device: /var/run }`) mounts that host path, exactly like a bind mount
 * (https://docs.docker.com/engine/storage/volumes/#create-a-volume-using-a-bind-mount-as-the-source,
 * the `local` driver's `o=bind`). The service's mount is judged as the bind it is, so the host-path
 * rules see `/var/run` or `/` however it is spelled.
 */
function bindNamedVolumes(value: ContainerSpec, declared: Record<string, unknown>): void {
  for (const mount of value.volumes ?? []) {
    if (mount.type !== 'volume' || mount.source === undefined) continue;
    const options = record(record(declared[mount.source])['driver_opts']);
    const device = options['device'];
    const mountOptions = typeof options['o'] === 'string' ? options['o'].split(',') : [];
    if (typeof device === 'string' && mountOptions.includes('bind')) {
      mount.type = 'bind';
      mount.source = device;
    }
  }
}

/** `extends: base` or `extends: { service: base, file: other.yaml }`. */
function extendsOf(value: unknown): Pick<ComposeServiceModel, 'extends'> {
  if (typeof value === 'string') return { extends: { service: value } };
  if (!isMapping(value) || typeof value['service'] !== 'string') return {};
  return { extends: { service: value['service'], ...(typeof value['file'] === 'string' ? { file: value['file'] } : {}) } };
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
