import { memoryTree } from '../../src/discover/memory-tree.js';
import { scan } from '../../src/pipeline/scan.js';
import type { ScanResult } from '../../src/select/scan-result.js';

/** A finding as a test compares it: rule, file, start line and column. */
export interface Seen {
  rule: string;
  path: string;
  line: number;
  column: number;
}

/** Scans files held in memory with the built-in packs and the default config. */
export async function scanFiles(files: Record<string, string>): Promise<ScanResult> {
  return scan({ root: '/nonexistent-containment-test-root', tree: memoryTree(files) });
}

/** The findings of `rules` (all when omitted), as `Seen`, in report order. */
export async function seen(files: Record<string, string>, rules?: string[]): Promise<Seen[]> {
  const result = await scanFiles(files);
  return result.findings
    .filter((f) => !rules || rules.includes(f.ruleId))
    .map((f) => ({ rule: f.ruleId, path: f.path, line: f.range.start.line, column: f.range.start.column }));
}

export const lines = (...text: string[]): string => `${text.join('\n')}\n`;
