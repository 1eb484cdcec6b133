import { compileLinear } from '../core/linear-regex.js';
import type { Location, SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import type { ContainerOrigin, ContainerSpec } from '../subjects/container.js';
import type { ImageOrigin, ImageRef } from '../subjects/image.js';

/**
 * "Administrators should always know exactly what their containers are running": every image the
 * repository refers to and every container it describes, with the facts that matter, whether or
 * not a rule found anything wrong with them. Plain data, collected from the parsed subjects.
 */
export interface Inventory {
  images: InventoryImage[];
  containers: InventoryContainer[];
}

/** One place an image reference is written. */
export interface ImageUse extends Location {
  origin: ImageOrigin;
  /** The subject that uses it: a service, a stage, a step. */
  name: string;
}

/** One image reference (as written, after variable expansion), with every place it is used. */
export interface InventoryImage {
  ref: string;
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** Built from a variable that could not be resolved: registry and tag are unknown. */
  variable: boolean;
  uses: ImageUse[];
}

/** One container description: a Compose service, a job or service container, a `docker run`. */
export interface InventoryContainer extends Location {
  name: string;
  origin: ContainerOrigin;
  image?: string;
  /** Absent when not set here: the image's own USER applies (often root). */
  user?: string;
  privileged: boolean;
  /** Mounts the Docker socket (or is given the API socket), which is root on the host. */
  dockerSocket: boolean;
  /** The host namespaces it shares: `network`, `pid`, `ipc`, `uts`, `userns`, `cgroup`. */
  hostNamespaces: string[];
  /** Where its output goes (`json-file`, `syslog`, `none`); absent when the daemon's default applies. */
  logDriver?: string;
}

/** What the inventory needs from the packs. */
export interface InventoryOptions {
  /**
   * The host paths that are a container engine's API socket (RE2 pattern): the docker pack's
   * shared param `dockerSocketPaths`, the list its socket rules judge with. Without it no mount
   * counts as the socket, only `use_api_socket`.
   */
  dockerSocketPaths?: string;
}

/** The inventory of parsed documents, sorted by reference and by file and line. */
export function collectInventory(documents: readonly SourceDocument[], options: InventoryOptions = {}): Inventory {
  const collector = new InventoryCollector(options);
  for (const document of documents) collector.add(document);
  return collector.result();
}

/**
 * The inventory built one document at a time, for a scan that drops each document once judged
 * (src/pipeline/judge-as-read.ts): `result()` is `collectInventory` of every document added.
 */
export class InventoryCollector {
  readonly #isSocket: (path: string | undefined) => boolean;
  readonly #images = new Map<string, InventoryImage>();
  readonly #containers: InventoryContainer[] = [];

  constructor(options: InventoryOptions = {}) {
    const pattern = options.dockerSocketPaths;
    // Compiled at the first mount, not here: RE2 takes 10 ms over this pattern, a tenth of the
    // start of a scan that finds no container (measured with --cpu-prof on an empty folder).
    let socket: ReturnType<typeof compileLinear> | undefined;
    this.#isSocket = (path) => {
      if (path === undefined || pattern === undefined) return false;
      socket ??= compileLinear(pattern);
      return socket.test(path);
    };
  }

  add(document: SourceDocument): void {
    for (const subject of document.subjects) {
      if (subject.type === 'image') addImage(this.#images, subject as Subject<ImageRef>);
      if (subject.type === 'container') this.#containers.push(container(subject as Subject<ContainerSpec>, this.#isSocket));
    }
  }

  result(): Inventory {
    for (const image of this.#images.values()) image.uses.sort(byLocation);
    return {
      images: [...this.#images.values()].sort((a, b) => compare(a.ref, b.ref)),
      containers: [...this.#containers].sort(byLocation),
    };
  }
}

function addImage(images: Map<string, InventoryImage>, subject: Subject<ImageRef>): void {
  const { value } = subject;
  const use: ImageUse = { ...where(subject), origin: value.origin, name: subject.name };
  const known = images.get(value.ref);
  if (known) {
    known.uses.push(use);
    return;
  }
  images.set(value.ref, {
    ref: value.ref,
    registry: value.registry,
    repository: value.repository,
    ...(value.tag === undefined ? {} : { tag: value.tag }),
    ...(value.digest === undefined ? {} : { digest: value.digest }),
    variable: value.isVariable,
    uses: [use],
  });
}

function container(subject: Subject<ContainerSpec>, isSocket: (path: string | undefined) => boolean): InventoryContainer {
  const spec = subject.value;
  const namespaces: Array<[string, string | undefined]> = [
    ['network', spec.network_mode],
    ['pid', spec.pid],
    ['ipc', spec.ipc],
    ['uts', spec.uts],
    ['userns', spec.userns_mode],
    ['cgroup', spec.cgroup],
  ];
  return {
    ...where(subject),
    name: subject.name,
    origin: spec.origin,
    ...(spec.image === undefined ? {} : { image: spec.image }),
    ...(spec.user === undefined ? {} : { user: spec.user }),
    privileged: spec.privileged === true,
    dockerSocket: spec.use_api_socket === true || spec.volumes.some((mount) => isSocket(mount.source) || isSocket(mount.source_template)),
    hostNamespaces: namespaces.filter(([, mode]) => mode === 'host').map(([namespace]) => namespace),
    ...(spec.log_driver === undefined ? {} : { logDriver: spec.log_driver }),
  };
}

/**
 * Where a subject is written. An anchor covering its whole value (a `docker run` line inside a
 * `run:` block) is more exact than the subject's own pointer.
 */
function where(subject: Subject): Location {
  const anchor = subject.anchors?.find((candidate) => candidate.path === '');
  const document = anchor?.document ?? subject.document;
  const range = anchor ? document.locate(anchor.pointer, anchor.line) : subject.document.locate(subject.pointer);
  return { path: document.path, range };
}

function byLocation(a: Location, b: Location): number {
  return compare(a.path, b.path) || a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
