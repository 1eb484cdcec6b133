import { createHash } from 'node:crypto';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from '../core/config-error.js';
import { type Finding, NO_RELATED, SharedMessages } from '../core/finding.js';
import { sameValues, valuePieces } from '../core/finding-values.js';
import { joinPointer, parsePointer, valueAtPointer } from '../core/json-pointer.js';
import { unsupportedPattern } from '../core/linear-regex.js';
import { SEVERITIES } from '../core/severity.js';
import { sharedRange } from '../core/shared-ranges.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectType } from '../core/subject.js';
import { compileOnce } from '../policy/ajv-factory.js';
import { substituteParams } from '../policy/params.js';
import { PROBLEM_RULES, SCAN_INCOMPLETE } from '../policy/problem-rules.js';
import type { Rule, RuleInfo } from '../policy/rule.js';
import type { ContainerSpec } from '../subjects/container.js';
import { containerWording } from '../subjects/container-wording.js';
import { type DockerfileStage, stageWording } from '../subjects/dockerfile-stage.js';
import { fingerprint } from './fingerprint.js';
import { computeFix } from './fixes/compute-fix.js';
import { locateFinding } from './locate-finding.js';
import { renderMessageParts, Wording } from './message-template.js';

/** A rule with its schemas compiled, parameters applied. */
export interface CompiledRule {
  rule: Rule;
  validate: ValidateFunction;
  when?: ValidateFunction;
  /** The rule's messages made so far in this scan, shared between the findings that repeat one. */
  messages: SharedMessages;
  /** Whether the message template writes `{{origin}}` or `{{origin.x}}` (27 of 79 built-in rules), so only those build it. */
  usesOrigin: boolean;
  /** Whether the message writes `{{link}}` (see `linkWording`). */
  usesLink: boolean;
}

/**
 * Compiles each rule once, with its parameters (defaults overlaid by `params[ruleId]`). Throws
 * `ConfigError` when a param the config sets is a pattern RE2 cannot run (linear-regex.ts): the
 * config must be fixed, and JavaScript's backtracking engine is never the fallback.
 */
