import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';

// A privileged service (critical) and a latest image (medium), each with a suppression above it.
const COMPOSE = [
  'services:',
  '  runner:',
  '    # containment: ignore[image-latest-tag] the tag is pinned by the deploy script',
  '    image: nginx:latest',
  '    # containment: ignore[container-privileged] builds images with docker-in-docker until=2027-03-31',
  '    privileged: true',
  '',
].join('\n');

describe('suppressions in a scan', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'containment-suppress-'));
    writeFileSync(join(root, 'compose.yaml'), COMPOSE);
    // Only Date is faked: the scan's own timers run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-31T23:59:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(root, { recursive: true, force: true });
  });
  const show = (findings: Array<{ ruleId: string; message: string }>) => findings.map((f) => `${f.ruleId}: ${f.message}`);
  const ids = (findings: Array<{ ruleId: string }>) => findings.map((f) => f.ruleId).filter((id) => id === 'container-privileged' || id.startsWith('suppression-') || id === 'image-latest-tag');

  it('outside a pull request, applies both until the last day of the expiry', async () => {
    const result = await scan({ root });
    expect(show(result.findings).filter((line) => /^(container-privileged|image-latest-tag|suppression-)/.test(line))).toEqual([]);
    expect(result.suppressed?.map((f) => [f.ruleId, f.suppression.until, f.suppression.addedByChange])).toEqual([
      ['image-latest-tag', undefined, undefined],
      ['container-privileged', '2027-03-31', undefined],
    ]);
    expect(result.failed).toBe(false);
  });

  it('after the expiry, the finding is back, fails the step, and the comment is reported', async () => {
    vi.setSystemTime(new Date('2027-04-01T00:00:01Z'));
    const result = await scan({ root });
    expect(ids(result.findings)).toEqual(['container-privileged', 'suppression-expired']);
    expect(result.failed).toBe(true);
    expect(result.refusedSuppressions?.map((f) => [f.ruleId, f.refused])).toEqual([['container-privileged', 'expired']]);
  });

  it('when the pull request adds the comments, the default limit refuses the critical one and keeps the medium one', async () => {
    const result = await scan({ root, addedLine: (path, line) => path === 'compose.yaml' && line >= 3 });
    expect(ids(result.findings)).toEqual(['container-privileged', 'suppression-beyond-limit']);
    expect(result.failed).toBe(true);
    expect(result.suppressed?.map((f) => [f.ruleId, f.suppression.addedByChange])).toEqual([['image-latest-tag', true]]);
  });

  it('reads the limit from the config it is given: `all` lets the pull request suppress both, `none` neither', async () => {
    const added = (path: string, line: number) => path === 'compose.yaml' && line >= 3;
    const all = await scan({ root, addedLine: added, config: { text: 'suppressions:\n  in-pull-request: all\n', shown: 'base' } });
    expect(all.failed).toBe(false);
    expect(all.suppressed).toHaveLength(2);
    const none = await scan({ root, addedLine: added, config: { text: 'suppressions:\n  in-pull-request: none\n', shown: 'base' } });
    expect(ids(none.findings)).toEqual(['image-latest-tag', 'container-privileged', 'suppression-beyond-limit', 'suppression-beyond-limit']);
    expect(none.findings.find((f) => f.ruleId === 'suppression-beyond-limit')?.message).toContain('`suppressions.in-pull-request: none` in base');
  });
});
