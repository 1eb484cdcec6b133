import { marked } from 'marked';

/**
 * What GitHub-flavoured markdown renders to (marked, with GFM), and what in it a reader would see
 * as more than text: HTML elements a file must never bring (an image, a link, anywhere), and
 * `@name` outside code, which GitHub turns into a mention after rendering.
 */
export function renderedHazards(markdown: string, allowedLinks: readonly RegExp[] = []): string[] {
  const html = marked.parse(markdown, { gfm: true, async: false }) as string;
  const outsideCode = html.replace(/<code>[\s\S]*?<\/code>/g, '');
  const hazards: string[] = [];
  // A tag inside <code> counts too: a code span shows `<` as &lt;, so a tag there came from raw HTML.
  for (const tag of html.match(/<(img|a|script|iframe|picture|source|video|input|form)\b[^>]*>/gi) ?? []) {
    const href = /href="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (!tag.startsWith('<a') || !allowedLinks.some((allowed) => allowed.test(href))) hazards.push(tag);
  }
  // An escaped `@` is followed by a zero-width space (&#8203;); GitHub needs a name right after it.
  for (const mention of outsideCode.match(/@[A-Za-z0-9][\w/-]*/g) ?? []) hazards.push(mention);
  return hazards;
}
