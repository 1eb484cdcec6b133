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
    if (value instanceof Wording) parts.push(...value.parts.map((part) => ('value' in part ? shown(part.value) : part)));
    else parts.push(shown(value));
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
 * A value as a message quotes it: whole up to 120 characters, else cut, with the whole kept beside
 * it (`whole`) for comparing findings (`Finding.valueKeys`): a job appended past the cut of a long
 * list of the jobs a write permission reaches passed as existing (helper-41).
 */
function shown(value: unknown): { value: string; whole?: string } {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? { value: `${text.slice(0, 117)}...`, whole: text } : { value: text };
}
