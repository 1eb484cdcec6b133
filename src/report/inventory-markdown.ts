import { plural } from '../core/counts.js';
import { containerFacts, type InventoryView } from './inventory.js';
import { escapeMarkdown } from './markdown-escape.js';

export interface InventoryMarkdownOptions {
  /** Heading level for the section title; default 3. */
  level?: number;
  /** Wrap the tables in a closed `<details>` (the pull-request comment keeps it out of the way). */
  collapsed?: boolean;
  /** Turns a path and line into a link, when the report knows the commit. */
  link?: (path: string, startLine: number, endLine: number) => string | undefined;
}

/** The inventory as markdown tables; every value from a scanned file escaped. */
export function formatInventoryMarkdown(view: InventoryView, options: InventoryMarkdownOptions = {}): string {
  const unpinned = view.images.filter((image) => !image.pinned).length;
  const heading = `${'#'.repeat(options.level ?? 3)} Inventory`;
  const intro =
    `${plural(view.images.length, 'image')} (${unpinned} not pinned by digest) and ` +
    `${plural(view.containers.length, 'container')} described in this repository.`;
  const where = (path: string, line: number) => {
    const text = `${escapeMarkdown(path)}&#58;${line}`;
    const url = options.link?.(path, line, line);
    return url === undefined ? text : `[${text}](${url})`;
  };
  const images = [
    '| Image | Registry | Tag | Pinned by digest | Used at |',
    '| --- | --- | --- | --- | --- |',
    ...view.images.map((image) => {
      const registry = image.variable ? 'unknown (variable)' : escapeMarkdown(image.registry);
      const uses = image.uses.map((use) => where(use.path, use.range.start.line)).join('<br>');
      return `| ${escapeMarkdown(image.ref)} | ${registry} | ${escapeMarkdown(image.tag ?? '—')} | ${image.digest ? `✅ ${escapeMarkdown(shortDigest(image.digest))}` : '⚠️ no'} | ${uses} |`;
    }),
  ];
  const containers = [
    '| Container | Where | Image | Facts |',
    '| --- | --- | --- | --- |',
    ...view.containers.map(
      (container) =>
        `| ${escapeMarkdown(container.name)} (${container.origin}) | ${where(container.path, container.range.start.line)} | ` +
        `${escapeMarkdown(container.image ?? '—')} | ${containerFacts(container).map(escapeMarkdown).join(', ')} |`,
    ),
  ];
  const tables = [...(view.images.length > 0 ? [...images, ''] : []), ...(view.containers.length > 0 ? [...containers, ''] : [])];
  if (options.collapsed) {
    return [heading, '', `<details><summary>${intro}</summary>`, '', ...tables, '</details>', '', ''].join('\n');
  }
  return [heading, '', intro, '', ...tables, ''].join('\n');
}

/** `sha256:0123456789ab…`: enough to recognise, short enough for a table. */
function shortDigest(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}
