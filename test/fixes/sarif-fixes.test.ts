import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { applyEdits } from '../../src/core/apply-edits.js';
import { scan } from '../../src/pipeline/scan.js';
import { formatSarif } from '../../src/report/sarif.js';

interface Replacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent: { text: string };
}

it('SARIF carries each fix as artifactChanges whose replacements, applied, give the fixed file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'containment-sarif-fix-'));
  try {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n';
    await writeFile(join(root, 'compose.yaml'), compose);
    const result = await scan({ root, failOn: 'none' });
    const sarif = JSON.parse(formatSarif(result));
    const fixed = sarif.runs[0].results.filter((r: { fixes?: unknown[] }) => r.fixes);
    expect(fixed.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['container-capabilities-not-dropped', 'container-no-new-privileges', 'container-restart-policy', 'container-root-filesystem-writable']);
    const restart = fixed.find((r: { ruleId: string }) => r.ruleId === 'container-restart-policy');
    const [change] = restart.fixes[0].artifactChanges;
    expect(change.artifactLocation).toEqual({ uri: 'compose.yaml', uriBaseId: '%SRCROOT%' });
    expect(restart.fixes[0].description.text).toMatch(/Changes behaviour: /);
    const edits = (change.replacements as Replacement[]).map((r) => ({
      range: { start: { line: r.deletedRegion.startLine, column: r.deletedRegion.startColumn }, end: { line: r.deletedRegion.endLine, column: r.deletedRegion.endColumn } },
      text: r.insertedContent.text,
    }));
    expect(applyEdits(compose, edits).text).toBe(compose.replace('restart: always', 'restart: "on-failure:5"'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
