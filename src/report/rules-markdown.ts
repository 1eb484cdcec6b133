import type { ListedPack, Reference } from '../policy/rule.js';
import { controlOf } from './docs/reference-link.js';

/**
 * The rule table in markdown, one section per pack: the README's table is this output, so the
 * documentation is generated from the packs and cannot drift from them. Pack text is written by
 * pack authors as markdown, so it is kept as markdown; only table cells are guarded.
 */
export function formatRulesMarkdown(packs: readonly ListedPack[]): string {
  const sections = packs.map((pack) => {
    const rows = [...pack.rules]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${rule.subject ? `\`${rule.subject}\`` : 'the file'} | ${cell(rule.title)} | ${rule.references.map(showReference).filter(Boolean).join(', ')} |`);
    return [
      `### \`${pack.id}\` — ${pack.title}`,
      '',
      pack.description.trim(),
      '',
      '| rule | severity | judges | title | references |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}

function showReference(reference: Reference): string {
  return controlOf(reference) ?? '';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
