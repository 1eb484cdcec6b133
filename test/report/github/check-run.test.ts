import { describe, expect, it } from 'vitest';
import { checkAnnotation } from '../../../src/report/github/check-run.js';
import { COMMENT_MAX_CHARS, renderReport } from '../../../src/report/github/comment-body.js';
import { commentMarker } from '../../../src/report/github/sticky-comment.js';
import { finding, scanResult } from '../scan-result-fixture.js';

describe('check-run annotations', () => {
  it('map severities to the Checks API levels and keep columns to one-line ranges', () => {
    expect(checkAnnotation(finding())).toEqual({
      path: 'compose.yaml',
      start_line: 4,
      end_line: 4,
      start_column: 5,
      end_column: 21,
      annotation_level: 'failure',
      title: 'Container runs privileged (critical, container-privileged)',
      message: 'web runs privileged: it holds every capability and every host device',
    });
    const multiLine = checkAnnotation(finding({ severity: 'medium', range: { start: { line: 2, column: 3 }, end: { line: 5, column: 1 } } }));
    expect(multiLine).toMatchObject({ start_line: 2, end_line: 5, annotation_level: 'warning' });
    expect(multiLine).not.toHaveProperty('start_column');
    expect(checkAnnotation(finding({ severity: 'low' })).annotation_level).toBe('notice');
    expect(checkAnnotation(finding({ severity: 'info' })).annotation_level).toBe('notice');
    expect(checkAnnotation(finding({ title: 't'.repeat(400) })).title).toHaveLength(255);
  });
});

describe('the comment body', () => {
  it('cuts the least severe findings first and says what was cut', () => {
    const findings = Array.from({ length: 450 }, (_, index) =>
      finding({ path: `f${index % 30}.yaml`, severity: (['critical', 'medium', 'info'] as const)[index % 3], message: 'm'.repeat(150) }),
    );
    const body = renderReport(scanResult(findings), { max: COMMENT_MAX_CHARS, elsewhere: 'See the job summary.' });
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body.match(/\| 🟣 critical \| f\d/g)).toHaveLength(150);
    expect(body).not.toMatch(/\| ⚪ info \| f\d/);
    expect(body).toMatch(/> \d+ findings \((\d+ medium, )?150 info\) are not listed here: .* See the job summary\./);
  });

  it('says so when every earlier finding is fixed', () => {
    expect(renderReport(scanResult([]), { max: COMMENT_MAX_CHARS, elsewhere: '', clearedSinceLastRun: true })).toContain('All findings reported earlier on this pull request are fixed.');
  });

  it('has a hidden marker that cannot be closed by its key', () => {
    expect(commentMarker('ci/scan/.')).toBe('<!-- containment:ci/scan/. -->');
  });
});
