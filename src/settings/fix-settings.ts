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
  config?: string;
  packs: string[];
}

/** Reads `fix`'s checked command line; a string is a usage error's message. */
export function fixSettings(line: CommandLine, cwd: string): FixCommand | string {
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
    ...(typeof config === 'string' ? { config: resolve(cwd, config) } : {}),
    packs: list('pack').map((dir) => resolve(cwd, dir)),
  };
}
