import { applyEdits } from '../../core/apply-edits.js';
import { ownString } from '../../core/finding.js';
import type { Fix, FixRequest, TextEdit } from '../../core/fix.js';
import type { SourceDocument } from '../../core/source-document.js';
import { LineIndex } from '../../core/text-lines.js';
import { type FixKind, RESOLVED_FIX_KINDS, type RuleFix } from '../../policy/fix-kinds.js';
import { composeAddListItem, composePortHostIp, composeSetKey } from './compose-fixes.js';
import { commandAddOption, dockerfileExecForm, dockerfileReplaceKeyword, dockerfileRunAppend, dockerfileWorkdirAbsolute } from './dockerfile-fixes.js';
import type { FixContext, FixOutcome } from './fix-context.js';
import { pinRequest } from './pin-request.js';
import { lineIndexOf, toTextEdits } from './text-edits.js';
import { workflowAddTopLevelKey, workflowStepWith } from './workflow-fixes.js';

/** The code of each kind that needs no network; resolved kinds are computed by `pipeline/resolve-pins.ts`. */
const KINDS: Partial<Record<FixKind, (context: FixContext) => FixOutcome>> = {
  'compose-add-list-item': composeAddListItem,
  'compose-set-key': composeSetKey,
  'compose-port-host-ip': composePortHostIp,
  'dockerfile-exec-form': dockerfileExecForm,
  'command-add-option': commandAddOption,
  'dockerfile-run-append': dockerfileRunAppend,
  'dockerfile-replace-keyword': dockerfileReplaceKeyword,
  'dockerfile-workdir-absolute': dockerfileWorkdirAbsolute,
  'workflow-add-top-level-key': workflowAddTopLevelKey,
  'workflow-step-with': workflowStepWith,
};

/**
 * The rule's fix for one finding: its edits as ranges of the finding's file, or a note saying why
 * there is none here; for kinds that need a registry's answer, the request to make (asked only on request).
 */
export function computeFix(declared: RuleFix, context: Omit<FixContext, 'params'>): { fix: Fix } | { request: FixRequest } | { note: string } | undefined {
  const computed = fixOrRequest(declared, context);
  return computed && owned(computed);
}

function fixOrRequest(declared: RuleFix, context: Omit<FixContext, 'params'>): { fix: Fix } | { request: FixRequest } | { note: string } | undefined {
  if (RESOLVED_FIX_KINDS.has(declared.kind)) return pinRequest(declared, context);
  const kind = KINDS[declared.kind];
  if (!kind) return undefined;
  let outcome: FixOutcome;
  try {
    outcome = kind({ ...context, params: declared.params });
  } catch (error) {
    // A fix is help, never a reason for a scan to fail: an edit that cannot be made is a note.
    outcome = { note: `No edit could be computed here (${(error as Error).message}).` };
  }
  if ('note' in outcome) return { note: outcome.note };
  // Inserted lines end as the file's own lines do (a Windows checkout's CRLF).
  const crlf = context.document.text.includes('\r\n');
  const offsets = crlf ? outcome.edits.map((edit) => ({ ...edit, text: edit.text.replace(/\r?\n/g, '\r\n') })) : outcome.edits;
  const edits = toTextEdits(context.document, offsets);
  const lines = suggestedLines(context.document, edits);
  return { fix: { label: declared.label, description: outcome.description, check: declared.check, edits, ...(lines ? { lines } : {}) } };
}

/**
 * How many characters of whole-line text (`Fix.lines`) the fixes of one file may keep in all: twice
 * the file's length, and 64 Ki more. Each fix keeps its own copy of the lines it changes, so on a
 * file of one long line every fix copied the whole line: a 58 KB one-line Dockerfile had 2,001
 * fixes holding 116 MB, and a 357 KB one ran a scan out of memory (found by a review helper, issue
 * #17). Files written by hand stay far below it, as a fix changes a line or two; a generated file
 * of one line (a flow-style Compose file of hundreds of services) reaches it, and its later fixes
 * are not suggested.
 */
