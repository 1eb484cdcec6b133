/**
 * Fills a rule's message. `{{name}}` is the subject's name, `{{value}}` the offending value,
 * `{{property}}` a missing property, `{{key}}` the offending key (the missing property, or the last
 * segment of the path: `pid` for `/pid`), `{{subject.x}}` a field of the subject. Values from
 * files are shown short and quoted; escaping for each channel is the reporters' job.
 */
export function renderMessage(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => {
    let value: unknown = vars;
    for (const part of key.split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    return value === undefined ? whole : show(value);
  });
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
