import type { Range } from '../core/source-document.js';
import type { ScanResult } from '../select/scan-result.js';
import type { Suppression } from '../select/suppress.js';
import { MappedList, prettyJsonChunks } from './json-chunks.js';
import { TOOL } from './tool.js';

/**
 * The version of the JSON report's shape. Bump it when a field is removed or changes meaning;
 * adding a field is compatible.
 */
export const JSON_REPORT_VERSION = 1;

/**
 * The machine-readable report. Keys are written in a fixed order and absolute paths are left
 * out, so two scans of the same tree on different machines produce the same bytes.
 */
export function formatJson(result: ScanResult): string {
  return [...jsonReportChunks(result)].join('');
}

/**
 * The same bytes as `formatJson`, in pieces of about one finding each, so a report of hundreds of
 * thousands of findings is written without first holding it as one string (measured: 20,000
 * Compose files make a 167 MB report, and building it whole took 700 MB on top of the scan).
 */
export function* jsonReportChunks(result: ScanResult): Generator<string> {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    failOn: result.failOn,
    failed: result.failed,
    counts: {
      total: result.findings.length,
      critical: result.counts.critical,
      high: result.counts.high,
      medium: result.counts.medium,
      low: result.counts.low,
      info: result.counts.info,
    },
    findings: new MappedList(result.findings, (finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      title: finding.title,
      message: finding.message,
      path: finding.path,
      range: orderedRange(finding.range),
      pointer: finding.pointer,
      fingerprint: finding.fingerprint,
      related: finding.related.map((related) => ({ path: related.path, range: orderedRange(related.range), message: related.message })),
      ...(finding.novelty ? { novelty: finding.novelty, onChangedLine: finding.onChangedLine === true } : {}),
      ...(finding.fix ? { fix: { label: finding.fix.label, description: finding.fix.description, check: finding.fix.check, edits: finding.fix.edits } } : {}),
      ...(finding.fixNote ? { fixNote: finding.fixNote } : {}),
    })),
    suppressed: new MappedList(result.suppressed ?? [], (finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      path: finding.path,
      range: orderedRange(finding.range),
      fingerprint: finding.fingerprint,
      suppression: suppressionJson(finding.suppression),
    })),
    // Suppression comments that matched a finding but do not apply; the finding is in `findings`.
    suppressionsNotApplied: (result.refusedSuppressions ?? []).map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      path: finding.path,
      range: orderedRange(finding.range),
      fingerprint: finding.fingerprint,
      why: finding.refused,
      suppression: suppressionJson(finding.suppression),
    })),
    ...(result.pullRequest
      ? { pullRequest: { new: result.pullRequest.newCount, fixed: result.pullRequest.fixed.length, changedFiles: result.pullRequest.changedFiles, configChanged: result.pullRequest.configChanged } }
      : {}),
    ...(result.baselineFixed ? { baselineFixed: result.baselineFixed.map((entry) => ({ ruleId: entry.ruleId, path: entry.path, fingerprint: entry.fingerprint })) } : {}),
    notices: result.notices.map((notice) => ({ level: notice.level, message: notice.message, path: notice.path })),
    files: new MappedList(result.files, (file) => ({ path: file.path, kind: file.kind })),
  };
  yield* prettyJsonChunks(report);
}

/**
 * A suppression: `kind`, `justification`, and when known `line` (of the comment), `until`
 * (YYYY-MM-DD), `addedByChange` (on a pull request: the change adds the comment's line) and
 * `coversAddedLine` (the comment was there, but the change adds the line of the finding it covers),
 * `directive` (`hadolint` or `buildkit`: another tool's existing directive suppressed it).
 */
function suppressionJson(suppression: Suppression) {
  return {
    kind: suppression.kind,
    justification: suppression.justification,
    ...(suppression.line === undefined ? {} : { line: suppression.line }),
    ...(suppression.until === undefined ? {} : { until: suppression.until }),
    ...(suppression.addedByChange === undefined ? {} : { addedByChange: suppression.addedByChange }),
    ...(suppression.coversAddedLine ? { coversAddedLine: true } : {}),
    ...(suppression.directive ? { directive: suppression.directive } : {}),
  };
}

function orderedRange(range: Range): Range {
  return {
    start: { line: range.start.line, column: range.start.column },
    end: { line: range.end.line, column: range.end.column },
  };
}
