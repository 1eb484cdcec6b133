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

/**
 * A value from a scanned file as an inline code span, outside a table: it renders as the literal
 * text, whatever it holds. The fence is one backtick longer than the longest run of backticks in
 * the value (CommonMark closes a span only on a run of the same length), padded with a space when
 * the value starts or ends with a backtick, which CommonMark takes off again; a line break, which
 * could end the paragraph and leave the span open, becomes a space. An empty value is `""`, as no
 * empty code span exists.
 */
export function codeSpan(value: string): string {
  const text = value.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ');
  if (text === '') return '`""`';
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length)) + 1);
  // CommonMark strips one space at each end when both ends have one: a value so written keeps its spaces.
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A sentence Containment wrote around values from a scanned file (a fix's description: "Add `ALL`
 * to `cap_drop` of NAME."), as markdown: its code spans stay code spans, and everything else is
 * escaped text. Which backticks delimit a span is decided as CommonMark decides it (a run of
 * backticks closes only on a run of the same length), so a value holding backticks (a service
 * named "```@team <img …>`") only moves where a span begins or ends: every piece is either
 * escaped text or a code span that holds its text literally (`codeSpan`), and nothing from the
 * file can format, link, embed or mention.
 */
export function sentenceMarkdown(text: string): string {
  let out = '';
  let plain = '';
  let at = 0;
  while (at < text.length) {
    const open = /`+/g;
    open.lastIndex = at;
    const run = open.exec(text);
    if (!run) break;
    const closing = new RegExp(`(?<!\`)${'`'.repeat(run[0].length)}(?!\`)`, 'g');
    closing.lastIndex = run.index + run[0].length;
    const close = closing.exec(text);
    const code = close ? text.slice(run.index + run[0].length, close.index) : '';
    if (!close || code === '') {
      // No span: the backticks are text like any other.
      plain += text.slice(at, run.index + run[0].length);
      at = run.index + run[0].length;
      continue;
    }
    out += escapeMarkdown(plain + text.slice(at, run.index)) + codeSpan(code);
    plain = '';
    at = close.index + close[0].length;
  }
  return out + escapeMarkdown(plain + text.slice(at));
}
