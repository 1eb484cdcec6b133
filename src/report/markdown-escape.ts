/**
 * Makes text from a scanned file safe to put in GitHub-flavoured markdown (a job summary, a pull
 * request comment): it renders as the literal text and cannot open a table cell (`|`), a code
 * span, a link, emphasis or raw HTML, mention a user or team (`@name` notifies them), or
 * reference an issue. Newlines become `<br>` so a value stays inside its table cell.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // Every ASCII punctuation character may be backslash-escaped in CommonMark (spec 2.4);
      // these are the ones that start markdown constructs.
      .replace(/[\\`*_{}[\]()+\-.!|~]/g, '\\$&')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // GitHub finds `@name` and `#123` in the rendered text, after entities are decoded, so only
      // a zero-width space between the sign and the name stops a notification or a cross-reference.
      .replace(/[@#]/g, '$&&#8203;')
      // A colon breaks `https://` autolinks and `:emoji:` shortcodes.
      .replace(/:/g, '&#58;')
      .replace(/\r\n|\r|\n/g, '<br>')
  );
}

/**
 * Makes text from a scanned file safe inside raw HTML that GitHub does not parse as markdown (a
 * `<summary>` line): entities for `&`, `<`, `>` and quotes, and the same zero-width break after
 * `@` and `#` that stops mentions and cross-references. Newlines become spaces.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[@#]/g, '$&&#8203;')
    .replace(/:/g, '&#58;')
    .replace(/\s*(\r\n|\r|\n)\s*/g, ' ');
}
