import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workingTree } from '../../src/discover/working-tree.js';
import { MAX_ENV_FILE_BYTES, readComposeEnv } from '../../src/documents/compose-env-read.js';
import type { Notice } from '../../src/select/scan-result.js';

const outside = mkdtempSync(join(tmpdir(), 'containment-env-outside-'));
const root = mkdtempSync(join(tmpdir(), 'containment-env-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const tree = workingTree(root);
const compose = (folder: string) => (folder ? `${folder}/compose.yaml` : 'compose.yaml');

describe('readComposeEnv', () => {
  it('reads the .env beside the Compose file, with its repository path', async () => {
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', '.env'), 'PRIV=true\n');
    const notices: Notice[] = [];
    expect(await readComposeEnv(tree, compose('app'), notices)).toEqual({ env: { text: 'PRIV=true\n', path: 'app/.env' } });
    expect(await readComposeEnv(tree, compose(''), notices)).toEqual({});
    expect(notices).toEqual([]);
  });

  it('never follows a symlink out of the root, and skips oversized files', async () => {
    writeFileSync(join(outside, 'secrets'), 'TOKEN=x\n');
    mkdirSync(join(root, 'linked'));
    symlinkSync(join(outside, 'secrets'), join(root, 'linked', '.env'));
    const notices: Notice[] = [];
    expect(await readComposeEnv(tree, compose('linked'), notices)).toEqual({ unreadable: 'its .env (linked/.env) was not read' });
    expect(notices.map((n) => n.path)).toEqual(['linked/.env']);
    mkdirSync(join(root, 'inside'));
    symlinkSync(join(root, 'app', '.env'), join(root, 'inside', '.env'));
    expect(await readComposeEnv(tree, compose('inside'), notices)).toEqual({ env: { text: 'PRIV=true\n', path: 'inside/.env' } });
    mkdirSync(join(root, 'big'));
    writeFileSync(join(root, 'big', '.env'), 'A='.padEnd(MAX_ENV_FILE_BYTES + 1, 'x'));
    expect((await readComposeEnv(tree, compose('big'), notices)).unreadable).toMatch(/over the 64 KiB/);
  });

  it('refuses a link into .git/, where actions/checkout keeps the job token', async () => {
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
    mkdirSync(join(root, 'svc'));
    symlinkSync('../.git/config', join(root, 'svc', '.env'));
    const notices: Notice[] = [];
    expect(await readComposeEnv(tree, compose('svc'), notices)).toEqual({ unreadable: 'its .env (svc/.env) was not read' });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/svc\/\.env was not read: it is a link and it leads into \.git\//);
    expect(JSON.stringify(notices)).not.toContain('c2VjcmV0');
  });
});

describe('the config file', () => {
  it('is refused when it is a link into .git/, with an error that quotes none of it', async () => {
    const { loadConfig } = await import('../../src/select/config.js');
    mkdirSync(join(root, '.github'), { recursive: true });
    symlinkSync('../.git/config', join(root, '.github', 'containment.yml'));
    let message = '';
    try {
      loadConfig(root);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Cannot read the config file: \.github\/containment\.yml leads into \.git\//);
    expect(message).not.toContain('c2VjcmV0');
  });
});
