import { resolve } from 'node:path';
import type { CommandLine } from './cli-flags.js';

/** `fix [path]`: propose (or with `write`, apply) the fixes of the folder's findings. */
export interface FixCommand {
  command: 'fix';
  /** The folder to fix, absolute. */
  root: string;
  /** Only these rules' findings (`--rule`, repeatable); empty means every rule with a fix. */
  rules: string[];
  write: boolean;
  /** Ask registries and GitHub for digests and commits (`--resolve`). */
  resolve: boolean;
  /** Where GitHub's API is (`GITHUB_API_URL`) and the token to ask it with (`GITHUB_TOKEN`), for `--resolve`. */
  github: { apiUrl: string; token?: string };
  /** Milliseconds one lookup may take (`CONTAINMENT_RESOLVE_TIMEOUT_MS`, for tests; default `RESOLVE_TIMEOUT_MS`). */
  timeoutMs: number;
  config?: string;
  packs: string[];
}

/**
 * How long one registry or GitHub request of `fix --resolve` may take: a registry that hangs
 * leaves its findings without a pin (and a note) rather than holding the command.
 */
export const RESOLVE_TIMEOUT_MS = 10_000;

/** Reads `fix`'s checked command line; a string is a usage error's message. */
export function fixSettings(line: CommandLine, cwd: string, env: NodeJS.ProcessEnv = process.env): FixCommand | string {
  if (line.positionals.length > 1) return `'fix' takes one folder, got ${line.positionals.length}: ${line.positionals.map((p) => `'${p}'`).join(' ')}.`;
  if (line.flags['write'] && line.flags['dry-run']) return '--dry-run and --write contradict each other: leave out --dry-run to write the fixes, or --write to see them as a diff.';
  const list = (name: string) => {
    const value = line.flags[name];
    return Array.isArray(value) ? value : [];
  };
  const config = line.flags['config'];
  return {
    command: 'fix',
    root: resolve(cwd, line.positionals[0] ?? '.'),
    rules: list('rule'),
    write: line.flags['write'] === true,
    resolve: line.flags['resolve'] === true,
    timeoutMs: Number(env['CONTAINMENT_RESOLVE_TIMEOUT_MS']) > 0 ? Number(env['CONTAINMENT_RESOLVE_TIMEOUT_MS']) : RESOLVE_TIMEOUT_MS,
    github: { apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com', ...(env['GITHUB_TOKEN'] ? { token: env['GITHUB_TOKEN'] } : {}) },
    ...(typeof config === 'string' ? { config: resolve(cwd, config) } : {}),
    packs: list('pack').map((dir) => resolve(cwd, dir)),
  };
}
