/**
 * How the GitHub runner reads a line of a step's output for a workflow command (actions/runner,
 * ActionCommandManager: ActionCommand.TryParseV2, then the legacy ActionCommand.TryParse), for
 * tests that print repository text to the log. The runner compares with the current culture
 * (`IndexOf(string)`, `StartsWith`), which under ICU skips characters of no weight, so those are
 * taken out before matching, as the runner would skip them.
 */
const REGISTERED = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]);

export interface RunnerCommand {
  name: string;
  /** Found by the legacy `##[name]` form, anywhere in the line. */
  legacy: boolean;
  /** The command's data: the message, after `::` or `]`. */
  data: string;
}

/** The command the runner would take this line (one line, no line break) for, or undefined. */
export function runnerCommand(rawLine: string): RunnerCommand | undefined {
  const line = rawLine.replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000e-\u001f\u007f-\u009f]/gu, '');
  const trimmed = line.replace(/^\s+/, '');
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    const name = end < 0 ? '' : trimmed.slice(2, end).split(' ')[0]!;
    if (REGISTERED.has(name)) return { name, legacy: false, data: trimmed.slice(end + 2) };
  }
  const prefix = line.indexOf('##[');
  const bracket = prefix < 0 ? -1 : line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const name = line.slice(prefix + 3, bracket).split(' ')[0]!;
  return REGISTERED.has(name) ? { name, legacy: true, data: line.slice(bracket + 1) } : undefined;
}
