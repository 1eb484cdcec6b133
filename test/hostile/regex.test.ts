import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { loadPacks } from '../../src/policy/load-packs.js';
import { substituteParams } from '../../src/policy/params.js';
import { schemaPatterns, unsafePatternReason } from '../../src/policy/regex-safety.js';
import { cli } from './cli-run.js';

/** Every pattern of every built-in rule (parameters at their defaults), with where it is. */
const BUILTIN_PATTERNS = loadBuiltinPacks()
  .flatMap((pack) => pack.rules)
  .flatMap((rule) =>
    (['schema', 'when'] as const).flatMap((field) =>
      rule[field] === undefined ? [] : schemaPatterns(substituteParams(rule[field], rule.params ?? {}), `/${field}`).map((found) => ({ ...found, rule: rule.id })),
    ),
  );

describe('the patterns of the built-in packs', () => {
  it('are many (the walk finds them, parameters included)', () => {
    expect(BUILTIN_PATTERNS.length).toBeGreaterThan(40);
  });

  // Ajv compiles patterns with the `u` flag.
  it.each(BUILTIN_PATTERNS.map((p) => [p.rule, p.pointer, p.pattern] as const))('%s %s is safe from catastrophic backtracking (recheck)', (_rule, _pointer, pattern) => {
    const result = checkSync(pattern, 'u');
    expect({ pattern, status: result.status }).toEqual({ pattern, status: 'safe' });
  }, 30_000);

  it('pass the structural check custom packs get on load', () => {
    expect(BUILTIN_PATTERNS.filter((p) => unsafePatternReason(p.pattern) !== undefined)).toEqual([]);
  });
});

describe('the structural check (src/policy/regex-safety.ts)', () => {
  it.each([
    ['(a+)+$', 'nested'],
    ['^(\\w+\\s?)*$', 'nested'],
    ['(.*,)*x', 'nested'],
    ['(?:x+)*y', 'nested'],
    ['(a{1,3})+$', 'nested'],
    ['((ab)*c)*$', 'nested'],
    ['(a|ab)*c', 'same text'],
    ['^(\\w|\\d)+$', 'same text'],
    ['(a|a)*$', 'same text'],
  ])('refuses %s', (pattern, why) => {
    expect(unsafePatternReason(pattern)).toContain(why);
    // recheck agrees that each is vulnerable.
    expect(checkSync(pattern, '').status).toBe('vulnerable');
  });

  it.each(['^(a|b)*$', '^[a-z0-9][a-z0-9._~-]*$', '^(?:[A-Za-z0-9]+_)*KEY$', '^(\\d+\\.)+\\d+$', '(a{2})+', '^--(yes|assume-yes)$', '[', '(?<name>x)\\k<name>'])('accepts %s', (pattern) => {
    expect(unsafePatternReason(pattern)).toBeUndefined();
  });
});

describe('a custom pack with a catastrophic pattern', () => {
  const rule = [
    'id: bad-pattern',
    'title: Bad pattern',
    'severity: low',
    'subject: container',
    'schema:',
    '  properties:',
    '    image:',
    "      not: { pattern: '^(a+)+$' }",
    'message: "{{name}} is bad"',
    'rationale: r',
    'remediation: r',
    'references: [{ url: "https://example.com" }]',
    'tests:',
    '  - file: compose.yaml',
    '    content: "services:\\n  web:\\n    image: nginx:1.27\\n"',
    '    expect: []',
    '  - file: compose.yaml',
    '    content: "services:\\n  web:\\n    image: aaaa\\n"',
    '    expect: [{ line: 3, column: 5 }]',
    '',
  ].join('\n');
  const pack = 'id: custom\ntitle: Custom\ndescription: d\nversion: 1.0.0\n';

  it('is refused on load with an error naming the file, the line and the pattern', () => {
    const { packs, errors } = loadPacks({ 'custom/pack.yaml': pack, 'custom/bad-pattern.yaml': rule }, 'my-packs');
    expect(packs[0]?.rules).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ file: 'my-packs/custom/bad-pattern.yaml', line: 8, message: expect.stringContaining('The pattern "^(a+)+$" can take exponential time') }),
    ]);
  });

  it('stops the CLI with that one clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'containment-regex-'));
    try {
      await writeFile(join(dir, 'pack.yaml'), pack);
      await writeFile(join(dir, 'bad-pattern.yaml'), rule);
      await writeFile(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
      const run = await cli(['scan', dir, '--pack', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/bad-pattern\.yaml:8:\d+: The pattern "\^\(a\+\)\+\$" can take exponential time/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
