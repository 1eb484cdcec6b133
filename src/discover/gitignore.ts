/**
 * The common `.gitignore` semantics (https://git-scm.com/docs/gitignore#_pattern_format):
 * comments, `\` escapes, trailing-space trimming, `!` negation, a trailing `/` for directories
 * only, anchoring by a leading or inner `/`, `*`, `?`, `[...]` and `**`. Not covered: the
 * global excludes file and `.git/info/exclude`, which live outside the repository's tree.
 */

/** One parsed pattern of a `.gitignore` file. */
export interface IgnoreRule {
  negate: boolean;
  directoryOnly: boolean;
  /** Tested against the path relative to the `.gitignore` file's folder. */
  regex: RegExp;
}

/** The rules of one `.gitignore`, with the folder (repository-relative, '' for the root) it sits in. */
export interface IgnoreFile {
  base: string;
  rules: IgnoreRule[];
}

/** Parses the text of a `.gitignore` file; lines that are not patterns are dropped. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const rule = parseLine(raw);
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseLine(raw: string): IgnoreRule | undefined {
  // Trailing spaces are ignored unless escaped with a backslash.
  let line = raw.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    directoryOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  // A separator at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = translate(line);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { negate, directoryOnly, regex };
}

/** Turns a glob into a regular-expression body, segment by segment, so `**` can span folders. */
function translate(pattern: string): string {
  const segments = pattern.split('/');
  let out = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // Leading `**/` and inner `/**/` match zero or more folders; trailing `/**` everything inside.
      out += last ? (index === 0 ? '.*' : '.+') : '(?:[^/]+/)*';
      return;
    }
    out += translateSegment(segment) + (last ? '' : '/');
  });
  return out;
}

function translateSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment.charAt(i);
    if (char === '\\' && i + 1 < segment.length) {
      out += escapeRegex(segment.charAt(++i));
    } else if (char === '*') {
      out += '[^/]*';
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let set = segment.slice(i + 1, close);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      out += `[${set.replace(/\\/g, '\\\\').replace(/\//g, '')}]`;
      i = close;
    } else {
      out += escapeRegex(char);
    }
  }
  return out;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/**
 * True when `path` (repository-relative) is ignored by the stack of `.gitignore` files that apply
 * to it, outermost first. The last matching pattern decides, and a deeper file beats a shallower
 * one, as in git. A path inside an ignored folder is never reached: the walker does not descend.
 */
export function isIgnored(stack: readonly IgnoreFile[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const file of stack) {
    const relative = file.base === '' ? path : path.slice(file.base.length + 1);
    for (const rule of file.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(relative)) ignored = !rule.negate;
    }
  }
  return ignored;
}
