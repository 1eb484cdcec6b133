/**
 * GitHub renders `$…$` and `$$…$$` as math (MathJax), so `${A}-${B}` from a Compose file would
 * show as a formula. A backslash does not stop it outside a formula; GitHub's documented way to
 * show a literal dollar sign there is to wrap it in a span
 * (https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/writing-mathematical-expressions).
 */
const DOLLAR = '<span>$</span>';

/**
 * Makes text from a scanned file safe to put in GitHub-flavoured markdown (a job summary, a pull
 * request comment): it renders as the literal text and cannot open a table cell (`|`), a code
 * span, a link, emphasis or raw HTML, mention a user or team (`@name` notifies them), or
 * reference an issue, or open a math formula (`$`). Newlines become `<br>` so a value stays inside its table cell.
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
      .replace(/\$/g, () => DOLLAR)
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
    .replace(/\$/g, () => DOLLAR)
    .replace(/\s*(\r\n|\r|\n)\s*/g, ' ');
}
