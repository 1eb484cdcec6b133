import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { runnerCommand } from '../e2e/runner-commands.js';
import { finding, scanResult } from './scan-result-fixture.js';

describe('the text report, printed by `containment scan` in a workflow step', () => {
  it('holds no line the runner takes for a workflow command, wherever a name lands', () => {
    const result = scanResult(
      [
        // A path starts its group's line and each finding's line.
        finding({ path: '::stop-commands::tok/compose.yaml' }),
        finding({ path: 'a/##[add-mask]x/compose.yaml', message: 'web##[warning]x runs privileged' }),
        finding({ path: ' \u200b::error::x/Dockerfile', message: '#\u200b#[error]forged' }),
      ],
      { notices: [{ level: 'warning', path: 'x', message: '##[stop-commands]t/compose.yaml is a symlink that leads nowhere' }] },
    );
    for (const color of [false, true]) {
      const lines = formatText(result, { color }).split('\n');
      expect(lines.filter((line) => line.includes('stop-commands')).length).toBeGreaterThan(2);
      for (const line of lines) expect(runnerCommand(line), line).toBeUndefined();
    }
  });
});
