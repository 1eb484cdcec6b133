import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { formatInventoryJson, formatInventoryText, inventoryView } from '../../src/report/inventory.js';
import { formatInventoryMarkdown } from '../../src/report/inventory-markdown.js';
import { cliSettings } from '../../src/settings/settings.js';
import { REPO } from '../e2e/repo.js';

const insecure = `${REPO}test/fixtures/insecure`;

describe('the inventory', () => {
  it('lists every image with where it is used, and every container with the facts that matter', async () => {
    const result = await scan({ root: insecure });
    const view = inventoryView(result.inventory ?? { images: [], containers: [] });
    const traefik = view.images.find((image) => image.ref === 'traefik:latest');
    expect(traefik).toMatchObject({ registry: 'docker.io', repository: 'library/traefik', tag: 'latest', pinned: false, variable: false });
    expect(traefik?.uses).toEqual([expect.objectContaining({ path: 'compose.yaml', origin: 'compose-service', name: 'proxy' })]);
    expect(traefik?.uses[0]?.range.start.line).toBe(7);
    expect(view.images.find((image) => image.ref === 'node:22')?.uses[0]).toMatchObject({ path: 'app/Dockerfile', origin: 'dockerfile-from' });
    const proxy = view.containers.find((container) => container.name === 'proxy');
    expect(proxy).toMatchObject({ path: 'compose.yaml', dockerSocket: true, hostNamespaces: ['network'], privileged: false });
    expect(view.containers.find((container) => container.name === 'db')?.hostNamespaces).toEqual(['pid']);
    expect(view.containers.find((container) => container.name === 'app')?.privileged).toBe(true);
  });

  it('states facts, not a registry verdict of its own, and renders as text, JSON and markdown', async () => {
    const view = inventoryView((await scan({ root: insecure })).inventory ?? { images: [], containers: [] });
    // Whether a registry is trusted is the image-untrusted-registry rule's call (its own param);
    // the inventory says only whether an image is pinned.
    expect(view.images.find((image) => image.ref === 'postgres')).not.toHaveProperty('trusted');
    expect(view.images.every((image) => image.pinned === (image.digest !== undefined))).toBe(true);
    expect(formatInventoryText(view)).toMatch(/^ {2}compose\.yaml:6 {2}proxy {2}\(compose-service\) {2}user \(image default\), Docker socket, host network, logs to json-file$/m);
    expect(JSON.parse(formatInventoryJson(view)).containers.find((container: { name: string }) => container.name === 'db')).toMatchObject({ line: 24, hostNamespaces: ['pid'], user: null });
    const markdown = formatInventoryMarkdown(view, { collapsed: true });
    expect(markdown).toMatch(/^### Inventory\n\n<details><summary>\d+ images \(\d+ not pinned by digest\) and \d+ containers/);
    expect(markdown).toContain('| traefik&#58;latest | docker\\.io | latest | ⚠️ no | compose\\.yaml&#58;7 |');
    expect(markdown).not.toContain('trusted');
  });

  it('is a CLI command with a format', () => {
    expect(cliSettings(['inventory', 'x', '--format', 'markdown'], '/w')).toMatchObject({ command: 'inventory', root: '/w/x', format: 'markdown' });
    expect(cliSettings(['inventory'], '/w')).toMatchObject({ command: 'inventory', root: '/w', format: 'text' });
    expect(String(cliSettings(['inventory', '--format', 'sarif'], '/w'))).toContain("--format must be one of text, json, markdown; got 'sarif'.");
  });
});