export function suggestionAllowance(document: SourceDocument): number {
  return 2 * document.text.length + 64 * 1024;
}

/**
 * The longest whole-line text a fix keeps for its suggestion, in characters. GitHub refuses a
 * comment body over 65,536 characters, and a suggestion's comment also names the finding and what
 * to check; a suggestion that long could not be reviewed anyway.
 */
export const MAX_SUGGESTION_CHARS = 32 * 1024;

/** Characters of whole-line text each document's fixes keep so far. */
const suggested = new WeakMap<SourceDocument, number>();

/**
 * `wholeLines` for a fix, or undefined when they are longer than `MAX_SUGGESTION_CHARS` or the
 * document's allowance would be passed.
 */
function suggestedLines(document: SourceDocument, edits: readonly TextEdit[]): Fix['lines'] {
  const index = lineIndexOf(document);
  const { from, next } = touchedLines(document.text, edits, index);
  // The text the lines will take, known before it is made: the lines, less what is replaced, plus what is written.
  let length = next - from;
  for (const edit of edits) length += edit.text.length - (index.offset(edit.range.end.line, edit.range.end.column) - index.offset(edit.range.start.line, edit.range.start.column));
  const used = suggested.get(document) ?? 0;
  if (length > MAX_SUGGESTION_CHARS || used + length > suggestionAllowance(document)) return undefined;
  suggested.set(document, used + length);
  return wholeLines(document.text, edits, index);
}

/**
 * The edits as a replacement of the whole lines they touch (see `Fix.lines`). Only those lines are
 * sliced out (through `lines`, the text's line starts), so a file with thousands of fixable
 * findings is not split once per finding.
 */
export function wholeLines(text: string, edits: readonly TextEdit[], lines: LineIndex = new LineIndex(text)): NonNullable<Fix['lines']> {
  const { start, end, from, next } = touchedLines(text, edits, lines);
  const segment = text.slice(from, next);
  const shifted = edits.map((edit) => ({
    text: edit.text,
    range: { start: { line: edit.range.start.line - start + 1, column: edit.range.start.column }, end: { line: edit.range.end.line - start + 1, column: edit.range.end.column } },
  }));
  return { start, end, text: applyEdits(segment, shifted).text };
}

/** The first and last line the edits touch (1-based), and where those lines start and end in `text`, without the final line break. */
function touchedLines(text: string, edits: readonly TextEdit[], lines: LineIndex): { start: number; end: number; from: number; next: number } {
  const start = Math.min(...edits.map((edit) => edit.range.start.line));
  const end = Math.max(...edits.map((edit) => edit.range.end.line));
  return { start, end, from: lines.offset(start, 1), next: end < lines.lineStarts.length ? lines.lineStarts[end]! - 1 : text.length };
}

/**
 * The fix with every string cut from the document copied (`ownString`): a finding outlives its
 * document, and a quoted image name would otherwise keep the whole file's text alive.
 */
function owned(computed: { fix: Fix } | { request: FixRequest } | { note: string }): { fix: Fix } | { request: FixRequest } | { note: string } {
  if ('note' in computed) return { note: ownString(computed.note) };
  if ('request' in computed) {
    const { request } = computed;
    const own = <T extends Record<string, string>>(fields: T): T => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, ownString(v)])) as T;
    return {
      request: {
        ...request,
        written: ownString(request.written),
        ...(request.image ? { image: own(request.image) } : {}),
        ...(request.action ? { action: own(request.action) } : {}),
      },
    };
  }
  const { fix } = computed;
  return {
    fix: {
      ...fix,
      description: ownString(fix.description),
      edits: fix.edits.map((edit) => ({ ...edit, text: ownString(edit.text) })),
      ...(fix.lines ? { lines: { ...fix.lines, text: ownString(fix.lines.text) } } : {}),
    },
  };
}
