import { applyEdits } from '../../core/apply-edits.js';
import type { Fix, FixRequest, TextEdit } from '../../core/fix.js';
import { type FixKind, RESOLVED_FIX_KINDS, type RuleFix } from '../../policy/fix-kinds.js';
import { composeAddListItem, composePortHostIp, composeSetKey } from './compose-fixes.js';
import { commandAddOption, dockerfileExecForm, dockerfileReplaceKeyword, dockerfileRunAppend, dockerfileWorkdirAbsolute } from './dockerfile-fixes.js';
import type { FixContext, FixOutcome, OffsetEdit } from './fix-context.js';
import { pinRequest } from './pin-request.js';
import { toTextEdits } from './text-edits.js';
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
  return { fix: { label: declared.label, description: outcome.description, check: declared.check, edits, lines: wholeLines(context.document.text, edits) } };
}

/** The edits as a replacement of the whole lines they touch (see `Fix.lines`). */
export function wholeLines(text: string, edits: readonly TextEdit[]): Fix['lines'] {
  const start = Math.min(...edits.map((edit) => edit.range.start.line));
  const end = Math.max(...edits.map((edit) => edit.range.end.line));
  const segment = text.split('\n').slice(start - 1, end).join('\n');
  const shifted = edits.map((edit) => ({
    text: edit.text,
    range: { start: { line: edit.range.start.line - start + 1, column: edit.range.start.column }, end: { line: edit.range.end.line - start + 1, column: edit.range.end.column } },
  }));
  return { start, end, text: applyEdits(segment, shifted).text };
}
