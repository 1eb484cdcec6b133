import { messageParts } from '../core/finding.js';

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

/**
 * A finding's message as markdown for a table cell: the rule's own text renders (its code spans,
 * emphasis and links are the pack author's markdown, and packs come from the base revision), and
 * every value filled in from a scanned file is escaped for where it lands. Inside a code span of
 * the template, a value is shown as written except what could leave the span or the cell (a
 * backtick, a newline, `|`); outside one, it is escaped like any other text from a file. A message
 * without parts (a parser's problem, whose text may hold file values) is escaped whole.
 */
export function messageMarkdown(finding: { message: string; valueSpans?: readonly number[] }): string {
  const parts = messageParts(finding);
  if (!parts) return escapeMarkdown(finding.message);
  let inCode = false;
  return parts
    .map((part) => {
      if ('text' in part) {
        // An odd number of backticks in the text so far leaves a code span open.
        inCode = (part.text.match(/`/g)?.length ?? 0) % 2 === 1 ? !inCode : inCode;
        return part.text.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
      }
      if (!inCode) return escapeMarkdown(part.value);
      // A code span shows its text literally (no entities, mentions, links or math), so only what
      // ends the span or the table cell is replaced: a backtick by a typographic quote.
      return part.value.replace(/`/g, '\u2018').replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
    })
    .join('');
}
