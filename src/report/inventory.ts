import type { Inventory, InventoryContainer, InventoryImage } from '../evaluate/inventory.js';
// Control characters from a scanned file are shown, not obeyed by the terminal (or the runner's log).
import { cleanText as clean } from './plain-text.js';

/**
 * An image as the inventory shows it: facts, not verdicts. Whether its registry is one this
 * repository trusts is the `image-untrusted-registry` rule's call, from its effective
 * `trustedRegistries` param; the inventory keeps no second list to disagree with it.
 */
export interface InventoryImageView extends InventoryImage {
  /** Pinned by an immutable digest (`@sha256:…`): what runs is what was reviewed. */
  pinned: boolean;
}

export interface InventoryView {
  images: InventoryImageView[];
  containers: InventoryContainer[];
}

/** The inventory as reports show it. */
export function inventoryView(inventory: Inventory): InventoryView {
  return {
    images: inventory.images.map((image) => ({ ...image, pinned: image.digest !== undefined })),
    containers: inventory.containers,
  };
}

/** The inventory as JSON, keys in a fixed order, for scripts. */
export function formatInventoryJson(view: InventoryView): string {
  const report = {
    images: view.images.map((image) => ({
      ref: image.ref,
      registry: image.registry,
      repository: image.repository,
      tag: image.tag ?? null,
      digest: image.digest ?? null,
      pinned: image.pinned,
      variable: image.variable,
      uses: image.uses.map((use) => ({ path: use.path, line: use.range.start.line, origin: use.origin, name: use.name })),
    })),
    containers: view.containers.map((container) => ({
      name: container.name,
      origin: container.origin,
      path: container.path,
      line: container.range.start.line,
      image: container.image ?? null,
      user: container.user ?? null,
      privileged: container.privileged,
      dockerSocket: container.dockerSocket,
      hostNamespaces: container.hostNamespaces,
      logDriver: container.logDriver ?? null,
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The inventory for a terminal: one line per image use and per container. */
export function formatInventoryText(view: InventoryView): string {
  const lines = [`Images (${view.images.length})`];
  for (const image of view.images) {
    const pin = image.digest ? `digest ${image.digest}` : `tag ${image.tag ?? '(none: latest)'}`;
    const registry = image.variable ? 'registry unknown (variable)' : image.registry;
    lines.push(`  ${clean(image.ref)}  ${registry}  ${clean(pin)}`);
    for (const use of image.uses) lines.push(`    ${clean(use.path)}:${use.range.start.line}  ${use.origin}  ${clean(use.name)}`);
  }
  lines.push('', `Containers (${view.containers.length})`);
  for (const container of view.containers) {
    lines.push(`  ${clean(container.path)}:${container.range.start.line}  ${clean(container.name)}  (${container.origin})  ${clean(containerFacts(container).join(', '))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** "user root, privileged, Docker socket, host network+pid, logs to syslog": what an administrator must know. */
export function containerFacts(container: InventoryContainer): string[] {
  return [
    `user ${container.user ?? '(image default)'}`,
    ...(container.privileged ? ['privileged'] : []),
    ...(container.dockerSocket ? ['Docker socket'] : []),
    ...(container.hostNamespaces.length > 0 ? [`host ${container.hostNamespaces.join('+')}`] : []),
    ...(container.logDriver === undefined ? [] : [container.logDriver === 'none' ? 'no logs (log driver none)' : `logs to ${container.logDriver}`]),
  ];
}