export function compileRules(rules: Rule[], params: Record<string, Record<string, unknown>> = {}): CompiledRule[] {
  return rules.map((rule) => {
    const values = { ...rule.params, ...params[rule.id] };
    const compile = (schema: object) => {
      const substituted = substituteParams(schema, values) as object;
      const refused = params[rule.id] ? unsupportedPattern(substituted) : undefined;
      if (refused) {
        const name = Object.keys(params[rule.id]!).find((key) => refused.message.includes(JSON.stringify(params[rule.id]![key])));
        throw new ConfigError(`rules.${rule.id}.params${name ? `.${name}` : ''}: ${refused.message}`);
      }
      return compileOnce(substituted);
    };
    return {
      rule,
      validate: compile(rule.schema),
      ...(rule.when ? { when: compile(rule.when) } : {}),
      messages: new SharedMessages(),
      usesOrigin: /\{\{\s*origin(?![\w-])/.test(rule.message),
      usesLink: /\{\{\s*link\s*\}\}/.test(rule.message),
    };
  });
}

const PROBLEM_RULE_BY_ID = new Map(PROBLEM_RULES.map((rule) => [rule.id, rule]));

/**
 * Judges every subject of every document by the rules of its type, and turns each document's
 * problems into findings. Pure: configuration, suppressions and severity overrides are applied
 * afterwards by `select`, never here.
 */
export function evaluate(documents: SourceDocument[], rules: CompiledRule[]): Finding[] {
  const byType = new Map<SubjectType, CompiledRule[]>();
  for (const compiled of rules) {
    const list = byType.get(compiled.rule.subject);
    if (list) list.push(compiled);
    else byType.set(compiled.rule.subject, [compiled]);
  }
  const findings: Finding[] = [];
  const secondViews: SourceDocument[] = [];
  for (const document of documents) {
    if (document.secondView) secondViews.push(document);
    else judgeWhole(document, byType, findings);
  }
  if (secondViews.length > 0) {
    // A second view repeats what the first found wherever the two configurations agree; those
    // findings differ only in fingerprint (another subject's document), so orderFindings keeps them.
    const found = new Set(findings.map(placeKey));
    const placed = new Map<string, Finding[]>();
    for (const finding of findings) placed.set(ruleAtPlace(finding), [...(placed.get(ruleAtPlace(finding)) ?? []), finding]);
    // A variables view's finding is the file's own when the same rule found the same values there,
    // as compared between revisions (a version of an unpinned image is not compared); a worse value
    // at a place with a milder finding is kept (helper-46: `${CAP:-NET_ADMIN}` made SYS_ADMIN).
    const alreadyThere = (finding: Finding) =>
      (placed.get(ruleAtPlace(finding)) ?? []).some((own) => sameValues(valuePieces(finding), valuePieces(own), true));
    for (const document of secondViews) {
      const own: Finding[] = [];
      judgeWhole(document, byType, own);
      for (const finding of own) if (!(document.secondView === 'variables' ? alreadyThere(finding) : found.has(placeKey(finding)))) findings.push(finding);
    }
  }
  return orderFindings(findings);
}

/** A document's problems as findings, then its subjects judged. */
function judgeWhole(document: SourceDocument, byType: Map<SubjectType, CompiledRule[]>, findings: Finding[]): void {
  for (const problem of document.problems) findings.push(problemFinding(document, problem.ruleId, problem.message, problem.range));
  judgeDocument(document, byType, findings);
}

/** Rule and place. */
function ruleAtPlace(finding: Finding): string {
  const { start, end } = finding.range;
  return `${finding.ruleId}\0${finding.path}\0${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** Rule, place and message: what a reviewer sees of a finding. */
function placeKey(finding: Finding): string {
  return `${ruleAtPlace(finding)}\0${finding.message}`;
}

/**
 * Findings of documents judged apart (src/pipeline/judge-as-read.ts) in the one order `evaluate`
 * returns (`byPlace`), each repeat once: one finding per rule, place and message. A Compose file
 * read twice, on its own with its own `.env` and again through an `include:` that gives it other
 * variables, is judged twice, and what does not depend on the variables would be reported twice at
 * the same line; what does (a value only one set of variables makes privileged) differs in its
 * message or place and stays. Of repeats, the first in `findings` is kept, at its own place in the
 * order.
 *
 * Repeats agree on every field `byPlace` compares before `related`, their rule included: this
 * assumes one fingerprint is never made by two rules, which holds as the fingerprint hashes the
 * rule's id with the subject's file and logical place (fingerprint.ts). So they sit together once
 * sorted, and only those runs are looked into. A key of path, fingerprint, place and message for
 * every finding held 48 MB of text at once for the 136,660 findings of the corpus x 10 of
 * bench/README.md, at the end of the scan, when the heap is fullest (issue #17).
 */
export function orderFindings(findings: Finding[]): Finding[] {
  // Indices, sorted, so that among equals the first in `findings` comes first, as a stable sort
  // of the findings themselves would put them.
  const order = Array.from(findings.keys()).sort((i, j) => byPlace(findings[i]!, findings[j]!) || i - j);
  const ordered: Finding[] = [];
  for (let start = 0; start < order.length; ) {
    const first = findings[order[start]!]!;
    let end = start + 1;
    while (end < order.length && samePlaceAndMessage(first, findings[order[end]!]!)) end++;
    if (end - start === 1) ordered.push(first);
    else {
      // Of each fingerprint in the run, the finding that came first in `findings`.
      const firstOf = new Map<string, number>();
      for (let at = start; at < end; at++) {
        const index = order[at]!;
        const fingerprint = findings[index]!.fingerprint;
        if (index < (firstOf.get(fingerprint) ?? Number.POSITIVE_INFINITY)) firstOf.set(fingerprint, index);
      }
      for (let at = start; at < end; at++) {
        const index = order[at]!;
        if (firstOf.get(findings[index]!.fingerprint) === index) ordered.push(findings[index]!);
      }
    }
    start = end;
  }
  return ordered;
}

/** Equal in every field `byPlace` compares before `related`. */
function samePlaceAndMessage(a: Finding, b: Finding): boolean {
  return (
    a.path === b.path &&
    a.range.start.line === b.range.start.line &&
    a.range.start.column === b.range.start.column &&
    a.ruleId === b.ruleId &&
    a.range.end.line === b.range.end.line &&
    a.range.end.column === b.range.end.column &&
    a.message === b.message
  );
}

/**
 * Findings one file may have at the top severity before its judging stops. Reports keep at most
 * this many per file, the most severe first (select/findings-cap.ts), so once a file has this many
 * critical findings nothing judged later could be listed; a generated file with 200,000 findings
 * took 17 s to judge in full. Stopping adds one `scan-incomplete` finding, because what was not
 * judged must not pass: those critical findings may all be suppressed.
 */
export const MAX_FINDINGS_PER_FILE = 200;

/**
 * Findings of any severity one file may have before its judging stops: 50 times what reports list
 * for one file. A generated Compose file of plain services makes about 11 findings a service
 * (most of them info), so this lets one of about 900 services be judged in full; the real corpus
 * of bench/README.md has at most 120 in a file. Below the critical bound above, a hostile or
 * generated file could still make a finding per command: 1 MiB Dockerfiles of one RUN line of
 * `apt-get install` each (the most a scan reads of one file) made 70,000 findings a file, and the
 * 64 of them a scan's byte budget allows took 215 s and 3.6 GiB of RSS (GNU time), against a heap
 * limit of 4 GiB, and passed, as none of those findings was high; with this bound, 57 s and 782 MiB
 * (issue #17). Stopping adds one `scan-incomplete` finding (high), since what was not judged may be
 * worse than what was. 25 times (5,000) failed a file of 455 services (a review helper).
 */
export const MAX_JUDGED_PER_FILE = 50 * MAX_FINDINGS_PER_FILE;

function judgeDocument(document: SourceDocument, byType: Map<SubjectType, CompiledRule[]>, findings: Finding[]): void {
  const first = findings.length;
  let top = 0;
  for (const subject of document.subjects) {
    for (const compiled of byType.get(subject.type) ?? []) {
      const before = findings.length;
      judge(subject, compiled, findings);
      if (compiled.rule.severity === SEVERITIES[0]) top += findings.length - before;
      const why =
        top >= MAX_FINDINGS_PER_FILE
          ? `after ${MAX_FINDINGS_PER_FILE} ${SEVERITIES[0]} findings (the most it lists for one file)`
          : findings.length - first >= MAX_JUDGED_PER_FILE
            ? `after ${findings.length - first} findings (it lists at most ${MAX_FINDINGS_PER_FILE} for one file, the most severe first, and later ones may be more severe)`
            : undefined;
      if (why) {
        const message = `Containment stopped judging ${document.path} here, ${why}, so the rest of this file was not checked. Fix the listed findings and scan again.`;
        const stopped = problemFinding(document, SCAN_INCOMPLETE, message, locateFinding(subject, '').range);
        // Any edit to the file is a new finding on a pull request, even when the base stopped too:
        // what the edit added may lie in the part not judged.
        stopped.fingerprint = fingerprint(SCAN_INCOMPLETE, document.path, `stopped:${createHash('sha256').update(document.text).digest('hex')}`);
        findings.push(stopped);
        return;
      }
    }
  }
}

function judge(subject: Subject, { rule, validate, when, messages, usesOrigin, usesLink }: CompiledRule, findings: Finding[]): void {
  if (when && !when(subject.value)) return;
  if (validate(subject.value)) return;
  const seen = new Set<string>();
  for (const error of relevantErrors(validate.errors ?? [])) {
    const instancePath = pathOf(error);
    const missing = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
    const logical = `${instancePath}${missing === undefined ? '' : `/${missing}`}`;
    if (seen.has(logical)) continue;
    seen.add(logical);
    const place = locateFinding(subject, instancePath);
    const last = parsePointer(instancePath).pop();
    const parts = renderMessageParts(rule.message, {
      name: subject.name,
      value: instancePath === error.instancePath ? valueAtPointer(subject.value, instancePath) : last,
      property: missing,
      key: missing ?? last,
      subject: subject.value,
      // Built only for templates that write `{{origin}}` (17 ms of 13,666 findings on the
      // 1,100-file corpus). Not a getter: an object literal with a getter gets a new accessor each
      // time, which V8 kept until a full collection (its load caches, as far as we can tell), and
      // through its closure the subject and its whole document, so every Dockerfile with a finding
      // reached the old generation. Measured with `node bench/promoted.mjs` on the corpus x 10's
      // Dockerfiles: 320 MB moved there with the getter, 80 MB without (issue #17).
      origin: usesOrigin ? originWording(subject, missing ?? parsePointer(instancePath)[0]) : undefined,
      link: usesLink ? linkWording(valueAtPointer(subject.value, instancePath)) : undefined,
    });
    const { message, valueSpans } = messages.join(parts);
    const valueKeys = parts.some((part) => 'whole' in part) ? parts.flatMap((part) => ('value' in part ? [part.whole ?? part.value] : [])) : undefined;
    const fixed = rule.fix ? computeFix(rule.fix, { subject, document: place.document, pointer: place.pointer, instancePath }) : undefined;
    findings.push({
      ruleId: rule.id,
      severity: rule.severity,
      title: rule.title,
      message,
      valueSpans,
      ...(valueKeys ? { valueKeys } : {}),
      path: place.document.path,
      pointer: place.pointer,
      range: place.range,
      fingerprint: fingerprint(rule.id, subject.document.path, `${subject.type}:${subject.name}${logical}`),
      related: place.related.length === 0 ? NO_RELATED : place.related,
      ...(fixed && 'fix' in fixed ? { fix: fixed.fix } : {}),
      ...(fixed && 'request' in fixed ? { fixRequest: fixed.request } : {}),
      ...(fixed && 'note' in fixed ? { fixNote: fixed.note } : {}),
    });
  }
}

/**
 * `{{link}}`: for a bind mount whose source a committed symbolic link takes out of the repository
 * (`VolumeMount.linked_from`), where the link is and where it leads, so a reviewer who reads
 * `./run/app.sock` in the file sees why it is the Docker socket; nothing for any other value.
 */
function linkWording(value: unknown): Wording {
  const mount = value !== null && typeof value === 'object' ? (value as { linked_from?: unknown; source?: unknown }) : undefined;
  if (typeof mount?.linked_from !== 'string' || typeof mount.source !== 'string') return new Wording([]);
  return new Wording([{ text: ' through ' }, { value: mount.linked_from }, { text: ', which committed symbolic links lead to ' }, { value: mount.source }]);
}

/**
 * How the subject's file writes what a message names (container-wording.ts), for
 * `{{origin.x}}`; `key` is the top-level field the finding is about.
 */
function originWording(subject: Subject, key: string | undefined): Record<string, Wording> | undefined {
  if (subject.type === 'dockerfile.stage') {
    const words = stageWording(subject.value as DockerfileStage);
    return Object.fromEntries(Object.entries(words).map(([name, parts]) => [name, new Wording(parts)]));
  }
  if (subject.type !== 'container') return undefined;
  const words = containerWording((subject.value as ContainerSpec).origin, key);
  return Object.fromEntries(Object.entries(words).map(([name, text]) => [name, new Wording([{ text }])]));
}

/**
 * Ajv reports a failed `anyOf`/`oneOf` once for itself and again for every branch; the branches
 * only restate it, so they are dropped, as are `if` errors (the `then` errors say what is wrong).
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  // A failed `contains` is likewise reported with each item's failure against its subschema:
  // the item errors say nothing (no item had to match), the `contains` error says what is missing.
  const groups = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'contains').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => e.keyword !== 'if' && !groups.some((group) => e.schemaPath.startsWith(group)));
}

/**
 * A `propertyNames` error is reported at the object; the offending key is the better place (an
 * environment variable whose name looks secret is found on its own line).
 */
function pathOf(error: ErrorObject): string {
  const name = error.propertyName ?? (error.keyword === 'propertyNames' ? (error.params as { propertyName?: string }).propertyName : undefined);
  return name === undefined ? error.instancePath : joinPointer(error.instancePath, name);
}

function problemFinding(document: SourceDocument, ruleId: string, message: string, range: Finding['range']): Finding {
  const rule: RuleInfo | undefined = PROBLEM_RULE_BY_ID.get(ruleId);
  return {
    ruleId,
    severity: rule?.severity ?? 'high',
    title: rule?.title ?? ruleId,
    message,
    path: document.path,
    pointer: '',
    range: sharedRange(range),
    // Problems have no logical place; their message stands in, with numbers (lines) blanked.
    fingerprint: fingerprint(ruleId, document.path, message.replace(/\d+/g, '#')),
    related: NO_RELATED,
  };
}

/** Path, then line, then column, then rule: the order people read a report in. */
export function byPlace(a: Finding, b: Finding): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    // A total order, so findings judged apart (judge-as-read.ts) come out as if judged together:
    // two services that inherit one `privileged: true` are reported at the same place.
    a.range.end.line - b.range.end.line ||
    a.range.end.column - b.range.end.column ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) ||
    a.related.length - b.related.length ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}
