/**
 * Text from a scanned file (a path, a service name, a fix's note) printed where something reads it
 * as more than text. A terminal obeys control characters: an ESC starts an escape sequence, a
 * newline forges a line. The GitHub runner reads its log for workflow commands
 * (actions/runner, ActionCommand.TryParseV2 then TryParse): a line whose start, after white
 * space, is `::name…::`, and otherwise a line holding the legacy `##[name…]` anywhere, so a path
 * `~##[stop-commands]x/compose.yaml` quoted in a notice turned every later annotation into plain
 * text, and `##[warning …]` or `##[add-mask]` acted as if Containment had written them.
 *
 * The runner finds both with culture-sensitive comparisons (`IndexOf(string)`, `StartsWith`),
 * which under ICU skip characters of no weight: `#\u200b#[` is found as `##[`. So no invisible
 * character can break them, and one in the text could hide them from a plain search: control,
 * format and default-ignorable characters are shown as escapes, and the first character of a
 * `##[` or of a leading `::` is shown as `\u0023` or `\u003a`, also where only characters ICU
 * also gives no weight stand between them: combining marks (`#\u0591#[`), the Arabic tatweel
 * U+0640 and four more (U+07FA, U+180A, U+1CD3, U+FE73), which are visible or part of a script's
 * text and stay as they are. Those are all 470 code points Node's ICU collator (en-US, variant
 * sensitivity) finds equal inside `#…#[` or `:…:` beside the classes escaped (helper-42's count,
 * checked by test/report/plain-text-weightless.test.ts).
 */
const IGNORABLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;
/** Characters ICU's comparison may skip that are shown as they are (see above). */
const WEIGHTLESS = '[\\p{Mn}\\p{Me}\\p{Mc}\\u0640\\u07fa\\u180a\\u1cd3\\ufe73]*';
const LEGACY_COMMAND = new RegExp(`#(?=${WEIGHTLESS}#${WEIGHTLESS}\\[)`, 'gu');
const LEADING_COMMAND = new RegExp(`^(\\s*${WEIGHTLESS}):(?=${WEIGHTLESS}:)`, 'u');

/** `\u001b`, `\u200b`, `\u{e0001}`: the character's code point, as JavaScript writes it. */
function escaped(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A value as plain text for a terminal or a runner's log: control and format characters (and any
 * other the runner's comparisons ignore, and lone surrogates) are shown as `\uXXXX`, a tab as a
 * space; `##[` cannot open a legacy workflow command; and the value cannot start a line with `::`
 * (a value such as a path may begin the line it is printed on).
 */
export function cleanText(text: string): string {
  return shownText(text).replace(LEADING_COMMAND, '$1\\u003a');
}

/**
 * `cleanText` for text that cannot start a line of the log: the data of a workflow command that
 * @actions/core writes (`::error …::data`, its line breaks escaped as `%0A`), where a `::` is text.
 */
export function shownText(text: string): string {
  return text.replace(IGNORABLE_OR_CONTROL, (char) => (char === '\t' ? ' ' : escaped(char))).replace(LEGACY_COMMAND, '\\u0023');
}

/**
 * One line of the Action's log that may quote the repository: line breaks become one space, so
 * it stays one line, and the rest is `cleanText`. Every `core.info`, `core.warning`,
 * `core.error`, `core.notice` and `core.setFailed` of the Action goes through it (see
 * report/github/action-log.ts).
 */
export function logLine(text: string): string {
  return cleanText(text.replace(/\s*(\r\n|\r|\n|\u2028|\u2029)\s*/g, ' '));
}
