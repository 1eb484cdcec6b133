import { createRequire } from 'node:module';
import { describeCounts, plural } from '../core/counts.js';
import type { Finding } from '../core/finding.js';
import type { Fix } from '../core/fix.js';
import { frameworkOf } from '../core/frameworks.js';
import { type Severity, severityRank } from '../core/severity.js';
import type { Range } from '../core/source-document.js';
import type { Reference, RuleInfo } from '../policy/rule.js';
import type { Notice, ScanResult } from '../select/scan-result.js';
import type { SuppressedFinding } from '../select/suppress.js';
import { MappedList, prettyJsonChunks } from './json-chunks.js';
import { ruleHelpUri, TOOL } from './tool.js';
import { truncateText, wellFormed } from './truncate-text.js';

export interface SarifOptions {
  /**
   * `runAutomationDetails.id`. GitHub code scanning takes the part before the last `/` as the
   * analysis category, and a new upload replaces the previous one of the same category, so two
   * scans of different folders in one workflow need different ids.
   */
  automationId?: string;
  /** Results in the run at most; `SARIF_LIMITS.resultsPerRun` by default (tests lower it). */
  maxResults?: number;
  /** Compressed bytes of results at most; `SARIF_RESULTS_GZIP_BUDGET` by default (tests lower it). */
  maxGzipBytes?: number;
  /**
   * Told, in one line, what was left out to keep within GitHub's limits. By default the line goes
   * to standard error, so the command line says it too; the Action logs it as a warning.
   */
  onCut?: (line: string) => void;
}

/**
 * GitHub code scanning's limits on one run
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning,
 * "Validating your SARIF file"): an upload with more results in a run, more locations in a result
 * or more tags on a rule is refused whole.
 */
export const SARIF_LIMITS = { resultsPerRun: 25_000, locationsPerResult: 1_000, tagsPerRule: 20 } as const;

/**
 * Code scanning refuses a SARIF file over 10 MB gzip-compressed (same page, "Validating your SARIF
 * file"). Results are kept, most important first, while their compressed size stays under this,
 * leaving room for the rules, the notifications (at most 1,000) and the indentation the results
 * are written with (the budget counts them compact): a pull request's service names of 10,000
 * characters made 70 MB of SARIF, 16.7 MB compressed, and the upload was refused whole (helper-42).
 */
export const SARIF_RESULTS_GZIP_BUDGET = 8 * 1024 * 1024;

/** Notifications a log carries at most (each a notice of the scan); the rest are counted in one more. */
const MAX_NOTIFICATIONS = 1_000;

/** A result's message and each related location's quote the files; longer ones are cut (code scanning shows a line or two). */
const MESSAGE_MAX_CHARS = 2_000;
const RELATED_MESSAGE_MAX_CHARS = 500;

/** URIs are relative to this base, which `originalUriBaseIds` maps to the scanned folder. */
const SRCROOT = '%SRCROOT%';

/**
 * GitHub ranks code-scanning alerts by `security-severity` (critical ≥ 9.0, high 7.0–8.9,
 * medium 4.0–6.9, low < 4.0): https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * SARIF 2.1.0 with one run: every rule that ran (so code scanning can show help for alerts it
 * has not seen yet), each result located by its exact region and identified by its fingerprint,
 * and the scan's notices as tool execution notifications.
 */
export function formatSarif(result: ScanResult, options: SarifOptions = {}): string {
  return [...sarifChunks(result, options)].join('');
}

/**
 * The same bytes as `formatSarif`, in pieces of about one result each: the log of a large
 * repository is hundreds of megabytes, and each result is built only as it is written.
 */
export function* sarifChunks(result: ScanResult, options: SarifOptions = {}): Generator<string> {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const toResult = (finding: Finding | SuppressedFinding): object =>
    'suppression' in finding
      ? // Suppressed findings stay in the log, marked, so code scanning shows them as dismissed
        // with the reason instead of forgetting them (SARIF 2.1.0 §3.27.23).
        {
          ...sarifResult(finding, ruleIndex.get(finding.ruleId)),
          suppressions: [{ kind: finding.suppression.kind === 'baseline' ? 'external' : 'inSource', justification: wellFormed(finding.suppression.justification) }],
        }
      : withState(sarifResult(finding, ruleIndex.get(finding.ruleId)), finding);
  const within = withinLimits([...result.findings, ...(result.suppressed ?? [])], options.maxResults ?? SARIF_LIMITS.resultsPerRun, options.maxGzipBytes ?? SARIF_RESULTS_GZIP_BUDGET, toResult);
  if (within.notice) (options.onCut ?? ((line: string) => process.stderr.write(`containment: ${line}\n`)))(within.notice);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            informationUri: TOOL.informationUri,
            rules: result.rules.map(sarifRule),
          },
        },
        automationDetails: { id: options.automationId ?? 'containment/' },
        // No runner path: where the checkout lives (`/home/runner/work/…`) is the runner's business,
        // and GitHub resolves `%SRCROOT%`-relative URIs against the repository root itself
        // (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning).
        // SARIF 2.1.0 §3.14.14 allows a base with no `uri` (the consumer knows it); a description says what it is.
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the scanned repository (the scanned folder, for the command line).' } } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...result.notices.slice(0, MAX_NOTIFICATIONS).map(notification),
              ...(result.notices.length > MAX_NOTIFICATIONS
                ? [{ level: 'warning', message: { text: `${result.notices.length - MAX_NOTIFICATIONS} more notices are left out of this SARIF log; the JSON report lists every one.` } }]
                : []),
              ...(within.notice ? [{ level: 'warning', message: { text: within.notice } }] : []),
            ],
          },
        ],
        results: new MappedList<Finding | SuppressedFinding, object>(within.kept, toResult),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  yield* prettyJsonChunks(log);
}

