import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../src/policy/builtin-packs.js';
import { CORE_PACK } from '../src/policy/problem-rules.js';
import { formatRulesMarkdown } from '../src/report/rules-markdown.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('holds the rule table generated from the packs (run `npm run docs` after changing a rule)', () => {
    const between = readme.match(/<!-- rules-table:start -->\n([\s\S]*?)<!-- rules-table:end -->/)?.[1];
    expect(between).toBe(formatRulesMarkdown([...loadBuiltinPacks(), CORE_PACK]));
  });

  it('shows pictures that exist, made by npm run pictures from what the bundle posts', () => {
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\((docs\/images\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(pictures).toEqual(['docs/images/pr-comment.png', 'docs/images/annotations.png', 'docs/images/pr-suggestion.png']);
    for (const picture of pictures) expect(existsSync(new URL(`../${picture}`, import.meta.url))).toBe(true);
  });

  it('shows what issue 18 added: npx, the release docs, the report schema, the equivalents and the directives', () => {
    for (const text of ['npx containment scan .', '[docs/releasing.md](docs/releasing.md)', '[docs/report.schema.json](docs/report.schema.json)', '[docs/equivalents.md](docs/equivalents.md)', '`# hadolint ignore=DL3008,DL3009`', '`# check=skip=JSONArgsRecommended`', 'containment scan Dockerfile']) {
      expect(readme).toContain(text);
    }
    for (const file of ['docs/releasing.md', 'docs/report.schema.json', 'docs/equivalents.md', 'CHANGELOG.md', 'LICENSE']) expect(existsSync(new URL(`../${file}`, import.meta.url))).toBe(true);
  });

  it('shows the two commands that work on a fresh clone', () => {
    expect(readme).toContain('node dist/cli.js scan .');
    expect(readme).toContain('npm ci && npm test');
  });
});
