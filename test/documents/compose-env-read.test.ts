import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ENV_FILE_BYTES, readComposeEnv } from '../../src/documents/compose-env-read.js';

const outside = mkdtempSync(join(tmpdir(), 'containment-env-outside-'));
const root = mkdtempSync(join(tmpdir(), 'containment-env-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const compose = (folder: string) => ({ absolutePath: join(root, folder, 'compose.yaml'), path: folder ? `${folder}/compose.yaml` : 'compose.yaml' });

describe('readComposeEnv', () => {
  it('reads the .env beside the Compose file, with its repository path', async () => {
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', '.env'), 'PRIV=true\n');
    expect(await readComposeEnv(root, compose('app'))).toEqual({ text: 'PRIV=true\n', path: 'app/.env' });
    expect(await readComposeEnv(root, compose(''))).toBeUndefined();
  });

  it('never follows a symlink out of the root, and skips oversized files', async () => {
    writeFileSync(join(outside, 'secrets'), 'TOKEN=x\n');
    mkdirSync(join(root, 'linked'));
    symlinkSync(join(outside, 'secrets'), join(root, 'linked', '.env'));
    expect(await readComposeEnv(root, compose('linked'))).toBeUndefined();
    mkdirSync(join(root, 'inside'));
    symlinkSync(join(root, 'app', '.env'), join(root, 'inside', '.env'));
    expect(await readComposeEnv(root, compose('inside'))).toEqual({ text: 'PRIV=true\n', path: 'inside/.env' });
    mkdirSync(join(root, 'big'));
    writeFileSync(join(root, 'big', '.env'), 'A='.padEnd(MAX_ENV_FILE_BYTES + 1, 'x'));
    expect(await readComposeEnv(root, compose('big'))).toBeUndefined();
  });
});
