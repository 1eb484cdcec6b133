import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, spawnCli } from '../support/run-cli.js';
import { REPO } from './repo.js';

/**
 * The bundled CLI (dist/cli.js) as a process. Every other CLI test runs the command runner in its
 * worker (test/support/run-cli.ts); these prove what only the bundle and a process show: its exit
 * codes reach the shell, and a reader that stops early is not an error.
 */
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-bundle-'));
  // 300 privileged services: a text report of well over 64 KiB, more than one pipe buffer.
  const services = Array.from({ length: 300 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    privileged: true\n`).join('');
  await writeFile(join(work, 'compose.yaml'), `services:\n${services}`);
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the bundled CLI', () => {
  it('exits 0 when it passes, 1 on a finding at fail-on, 2 on a usage error', async () => {
    const [passed, failed, usage] = await Promise.all([
      spawnCli(['scan', '.', '--fail-on', 'none', '--format', 'json'], { cwd: work }),
      spawnCli(['scan', '.', '--format', 'json'], { cwd: work }),
      spawnCli(['scan', '--fail-on', 'bogus'], { cwd: work }),
    ]);
    expect(passed.code).toBe(0);
    expect(failed.code).toBe(1);
    // The whole report came through the pipe: it parses, and names the privileged services.
    expect(JSON.parse(failed.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'container-privileged').length).toBeGreaterThan(100);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^containment: .*--fail-on/);
  });

  it('is ASCII, so Node holds its source one byte per character (scripts/build.mjs)', async () => {
    for (const bundle of ['dist/cli.js', 'dist/index.js']) {
      const text = await readFile(join(REPO, bundle), 'utf8');
      expect(text.length).toBeGreaterThan(100_000);
      expect(/[^\x00-\x7f]/.exec(text)?.index, bundle).toBeUndefined();
    }
  });

  it('keeps its exit code, with no error, when the reader closes the pipe early (`scan | head -1`)', async () => {
    const child = spawn(process.execPath, [CLI, 'scan', '.'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head -1`: read the first piece, then close the pipe while the report is still being written.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });
});
