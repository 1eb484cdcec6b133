import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';
import { runnerCommand } from './runner-commands.js';

const gate = pullRequestGate(7);

/** Folder names a pull request may add: each a workflow command if the log quoted it as it is. */
const HOSTILE_FOLDERS = [
  '~##[stop-commands]tok',
  '##[warning title=Containment;file=compose.yaml;line=4]privileged is fine here, approved by security',
  '::error::forged',
  'b##[set-output name=sarif-file;]evil',
  // The runner's culture-sensitive search skips a zero-width space: this is `##[add-mask]` to it.
  'a#\u200b#[add-mask]x',
];

describe("the Action's log, with names from the pull request", () => {
  it('holds no workflow command but its own', async () => {
    const head: Record<string, string | { link: string }> = {
      // A service name reaches annotation messages and the log; the privileged service is the finding that must stay an annotation.
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n  "##[stop-commands]svc":\n    image: nginx:1.27\n    privileged: true\n',
    };
    // A link that leads nowhere is a notice quoting its path, and a finding on it.
    for (const folder of HOSTILE_FOLDERS) head[`${folder}/compose.yaml`] = { link: 'missing' };
    const run = await gate({ base: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' }, head });

    const lines = run.stdout.split('\n');
    // The names did reach the log (as notices), or this proves nothing.
    expect(lines.filter((line) => line.includes('stop-commands')).length).toBeGreaterThan(1);
    expect(lines.some((line) => /^(notice|warning): .*set-output/.test(line))).toBe(true);
    const commands = lines.flatMap((line) => {
      const command = runnerCommand(line);
      return command ? [{ line, ...command }] : [];
    });
    for (const command of commands) {
      // Only Containment's own commands, written by @actions/core: the first-tried `::` form.
      expect(command.legacy, command.line).toBe(false);
      expect(['add-mask', 'error', 'warning', 'notice', 'debug'], command.line).toContain(command.name);
      // Their messages quote the names too, broken the same way (a path in `file=` is a property core escapes).
      expect(command.data, command.line).not.toContain('##[');
    }
    expect(commands.filter((c) => c.name === 'add-mask').map((c) => c.data)).toEqual(['ghs_fake-token-0123456789']);
    for (const line of lines.filter((l) => runnerCommand(l) === undefined)) {
      expect(line.replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, ''), line).not.toContain('##[');
      expect(line.trimStart().startsWith('::'), line).toBe(false);
    }
    // Every finding is still an annotation, and the step fails on them: nothing stopped the commands.
    expect(commands.filter((c) => c.name === 'error' && c.line.includes('container-privileged'))).toHaveLength(2);
    expect(run.code).toBe(1);
  });
});
