import { isMap, isScalar } from 'yaml';
import type { FixContext, FixOutcome } from './fix-context.js';
import { noFix } from './fix-context.js';
import { addMapEntry, addMapEntryBefore, blockLines, nodeAt, pairOf, renderScalar, replaceScalar, yamlTree } from './yaml-edit.js';

/** `workflow-add-top-level-key`: `permissions: {contents: read}` above `jobs:`. */
export function workflowAddTopLevelKey(context: FixContext): FixOutcome {
  const key = String(context.params['key']);
  const value = context.params['value'] as Record<string, unknown>;
  const before = context.params['before'] as string | undefined;
  const tree = yamlTree(context.document);
  const root = tree?.contents;
  if (!isMap(root) || root.flow) return noFix('This workflow is not a block map at its top, so no edit is proposed.');
  if (pairOf(root, key)) return noFix(`This workflow already has \`${key}:\`.`);
  const edit = addMapEntryBefore(context.document.text, root, before, key, (indent) => blockLines(value, indent));
  return edit ? { edits: [edit], description: `Add \`${key}:\` at the top of the workflow.` } : noFix('This workflow could not be edited in place.');
}

/** `workflow-step-with`: `with: {persist-credentials: false}` on a step. */
export function workflowStepWith(context: FixContext): FixOutcome {
  const key = String(context.params['key']);
  const value = renderScalar(context.params['value']);
  const tree = yamlTree(context.document);
  const step = tree && nodeAt(tree, context.subject.pointer);
  if (context.document !== context.subject.document || !isMap(step)) return noFix('This step is not written as a plain map here, so no edit is proposed.');
  const description = `Set \`with.${key}: ${String(context.params['value'])}\` on this step.`;
  const withPair = pairOf(step, 'with');
  if (!withPair) {
    const edit = addMapEntry(context.document.text, step, 'with', `{ ${key}: ${value} }`, (indent) => `\n${indent}  ${key}: ${value}`);
    return edit ? { edits: [edit], description } : noFix('This step could not be edited in place.');
  }
  if (!isMap(withPair.value)) return noFix('This step\'s `with:` is not a map, so no edit is proposed.');
  const current = pairOf(withPair.value, key);
  const edit = current ? (isScalar(current.value) ? replaceScalar(current.value, value) : undefined) : addMapEntry(context.document.text, withPair.value, key, value);
  return edit ? { edits: [edit], description } : noFix('This step could not be edited in place.');
}
