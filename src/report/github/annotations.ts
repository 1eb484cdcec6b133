import type { Finding } from '../../core/finding.js';
import { type Severity, severityRank } from '../../core/severity.js';

/** The annotation properties `@actions/core` accepts; columns only on a one-line range. */
export interface AnnotationProperties {
  title: string;
  file: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

/** Where annotations go: `@actions/core` in the Action, a recorder in tests. */
export interface AnnotationSink {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** How findings map to GitHub's three annotation levels (DESIGN.md §3). */
export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step from workflow
 * commands and drops the rest without a word:
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message
 * (and the limits under "Annotations" in the Actions usage limits).
 */
export const ANNOTATIONS_PER_LEVEL = 10;

export interface AnnotationOptions {
  /** Annotations GitHub shows per level per step; default 10. */
  perLevel?: number;
  /**
   * Slots kept free for annotations the caller emits afterwards: `core.setFailed` is itself an
   * error annotation, and would be the one dropped if the findings took all ten.
   */
  reserved?: Partial<Record<AnnotationLevel, number>>;
  /**
   * The notice about what was left out: where the rest can be read (a check run, the summary).
   * Default: the job summary and the SARIF report.
   */
  omittedMessage?: (omitted: number, total: number, perLevel: number) => string;
}

export interface AnnotationPlan {
  /** What will be annotated, level by level, most severe first. */
  annotated: Array<{ level: AnnotationLevel; finding: Finding }>;
  /** Every place in annotation order (findings on one line merged): what a check run carries. */
  ordered: Finding[];
  /** Places left out. */
  omitted: number;
}

export interface AnnotationTally {
  emitted: number;
  omitted: number;
}

/**
 * Emits the findings as annotations, most severe first, up to what GitHub will show, and then
 * one notice saying how many were left out. That notice takes one of the notice slots, so when
 * anything is left out, notice-level findings get one slot fewer.
 */
export function emitAnnotations(findings: readonly Finding[], sink: AnnotationSink, options: AnnotationOptions = {}): AnnotationTally {
  const perLevel = options.perLevel ?? ANNOTATIONS_PER_LEVEL;
  const plan = planAnnotations(findings, options);
  for (const { level, finding } of plan.annotated) sink[level](finding.message, annotationProperties(finding));
  if (plan.omitted > 0) sink.notice((options.omittedMessage ?? defaultOmittedMessage)(plan.omitted, findings.length, perLevel));
  return { emitted: plan.annotated.length, omitted: plan.omitted };
}

function defaultOmittedMessage(omitted: number, total: number, perLevel: number): string {
  return (
    `Containment found ${total} findings (one annotation per line); GitHub shows at most ${perLevel} annotations per level in a step, so ` +
    `${omitted} ${omitted === 1 ? 'line is' : 'lines are'} not annotated here. The job summary and the SARIF report list every finding.`
  );
}

/**
 * One annotation per place: findings that start on the same line of the same file become one,
 * at the most severe level, listing each, most severe first. A Compose service's hardening gaps
 * (no `cap_drop`, no `read_only`, no limits, no `user`…) all sit on its name's line, so a reviewer
 * reads them as one line — "web: 6 findings" — instead of eight annotations on it. Every finding
 * keeps its own rule id and fingerprint in SARIF, JSON, suppressions and the baseline.
 */
export function mergeByPlace(findings: readonly Finding[]): Finding[] {
  const places = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.path}\0${finding.range.start.line}`;
    const list = places.get(key);
    if (list) list.push(finding);
    else places.set(key, [finding]);
  }
  return [...places.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const sorted = [...group].sort(annotationOrder);
    const first = sorted[0]!;
    const merged: Finding = {
      ...first,
      title: `${group.length} findings: ${sorted.map((f) => f.ruleId).join(', ')}`,
      message: sorted.map((f) => `${f.severity}: ${f.message}`).join('\n'),
      range: { start: first.range.start, end: { line: first.range.start.line, column: Math.max(...group.filter((f) => f.range.end.line === first.range.start.line).map((f) => f.range.end.column), first.range.start.column) } },
    };
    MERGED.add(merged);
    return merged;
  });
}

/** Findings `mergeByPlace` made: their title already names every rule. */
const MERGED = new WeakSet<Finding>();

/** Which findings fit under GitHub's per-step caps, and how many do not (one annotation per place). */
export function planAnnotations(findings: readonly Finding[], options: AnnotationOptions = {}): AnnotationPlan {
  const perLevel = options.perLevel ?? ANNOTATIONS_PER_LEVEL;
  const room = (level: AnnotationLevel) => Math.max(0, perLevel - (options.reserved?.[level] ?? 0));
  const ordered = mergeByPlace(findings).sort(annotationOrder);
  const byLevel: Record<AnnotationLevel, Finding[]> = { error: [], warning: [], notice: [] };
  for (const finding of ordered) byLevel[ANNOTATION_LEVEL[finding.severity]].push(finding);

  const overflows = (['error', 'warning', 'notice'] as const).some((level) => byLevel[level].length > room(level));
  const caps: Record<AnnotationLevel, number> = {
    error: room('error'),
    warning: room('warning'),
    notice: overflows ? Math.max(0, room('notice') - 1) : room('notice'),
  };

  const annotated: AnnotationPlan['annotated'] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    for (const finding of byLevel[level].slice(0, caps[level])) annotated.push({ level, finding });
  }
  return { annotated, ordered, omitted: ordered.length - annotated.length };
}

/** Severity first, then file, line, column and rule, so the worst findings survive the cap. */
function annotationOrder(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/**
 * GitHub ignores columns on a range spanning several lines (`startColumn` "cannot be sent when
 * startLine and endLine are different values", @actions/core), so they are only sent for one line.
 */
export function annotationProperties(finding: Finding): AnnotationProperties {
  const { start, end } = finding.range;
  const endLine = Math.max(end.line, start.line);
  const properties: AnnotationProperties = {
    title: MERGED.has(finding) ? `${finding.title} (${finding.severity})` : `${finding.title} (${finding.severity}, ${finding.ruleId})`,
    file: finding.path,
    startLine: start.line,
    endLine,
  };
  if (endLine === start.line) {
    properties.startColumn = start.column;
    properties.endColumn = Math.max(end.column, start.column);
  }
  return properties;
}
