import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { renderReport } from '../../src/report/github/comment-body.js';
import { formatText } from '../../src/report/text.js';
import { hiddenNote, listedFindings } from '../../src/select/reporting-threshold.js';
import { cliSettings } from '../../src/settings/settings.js';
import { finding, scanResult } from '../report/scan-result-fixture.js';

const critical = finding({ severity: 'critical', fingerprint: 'c', path: 'a.yaml' });
const info = finding({ severity: 'info', fingerprint: 'i', path: 'b.yaml', ruleId: 'container-no-pids-limit', message: 'web has no limit on the number of processes' });

describe('min-severity, the reporting threshold', () => {
  it('lists what reaches it and counts the rest, low by default', () => {
    expect(listedFindings([critical, info])).toEqual([critical]);
    expect(listedFindings([critical, info], 'info')).toEqual([critical, info]);
    expect(hiddenNote([critical, info], 'low', '--min-severity info')).toBe('1 finding below min-severity low (1 info) is counted, not listed; --min-severity info lists them.');
    expect(hiddenNote([critical], 'low', 'x')).toBe('');
  });

  it('hides lower findings from the text report, with a line that says so', () => {
    const text = formatText(scanResult([critical, info], { minSeverity: 'low' }), { color: false });
    expect(text).toContain('a.yaml');
    expect(text).not.toContain('web has no limit on the number of processes');
    expect(text).toContain('1 finding below min-severity low (1 info) is counted, not listed');
    expect(formatText(scanResult([critical, info], { minSeverity: 'info' }), { color: false })).toContain('web has no limit on the number of processes');
  });

  it('hides them from the comment, never from the job summary', () => {
    const result = scanResult([critical, info], { minSeverity: 'low' });
    const comment = renderReport(result, { max: 65_000, elsewhere: 'e', applyMinSeverity: true });
    expect(comment).not.toContain('web has no limit on the number of processes');
    expect(comment).toContain('below min-severity low');
    expect(renderReport(result, { max: 65_000, elsewhere: 'e' })).toContain('web has no limit on the number of processes');
  });

  it('is read from --min-severity and the config, and never changes the verdict', async () => {
    expect(cliSettings(['scan', '--min-severity', 'high'], '/work/repo')).toMatchObject({ minSeverity: 'high' });
    expect(String(cliSettings(['scan', '--min-severity', 'none'], '/work/repo'))).toMatch(/^UsageError/);
    const root = mkdtempSync(join(tmpdir(), 'containment-min-'));
    try {
      mkdirSync(join(root, '.github'));
      writeFileSync(join(root, '.github', 'containment.yml'), 'min-severity: critical\nfail-on: info\n');
      writeFileSync(join(root, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
      const result = await scan({ root });
      expect(result.minSeverity).toBe('critical');
      // Nothing is critical, so nothing is listed; the info findings still fail at fail-on: info.
      expect(listedFindings(result.findings, result.minSeverity)).toEqual([]);
      expect(result.failed).toBe(true);
      expect((await scan({ root, minSeverity: 'info' })).minSeverity).toBe('info');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

