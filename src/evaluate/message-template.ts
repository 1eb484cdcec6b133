import type { MessagePart } from '../core/finding.js';

/**
 * Fills a rule's message. `{{name}}` is the subject's name, `{{value}}` the offending value,
 * `{{property}}` a missing property, `{{key}}` the offending key (the missing property, or the last
 * segment of the path: `pid` for `/pid`), `{{subject.x}}` a field of the subject. Values from
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
    parts.push({ value: show(value) });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
