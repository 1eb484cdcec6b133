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
    const view = inventoryView(result.inventory ?? { images: [], containers: [] }, { trustedRegistries: ['ghcr.io'] });
    const traefik = view.images.find((image) => image.ref === 'traefik:latest');
    expect(traefik).toMatchObject({ registry: 'docker.io', repository: 'library/traefik', tag: 'latest', trusted: false, variable: false });
    expect(traefik?.uses).toEqual([expect.objectContaining({ path: 'compose.yaml', origin: 'compose-service', name: 'proxy' })]);
    expect(traefik?.uses[0]?.range.start.line).toBe(7);
    expect(view.images.find((image) => image.ref === 'node:22')?.uses[0]).toMatchObject({ path: 'app/Dockerfile', origin: 'dockerfile-from' });
    const proxy = view.containers.find((container) => container.name === 'proxy');
    expect(proxy).toMatchObject({ path: 'compose.yaml', dockerSocket: true, hostNamespaces: ['network'], privileged: false });
    expect(view.containers.find((container) => container.name === 'db')?.hostNamespaces).toEqual(['pid']);
    expect(view.containers.find((container) => container.name === 'app')?.privileged).toBe(true);
  });

  it('is trusted by default for the public registries, and renders as text, JSON and markdown', async () => {
    const view = inventoryView((await scan({ root: insecure })).inventory ?? { images: [], containers: [] });
    expect(view.images.find((image) => image.ref === 'postgres')?.trusted).toBe(true);
    expect(formatInventoryText(view)).toMatch(/^ {2}compose\.yaml:6 {2}proxy {2}\(compose-service\) {2}user \(image default\), Docker socket, host network$/m);
    expect(JSON.parse(formatInventoryJson(view)).containers.find((container: { name: string }) => container.name === 'db')).toMatchObject({ line: 24, hostNamespaces: ['pid'], user: null });
    const markdown = formatInventoryMarkdown(view, { collapsed: true });
    expect(markdown).toMatch(/^### Inventory\n\n<details><summary>\d+ images \(0 not from a trusted registry\) and \d+ containers/);
    expect(markdown).toContain('| traefik&#58;latest | docker\\.io ✅ trusted | latest | — | compose\\.yaml&#58;7 |');
  });

  it('is a CLI command with a format', () => {
    expect(cliSettings(['inventory', 'x', '--format', 'markdown'], '/w')).toMatchObject({ command: 'inventory', root: '/w/x', format: 'markdown' });
    expect(cliSettings(['inventory'], '/w')).toMatchObject({ command: 'inventory', root: '/w', format: 'text' });
    expect(String(cliSettings(['inventory', '--format', 'sarif'], '/w'))).toContain("--format must be one of text, json, markdown; got 'sarif'.");
  });
});