/**
 * The results that fit in one run, in their order, and a sentence saying what was left out. Kept
 * first: findings that count (the suppressed ones are only a record), on a pull request the new
 * ones, then the most severe (error level before warning and note). Related locations past
 * GitHub's limit are dropped when each result is written (`sarifResult`); the sentence counts them.
 */
function withinLimits(
  all: Array<Finding | SuppressedFinding>,
  max: number,
  maxGzipBytes: number,
  toResult: (finding: Finding | SuppressedFinding) => object,
): { kept: Array<Finding | SuppressedFinding>; notice?: string } {
  let kept = all;
  let cutPart = '';
  const rank = (finding: Finding | SuppressedFinding) => ('suppression' in finding ? 2 : 0) + (finding.novelty === 'new' ? 0 : 1);
  const ranked = () => {
    const order = all.map((finding, index) => ({ finding, index }));
    order.sort((a, b) => rank(a.finding) - rank(b.finding) || severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index);
    return order.map((entry) => entry.finding);
  };
  const count = Math.min(max, all.length, fitsCompressed(all, maxGzipBytes, toResult, ranked));
  const bytesCut = count < Math.min(max, all.length);
  if (all.length > count) {
    const keep = new Set(ranked().slice(0, count));
    kept = all.filter((finding) => keep.has(finding));
    const left = all.filter((finding) => !keep.has(finding));
    const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const finding of left) counts[finding.severity]++;
    const suppressed = left.filter((finding) => 'suppression' in finding).length;
    cutPart =
      `${plural(left.length, 'result')} (${describeCounts(counts)}${suppressed ? `; ${suppressed} of them suppressed` : ''}) ${left.length === 1 ? 'is' : 'are'} left out of this SARIF log: ` +
      (bytesCut
        ? `GitHub code scanning refuses a SARIF file of more than 10 MB compressed, and these findings quote long values from the files. `
        : `GitHub code scanning refuses a run of more than ${max.toLocaleString('en-US')} results. `) +
      'Unsuppressed, new and the most severe findings are kept first; the JSON report lists every finding.';
  }
  const crowded = kept.filter((finding) => finding.related.length > SARIF_LIMITS.locationsPerResult - 1).length;
  const crowdedPart = crowded
    ? `${plural(crowded, 'result')} ${crowded === 1 ? 'has' : 'have'} more related locations than GitHub code scanning takes (${SARIF_LIMITS.locationsPerResult.toLocaleString('en-US')} locations per result): only the first ${SARIF_LIMITS.locationsPerResult - 1} are listed.`
    : '';
  const notice = [cutPart, crowdedPart].filter(Boolean).join(' ');
  return notice ? { kept, notice } : { kept };
}

/**
 * How many results, taken in the order `ranked` gives, fit in `maxGzipBytes` once compressed.
 * Measured only when the results could need it: their text is first counted at four bytes a
 * character, which no compression makes larger. Past that, they are compressed in batches (each
 * on its own, which compresses no better than the whole file), each result's share of a batch
 * by its length.
 */
function fitsCompressed(
  all: ReadonlyArray<Finding | SuppressedFinding>,
  maxGzipBytes: number,
  toResult: (finding: Finding | SuppressedFinding) => object,
  ranked: () => Array<Finding | SuppressedFinding>,
): number {
  let bound = 0;
  for (const finding of all) {
    bound += 1_000 + 4 * (Math.min(finding.message.length, MESSAGE_MAX_CHARS) + 2 * finding.path.length + (finding.fix ? JSON.stringify(finding.fix).length : 0));
    for (const related of finding.related.slice(0, SARIF_LIMITS.locationsPerResult - 1)) bound += 200 + 4 * (Math.min(related.message.length, RELATED_MESSAGE_MAX_CHARS) + related.path.length);
    if (bound > maxGzipBytes) break;
  }
  if (bound <= maxGzipBytes) return all.length;
  const order = ranked();
  let used = 0;
  for (let start = 0; start < order.length; start += 256) {
    const texts = order.slice(start, start + 256).map((finding) => JSON.stringify(toResult(finding)));
    // Loaded here, not at start: zlib's binding costs every run's start, and few logs need it.
    const { gzipSync } = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
    const compressed = gzipSync(texts.join(',')).length;
    const length = texts.reduce((sum, text) => sum + text.length + 1, 0);
    for (const [offset, text] of texts.entries()) {
      used += (compressed * (text.length + 1)) / length;
      if (used > maxGzipBytes) return start + offset;
    }
  }
  return order.length;
}

