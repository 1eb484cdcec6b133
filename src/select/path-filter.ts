import { parseGitignore } from '../discover/gitignore.js';

/**
 * Path excludes in `.gitignore` syntax (teams already know it): `test/fixtures/`, `**\/testdata/**`,
 * `!keep.yml`. Later patterns win, as in `.gitignore`. A pattern that matches a folder excludes
 * every file under it.
 */
export function pathFilter(patterns: readonly string[]): (path: string) => boolean {
  const rules = parseGitignore(patterns.join('\n'));
  if (rules.length === 0) return () => false;
  return (path) => {
    const parts = path.split('/');
    let excluded = false;
    // Folders first, outermost to innermost, then the file itself.
    for (let depth = 1; depth <= parts.length; depth++) {
      const prefix = parts.slice(0, depth).join('/');
      const isFolder = depth < parts.length;
      for (const rule of rules) {
        if (rule.directoryOnly && !isFolder) continue;
        if (rule.regex.test(prefix)) excluded = !rule.negate;
      }
    }
    return excluded;
  };
}
