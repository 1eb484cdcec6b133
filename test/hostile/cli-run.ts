import { type CliRun, runCli, spawnCli } from '../support/run-cli.js';

export { CLI, type CliRun } from '../support/run-cli.js';

/** Runs the CLI in this worker with extra environment variables; never throws for a non-zero exit. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { env });
}

/** Runs the bundled CLI in a child process, for an environment only a process has (PATH for git). */
export function cliProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return spawnCli(args, { env });
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
