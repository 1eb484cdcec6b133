import { describe, expect, it } from 'vitest';
import type { Fix } from '../../src/core/fix.js';
import { formatFixSummary } from '../../src/report/fix-report.js';
import type { FilePlan } from '../../src/select/fix-plan.js';
import { runnerCommand } from '../e2e/runner-commands.js';
import { finding } from './scan-result-fixture.js';

/** A service name as a pull request may write it: lines of workflow commands and terminal escapes. */
const NAME = 'web\n::add-mask::hello\n::error file=x::forged\u001b[2J\u001b]0;pwn\u0007';

function fix(description: string, check: string): Fix {
  return { label: 'changes-behaviour', description, check, edits: [] };
}

describe('the fix summary, with names from the scanned files', () => {
  const path = '##[stop-commands]t/compose.yaml';
  const hostile = finding({ path, message: `${NAME} runs privileged` });
  const plans: FilePlan[] = [
    {
      path,
      before: 'a',
      after: 'b',
      fixes: [{ finding: hostile, fix: fix(`Add \`ALL\` to \`cap_drop\` of ${NAME}.`, `Check ${NAME}\r\n::warning::still starts.`), merged: false }],
      skipped: [{ finding: hostile, reason: `it overlaps ${NAME}` }],
    },
  ];
  const notes = [finding({ path: '::stop-commands::x/compose.yaml', fixNote: `no digest for ${NAME}` })];
  const text = formatFixSummary(plans, { written: false, notes, remaining: { findings: 1, fixable: 0, summary: 'one left' } });
  const lines = text.split('\n');

  it('shows control characters instead of obeying them', () => {
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('web\\u000a::add-mask::hello\\u000a::error file=x::forged\\u001b[2J\\u001b]0;pwn\\u0007');
  });

  it('prints one line per fix, skip and note: nothing from a file starts a line or a workflow command', () => {
    expect(lines.filter((line) => line.includes('CHANGES BEHAVIOUR'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('check: '))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('skipped: '))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('no fix: '))).toHaveLength(1);
    for (const line of lines) expect(runnerCommand(line), line).toBeUndefined();
  });
});
