import type { FixLabel } from '../core/fix.js';

/**
 * The typed catalogue of fix kinds a rule may name in its `fix:` block. Rules are data and no rule
 * id appears in the code, so a rule picks a kind and gives its params; the code for each kind lives
 * in `src/evaluate/fixes/`. Each entry is the JSON Schema of the kind's params, checked when the
 * rule is loaded (so a typo is a located load error, not a fix that silently never appears).
 */
export const FIX_KINDS = {
  /** Compose service: append `value` to the list `key` (creating `key: [value]` when absent). */
  'compose-add-list-item': {
    summary: "Appends the value to the service's list, in the list's own style, or adds the list when the service has none (never when it inherits one from a merged block or `extends`).",
    required: ['key', 'value'],
    properties: { key: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
  },
  /** Compose service: set the scalar `key` to `value` (replacing the value written, or adding the key). */
  'compose-set-key': {
    summary: "Sets the key on the service, replacing the value written or adding the key after the service's last one.",
    required: ['key', 'value'],
    properties: { key: { type: 'string', minLength: 1 }, value: { type: ['string', 'boolean', 'number'] } },
  },
  /** Compose published port: bind it to `address` (short syntax gains an `address:` prefix; long syntax a `host_ip`). */
  'compose-port-host-ip': {
    summary: 'Binds the published port to the address: short syntax gains an `address:` prefix, long syntax a `host_ip`; a port written with a variable is left alone.',
    required: ['address'],
    properties: { address: { type: 'string', minLength: 1 } },
  },
  /** Dockerfile CMD/ENTRYPOINT: rewrite shell form as a JSON array, only when the text uses no shell feature. */
  'dockerfile-exec-form': {
    summary: 'Rewrites a shell-form CMD or ENTRYPOINT as a JSON array, only when it uses no shell feature (quotes, variables, operators, globs, a continuation).', properties: {} },
  /** A package manager command in a RUN: insert `option` after the first argument listed in `after` (the subcommand). */
  'command-add-option': {
    summary: 'Inserts the option after the subcommand of the package manager command, in its RUN.',
    required: ['option', 'after'],
    properties: { option: { type: 'string', minLength: 1 }, after: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
  },
  /** Dockerfile RUN (shell form, no heredoc): end it with ` && command`, so the clean-up is in the same layer. */
  'dockerfile-run-append': {
    summary: 'Ends the shell-form RUN with `&& command`, so the clean-up is in the same layer.',
    required: ['command'],
    properties: { command: { type: 'string', minLength: 1 } },
  },
  /** Dockerfile: replace the instruction's keyword, keeping its flags and arguments (ADD → COPY). */
  'dockerfile-replace-keyword': {
    summary: 'Replaces the instruction keyword, keeping its flags and arguments (refused when the new keyword lacks a flag used).',
    required: ['keyword'],
    properties: { keyword: { type: 'string', pattern: '^[A-Z]+$' } },
  },
  /** Dockerfile WORKDIR: write the absolute path it resolves to from the stage's earlier WORKDIRs (`/` when none). */
  'dockerfile-workdir-absolute': {
    summary: "Writes the absolute path the WORKDIR resolves to from the stage's earlier WORKDIRs (`/` when there are none).", properties: {} },
  /** Workflow: add a top-level `key` with `value` (a map), before the `before` key when it exists. */
  'workflow-add-top-level-key': {
    summary: "Adds the key with its map value at the workflow's top level, above `before` when that key exists.",
    required: ['key', 'value'],
    properties: { key: { type: 'string', minLength: 1 }, value: { type: 'object' }, before: { type: 'string', minLength: 1 } },
  },
  /** Workflow step: set `with.key` to `value`. */
  'workflow-step-with': {
    summary: "Sets the input in the step's `with:`, adding `with:` when the step has none.",
    required: ['key', 'value'],
    properties: { key: { type: 'string', minLength: 1 }, value: { type: ['string', 'boolean', 'number'] } },
  },
  /** An image reference: pin it to the digest its tag resolves to in the registry (only with `--resolve`). */
  'image-pin-digest': {
    summary: 'With `containment fix --resolve`: appends the digest the registry serves for the tag (the multi-platform index), `name:tag@sha256:…`.', properties: {} },
  /** An action reference: pin it to the commit its tag or branch resolves to on GitHub (only with `--resolve`). */
  'action-pin-sha': {
    summary: 'With `containment fix --resolve`: replaces the tag or branch with the commit it points at, keeping it as a comment: `owner/repo@<sha> # v4`.', properties: {} },
} as const satisfies Record<string, { summary: string; required?: readonly string[]; properties: Record<string, unknown> }>;

export type FixKind = keyof typeof FIX_KINDS;

/** Kinds whose edit needs an answer from a registry or GitHub: computed only when resolving is on. */
export const RESOLVED_FIX_KINDS: ReadonlySet<FixKind> = new Set(['image-pin-digest', 'action-pin-sha']);

/** A rule's `fix:` block, as loaded: the kind, its label, what to check, and the kind's params. */
export interface RuleFix {
  kind: FixKind;
  label: FixLabel;
  /** One sentence: what the reviewer must check before accepting the edit. */
  check: string;
  /** The kind's params (everything in the block but `kind`, `label` and `check`). */
  params: Record<string, unknown>;
}

/** The meta-schema of a `fix:` block: one branch per kind, each with the kind's params. */
export const FIX_META_SCHEMA = {
  type: 'object',
  required: ['kind', 'label', 'check'],
  properties: {
    kind: { enum: Object.keys(FIX_KINDS) },
    label: { enum: ['safe', 'changes-behaviour'] },
    check: { type: 'string', minLength: 1 },
  },
  allOf: Object.entries(FIX_KINDS).map(([kind, params]) => ({
    if: { properties: { kind: { const: kind } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable.
    then: {
      ...('required' in params ? { required: params.required } : {}),
      properties: { kind: {}, label: {}, check: {}, ...params.properties },
      additionalProperties: false,
    },
  })),
};

/** Reads a validated `fix:` block into its typed form. */
export function toRuleFix(raw: Record<string, unknown>): RuleFix {
  const { kind, label, check, ...params } = raw;
  return { kind: kind as FixKind, label: label as FixLabel, check: String(check), params };
}
