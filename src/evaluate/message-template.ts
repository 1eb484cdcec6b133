import { createHash } from 'node:crypto';
import type { MessagePart } from '../core/finding.js';

/**
 * Words a message is filled in with from Containment's own vocabulary (how a container's origin
 * writes a setting: `--privileged` in `options:`, or `privileged: true`), not from a file: they
 * are template text, shown as markdown like the rest of the template.
 */
export class Wording {
  /** Template text, with any name from a file (a stage's `AS` name) kept as a value part. */
  constructor(readonly parts: MessagePart[]) {}
}

/**
 * Fills a rule's message. `{{name}}` is the subject's name, `{{value}}` the offending value,
 * `{{property}}` a missing property, `{{key}}` the offending key (the missing property, or the last
 * segment of the path: `pid` for `/pid`), `{{subject.x}}` a field of the subject, `{{origin.x}}` a `Wording`. Values from
 * files are shown short and quoted; escaping for each channel is the reporters' job.
 */
export function renderMessage(template: string, vars: Record<string, unknown>): string {
  return renderMessageParts(template, vars)
    .map((part) => ('text' in part ? part.text : part.value))
    .join('');
}

/** The same message as `renderMessage`, in template text and filled-in values. */
export function renderMessageParts(template: string, vars: Record<string, unknown>): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
    let value: unknown = vars;
    for (const part of (match[1] ?? '').split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined) continue;
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    if (value instanceof Wording) parts.push(...value.parts.map((part) => ('value' in part ? { value: show(part.value) } : part)));
    else parts.push({ value: show(value) });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return mergeText(parts);
}

/** Adjacent template text (around a `Wording`) as one part. */
function mergeText(parts: MessagePart[]): MessagePart[] {
  const merged: MessagePart[] = [];
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    if (previous && 'text' in previous && 'text' in part) merged[merged.length - 1] = { text: previous.text + part.text };
    else merged.push(part);
  }
  return merged;
}

/**
 * A value as a message quotes it: whole up to 120 characters; a longer one cut, with the length
 * and a digest of the whole, so that two values alike in their first hundred characters still read
 * differently. A pull request's findings are new when what they quote changed
 * (src/select/compare.ts): a job appended past the cut of a long list of the jobs a write
 * permission reaches passed as existing (helper-41).
 */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  if (text.length <= 120) return text;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${text.slice(0, 90)}... (${text.length} characters, digest ${digest})`;
}
