import { joinPointer } from '../core/json-pointer.js';
import type { SubjectAnchor } from '../core/subject.js';
import { isUnknownWord } from '../languages/shell-words.js';
import type { ContainerSpec } from '../subjects/container.js';
import { applyFlag, emptyContainerSpec } from '../subjects/docker-flag-apply.js';
import { parseDockerFlags, splitDockerOptionsWithSpans } from '../subjects/docker-flags.js';
import { parseImageRef } from '../subjects/image-ref.js';
import { matrixCombinationsFor, substituteMatrix, usesMatrix } from '../subjects/workflow-matrix.js';
import type { WorkflowEmitter } from './workflow-emitter.js';
import { flagAnchors } from './workflow-run-script.js';
import { isYamlMap, scalarText, stringMap, type YamlMap } from './workflow-values.js';

type JobContainerOrigin = 'job-container' | 'job-service';

/**
 * Emits a `container` and an `image` subject for a job's `container:` and for each of its
 * `services:` (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontainer).
 * A container written with `${{ matrix.x }}` is judged once per distinct value the job's literal
 * matrix gives it, named with the values (`test/container [opts=--privileged]`), so that
 * `options: ${{ matrix.opts }}` is still judged; without a literal matrix it stays unknown.
 */
export function emitJobContainers(out: WorkflowEmitter, jobId: string, job: YamlMap, jobPointer: string): void {
  if (job['container'] !== undefined) {
    emitExpanded(out, `${jobId}/container`, joinPointer(jobPointer, 'container'), job['container'], 'job-container', job['strategy']);
  }
  const services = job['services'];
  if (!isYamlMap(services)) return;
  for (const [name, service] of Object.entries(services)) {
    emitExpanded(out, `${jobId}/services/${name}`, joinPointer(jobPointer, 'services', name), service, 'job-service', job['strategy']);
  }
}

function emitExpanded(out: WorkflowEmitter, name: string, pointer: string, raw: unknown, origin: JobContainerOrigin, strategy: unknown): void {
  const matrix = usesMatrix(raw) ? matrixCombinationsFor(strategy, raw) : undefined;
  if (!matrix) {
    emitContainer(out, name, pointer, raw, origin, true);
    return;
  }
  const expansions = new Map<string, { value: unknown; label: string }>();
  for (const combination of matrix) {
    const { value, used } = substituteMatrix(raw, combination);
    const key = JSON.stringify(value);
    if (expansions.has(key)) continue;
    const label = used.map((k) => `${k}=${renderValue(combination[k])}`).join(', ');
    expansions.set(key, { value, label });
  }
  const many = expansions.size > 1;
  // A value filled in from the matrix is not the file's text: its words are placed on their keys.
  for (const { value, label } of expansions.values()) emitContainer(out, many ? `${name} [${label}]` : name, pointer, value, origin, false);
}

function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The image a job container or service is written with, as written (a string container is its image). */
export function containerImage(raw: unknown): string | undefined {
  return typeof raw === 'string' ? raw : isYamlMap(raw) ? scalarText(raw['image']) : undefined;
}

function emitContainer(out: WorkflowEmitter, name: string, pointer: string, raw: unknown, origin: JobContainerOrigin, asWritten: boolean): void {
  if (typeof raw !== 'string' && !isYamlMap(raw)) return;
  const image = containerImage(raw);
  // GitHub does not start a container whose image is the empty string (a matrix's way to skip it).
  if (image !== undefined && image.trim() === '') return;
  const imagePointer = typeof raw === 'string' ? pointer : joinPointer(pointer, 'image');
  const { spec, anchors } = isYamlMap(raw) ? fromMap(out, raw, pointer, origin, asWritten) : { spec: emptyContainerSpec(origin), anchors: [] };
  if (image !== undefined) {
    if (!isUnknownWord(image)) spec.image = image;
    anchors.push({ path: '/image', pointer: imagePointer });
  }
  out.emit('container', name, pointer, spec, anchors);
  if (image !== undefined) out.emit('image', name, imagePointer, parseImageRef(image, origin));
}

/**
 * The map form. `options:` is read as `docker create` flags (the runner passes it there); the
 * `ports`, `volumes` and `env` keys come first so that their indexes match the file.
 */
function fromMap(out: WorkflowEmitter, raw: YamlMap, pointer: string, origin: JobContainerOrigin, asWritten: boolean): { spec: ContainerSpec; anchors: SubjectAnchor[] } {
  const anchors: SubjectAnchor[] = [];
  const listed = emptyContainerSpec(origin);
  for (const [key, flag] of [['ports', 'publish'], ['volumes', 'volume']] as const) {
    const entries = raw[key];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      const text = scalarText(entry);
      const before = listed[key].length;
      if (text !== undefined) applyFlag(listed, flag, text);
      if (listed[key].length > before) anchors.push({ path: joinPointer('', key, before), pointer: joinPointer(pointer, key, index) });
    });
  }
  const options = scalarText(raw['options']);
  const { words, spans } = options === undefined ? { words: [] } : splitDockerOptionsWithSpans(options);
  const flags = parseDockerFlags(words, origin);
  const { spec } = flags;
  if (options !== undefined) {
    const optionsPointer = joinPointer(pointer, 'options');
    // Each flag on its words, when they are the file's own text (not filled in from a matrix).
    if (asWritten && spans) {
      const place = (first: number, last: number) => out.locateText(optionsPointer, spans[first]!.start, spans[last]!.end);
      const shifted = flags.sources.map((source) => ({ ...source, path: shiftListPath(source.path, listed) }));
      anchors.push(...flagAnchors(shifted, optionsPointer, place));
    }
    for (const [key, value] of Object.entries(spec)) {
      if (key !== 'origin' && isSet(value)) anchors.push({ path: joinPointer('', key), pointer: optionsPointer });
    }
  }
  spec.ports = [...listed.ports, ...spec.ports];
  spec.volumes = [...listed.volumes, ...spec.volumes];
  for (const [key, value] of Object.entries(stringMap(raw['env']))) {
    spec.environment[key] = value;
    anchors.push({ path: joinPointer('', 'environment', key), pointer: joinPointer(pointer, 'env', key) });
  }
  const credentials = raw['credentials'];
  if (isYamlMap(credentials)) {
    spec.credentials = {};
    anchors.push({ path: '/credentials', pointer: joinPointer(pointer, 'credentials') });
    for (const key of ['username', 'password'] as const) {
      const text = scalarText(credentials[key]);
      if (text === undefined) continue;
      spec.credentials[key] = text;
      anchors.push({ path: joinPointer('', 'credentials', key), pointer: joinPointer(pointer, 'credentials', key) });
    }
  }
  return { spec, anchors };
}

/** A flag's list item moves past the items the `ports:` / `volumes:` keys put first. */
function shiftListPath(path: string, listed: ContainerSpec): string {
  const match = /^\/(ports|volumes)\/(\d+)$/.exec(path);
  if (!match) return path;
  const key = match[1] as 'ports' | 'volumes';
  return `/${key}/${Number(match[2]) + listed[key].length}`;
}

function isSet(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isYamlMap(value)) return Object.keys(value).length > 0;
  return value !== undefined;
}
