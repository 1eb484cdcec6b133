import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Shared by the policy tests: rule and pack files as a pack author writes them. */

/** A valid `pack.yaml` with the id `mine`. */
export const PACK = 'id: mine\ntitle: Mine\ndescription: My rules\nversion: 1.0.0\n';

/**
 * A rule file: `id`, `title`, `severity`, `subject`, then `lines` (the rule's `schema`, `when`,
 * `params` as YAML, starting on line 5), then message, references and two examples on a Compose
 * file (a failing one at 1:12 and a passing one, unless `tests` replaces them).
 */
export function ruleFile(options: { id?: string; subject?: string; lines: string[]; references?: string[]; tests?: string[] }): string {
  return [
    `id: ${options.id ?? 'my-rule'}`,
    'title: My rule',
    'severity: high',
    `subject: ${options.subject ?? 'container'}`,
    ...options.lines,
    'message: "{{name}} breaks my rule"',
    'rationale: Because.',
    'remediation: Do the other thing.',
    'references:',
    ...(options.references ?? ['  - url: https://example.com/policy']),
    'tests:',
    ...(options.tests ?? [
      '  - { file: compose.yaml, content: "services: {a: {image: x}}", expect: [{ line: 1, column: 12 }] }',
      '  - { file: compose.yaml, content: "services: {a: {image: x, user: app}}", expect: [] }',
    ]),
    '',
  ].join('\n');
}

const made: string[] = [];

/** Writes files (paths relative to a new temporary folder) and returns the folder. */
export function tempDir(files: Record<string, string>, prefix = 'containment-pack-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Removes every folder `tempDir` made; call it in `afterEach`. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
