import { CONTROL_TITLES, FRAMEWORKS, type Framework } from '../../core/frameworks.js';
import type { Pack } from '../../policy/rule.js';
import { controlOf } from './reference-link.js';

export { FRAMEWORKS, type Framework };


/** Which rules check each control of a framework: the compliance view of the packs. */
export function controlsOf(packs: readonly Pack[], framework: Framework): Array<{ control: string; rules: string[] }> {
  const controls = new Map<string, string[]>();
  for (const rule of packs.flatMap((pack) => pack.rules)) {
    for (const reference of rule.references) {
      if (reference.framework !== framework) continue;
      const control = controlOf(reference)!;
      controls.set(control, [...(controls.get(control) ?? []), rule.id]);
    }
  }
  return [...controls.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([control, rules]) => ({ control, rules: [...new Set(rules)].sort() }));
}

/**
 * `containment rules --framework X`: each control with its title (when CONTROL_TITLES has it),
 * then, indented under it, the rules that check it.
 */
export function formatFrameworkView(packs: readonly Pack[], framework: Framework): string {
  const rows = controlsOf(packs, framework);
  const width = Math.max(...rows.map((row) => row.control.length), 7);
  const lines = rows.map((row) => `${row.control.padEnd(width)}  ${CONTROL_TITLES[row.control] ?? ''}`.trimEnd() + `\n${' '.repeat(width + 2)}${row.rules.join(', ')}`);
  return `${FRAMEWORKS[framework]}: ${rows.length} controls checked\n\n${'CONTROL'.padEnd(width)}  TITLE, then the rules that check it\n${lines.join('\n')}\n`;
}
