import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../e2e/repo.js';

export const CLI = join(REPO, 'dist/cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the bundled CLI; never throws for a non-zero exit. */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', ms: Date.now() - started };
  }
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  path: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  fingerprint: string;
}

export interface JsonReport {
  failed: boolean;
  findings: JsonFinding[];
  notices: Array<{ level: string; message: string; path?: string }>;
  files: Array<{ path: string; kind: string }>;
}