/** On a pull request, whether the base already had the finding (SARIF `baselineState`). */
function withState<T extends object>(result: T, finding: Finding): T {
  return finding.novelty ? { ...result, baselineState: finding.novelty === 'new' ? 'new' : 'unchanged' } : result;
}

function sarifRule(rule: RuleInfo) {
  const helpUri = ruleHelpUri(rule.id);
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: rule.remediation, markdown: helpMarkdown(rule, helpUri) },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: ['security', ...rule.references.flatMap(referenceTag)].slice(0, SARIF_LIMITS.tagsPerRule),
    },
  };
}

function helpMarkdown(rule: RuleInfo, helpUri: string): string {
  const references = rule.references.map((reference) => `- ${describeReference(reference)}`);
  return [rule.remediation, '', ...(references.length > 0 ? ['**References**', '', ...references, ''] : []), `[Rule reference](${helpUri})`].join('\n');
}

/** Framework references as code-scanning tags: `CIS-5.5`, `OWASP-Docker-Rule-3`. */
export function referenceTag(reference: Reference): string[] {
  if (!reference.id) return [];
  return [frameworkOf(reference.framework)?.tag(reference.id) ?? `${reference.framework}:${reference.id}`];
}

function describeReference(reference: Reference): string {
  if (reference.framework === 'url' && reference.url) return `<${reference.url}>`;
  const name = frameworkOf(reference.framework)?.title ?? reference.framework;
  const id = reference.id ? ` ${reference.id}` : '';
  return reference.url ? `[${name}${id}](${reference.url})` : `${name}${id}`;
}

/**
 * A finding as a SARIF result. Text from a file passes `wellFormed`: a lone surrogate (a YAML
 * "\ud83d" escape) would be written as that escape, which is not Unicode text, and code scanning
 * or another reader may refuse it; U+FFFD takes its place.
 */
function sarifResult(finding: Finding, ruleIndex: number | undefined) {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: truncateText(finding.message, MESSAGE_MAX_CHARS) },
    locations: [{ physicalLocation: physicalLocation(finding.path, finding.range) }],
    partialFingerprints: { 'containment/v1': finding.fingerprint },
    ...(finding.related.length === 0
      ? {}
      : {
          // With the result's own location, at most GitHub's locations per result.
          relatedLocations: finding.related.slice(0, SARIF_LIMITS.locationsPerResult - 1).map((related, index) => ({
            id: index,
            physicalLocation: physicalLocation(related.path, related.range),
            message: { text: truncateText(related.message, RELATED_MESSAGE_MAX_CHARS) },
          })),
        }),
    ...(finding.fix ? { fixes: [sarifFix(finding.path, finding.fix)] } : {}),
    properties: { severity: finding.severity },
  };
}

/**
 * A fix as SARIF 2.1.0 §3.55: one artifact change of the finding's file, each edit a replacement
 * of a region (an empty region is an insertion point, §3.57.3). Code scanning does not show
 * fixes; other SARIF viewers (VS Code's SARIF viewer) offer to apply them.
 */
function sarifFix(path: string, fix: Fix) {
  const label = fix.label === 'changes-behaviour' ? ' Changes behaviour: ' : ' Safe: ';
  return {
    description: { text: wellFormed(`${fix.description}${label}${fix.check}`) },
    artifactChanges: [
      {
        artifactLocation: { uri: pathUri(path), uriBaseId: SRCROOT },
        replacements: fix.edits.map((edit) => ({
          deletedRegion: { startLine: edit.range.start.line, startColumn: edit.range.start.column, endLine: edit.range.end.line, endColumn: edit.range.end.column },
          insertedContent: { text: edit.text },
        })),
      },
    ],
  };
}

function physicalLocation(path: string, range: Range) {
  return {
    artifactLocation: { uri: pathUri(path), uriBaseId: SRCROOT },
    region: {
      startLine: range.start.line,
      startColumn: range.start.column,
      endLine: Math.max(range.end.line, range.start.line),
      // SARIF's endColumn is exclusive, as is Range's end.
      endColumn: range.end.column,
    },
  };
}

function notification(notice: Notice) {
  return {
    level: notice.level === 'warning' ? 'warning' : 'note',
    // Cut like a related location's: 1,000 notices of 4 KB paths must not crowd out the results (helper-46).
    message: { text: truncateText(notice.message, RELATED_MESSAGE_MAX_CHARS) },
    ...(notice.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: pathUri(notice.path), uriBaseId: SRCROOT } } }] } : {}),
  };
}

/**
 * A repository path as a relative URI reference: each segment percent-encoded, `/` kept. A lone
 * surrogate, which encodeURIComponent throws on, is U+FFFD first.
 */
function pathUri(path: string): string {
  return wellFormed(path).split('/').map(encodeURIComponent).join('/');
}
