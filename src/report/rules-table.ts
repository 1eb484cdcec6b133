import type { ListedPack } from '../policy/rule.js';

const HEADERS = ['ID', 'SEVERITY', 'SUBJECT', 'TITLE', 'PACK'] as const;

/** The `containment rules` listing: one row per rule, columns padded to line up. */
export function formatRulesTable(packs: readonly ListedPack[]): string {
  const rows = packs
    .flatMap((pack) => pack.rules.map((rule) => [rule.id, rule.severity, rule.subject ?? '(file)', rule.title, pack.id]))
    .sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
  const table = [[...HEADERS], ...rows];
  const widths = HEADERS.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const lines = table.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const count = rows.length;
  return `${lines.join('\n')}\n\n${count} rule${count === 1 ? '' : 's'} in ${packs.length} pack${packs.length === 1 ? '' : 's'}\n`;
}
