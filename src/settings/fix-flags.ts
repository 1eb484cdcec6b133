import type { CommandSpec, FlagSpec } from './cli-flags.js';

/** `containment fix`: its own entry of the command table (src/settings/cli-flags.ts). */
export const FIX_COMMAND = {
  args: '[path]',
  summary: 'propose the fixes rules declare, as a unified diff (default) or written with --write; labels edits that change behaviour',
  flags: {
    rule: { type: 'string', multiple: true, placeholder: 'RULE-ID', help: "fix only this rule's findings (repeatable; default: every rule with a fix)" },
    write: { type: 'boolean', help: 'write the fixed files, then scan again and report what remains' },
    'dry-run': { type: 'boolean', help: 'print the diff and write nothing (the default; refuses --write)' },
    resolve: {
      type: 'boolean',
      help: 'also pin images to their digest and actions to their commit, asking the registries and GitHub (GITHUB_TOKEN when set, ~/.docker/config.json credentials); never blocks, a registry that does not answer leaves a note',
    },
    config: { short: 'c', type: 'string', placeholder: 'FILE', help: 'config file (default: .github/containment.yml under path, if present)' },
    pack: { type: 'string', multiple: true, placeholder: 'DIR', help: 'also use the custom pack in DIR (repeatable)' },
  } satisfies Record<string, FlagSpec>,
} as const satisfies CommandSpec;
