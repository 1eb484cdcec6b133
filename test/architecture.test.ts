import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from './e2e/repo.js';

/**
 * The pipeline's import direction (DESIGN.md §6) is enforced by `npm run lint` through
 * dependency-cruiser and .dependency-cruiser.cjs. These run that same config on small trees, so a
 * rule that silently stopped matching would fail here.
 */
async function cruise(files: Record<string, string>): Promise<{ code: number; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'containment-arch-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }));
    const bin = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, 'src', '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: dir });
      return { code: 0, out: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, out: failed.stdout };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the import direction', () => {
  it('refuses an earlier stage importing a later one', async () => {
    const result = await cruise({
      'src/core/severity.ts': "import { formatJson } from '../report/json.js';\nexport const x = formatJson;\n",
      'src/report/json.ts': 'export const formatJson = 1;\n',
    });
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('core-imports-later-stage');
  });

  it('refuses a stage importing the pipeline, and a value-import cycle', async () => {
    const result = await cruise({
      'src/select/select.ts': "import { scan } from '../pipeline/scan.js';\nexport const s = scan;\n",
      'src/pipeline/scan.ts': 'export const scan = 1;\n',
      'src/link/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'src/link/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(result.out).toContain('stage-imports-orchestrator');
    expect(result.out).toContain('no-circular');
  });

  it('accepts imports along the direction', async () => {
    const result = await cruise({
      'src/report/json.ts': "import { x } from '../core/severity.js';\nexport const formatJson = x;\n",
      'src/core/severity.ts': 'export const x = 1;\n',
      'src/pipeline/scan.ts': "import { formatJson } from '../report/json.js';\nexport const scan = formatJson;\n",
    });
    expect(result).toMatchObject({ code: 0 });
  });
});
