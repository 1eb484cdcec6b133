/**
 * Text cut to at most `max` UTF-16 code units, `ellipsis` included, without splitting a
 * surrogate pair: half an emoji is a lone surrogate, which a JSON body carries as `\ud83d` and
 * GitHub's API or a SARIF reader may refuse or show as garbage. Any lone surrogate the text
 * already held (a YAML "\ud83d" escape) becomes U+FFFD as well (`toWellFormed`).
 */
export function truncateText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return wellFormed(text);
  let end = Math.max(0, max - ellipsis.length);
  // Never end on the first half of a pair.
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return wellFormed(text.slice(0, end)) + ellipsis;
}

/** Lone surrogates replaced by U+FFFD, the rest unchanged: what may go into JSON for GitHub or SARIF. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
