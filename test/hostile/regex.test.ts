import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import specSchema from '../../schemas/compose-spec.schema.json' with { type: 'json' };
import { compileLinear, linearPatternError, schemaPatterns } from '../../src/core/linear-regex.js';
import { composeSchemaErrors } from '../../src/documents/compose-schema.js';
import { scan } from '../../src/pipeline/scan.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { loadPacks } from '../../src/policy/load-packs.js';
import { substituteParams } from '../../src/policy/params.js';
import { cli } from './cli-run.js';

/** Every pattern of every built-in rule (parameters at their defaults), with where it is. */
const BUILTIN_PATTERNS = loadBuiltinPacks()
  .flatMap((pack) => pack.rules)
  .flatMap((rule) =>
    (['schema', 'when'] as const).flatMap((field) =>
      rule[field] === undefined ? [] : schemaPatterns(substituteParams(rule[field], rule.params ?? {}), `/${field}`).map((found) => ({ ...found, rule: rule.id })),
    ),
  );

describe('the patterns of the built-in packs and the Compose Specification', () => {
  it('are many (the walk finds them, parameters included)', () => {
    expect(BUILTIN_PATTERNS.length).toBeGreaterThan(40);
    expect(schemaPatterns(specSchema).length).toBeGreaterThan(40);
  });

  it('all compile under RE2', () => {
    const refused = [...BUILTIN_PATTERNS, ...schemaPatterns(specSchema)].filter((p) => linearPatternError(p.pattern) !== undefined);
    expect(refused).toEqual([]);
  });

  it('still judge the Compose Specification on RE2: a bad service name and pull_policy are refused, good ones pass', () => {
    const file = { services: { 'web app': { image: 'x' }, api: { image: 'x', pull_policy: 'sometimes' }, ok: { image: 'x', pull_policy: 'every_12h' } } };
    expect(composeSchemaErrors(file, []).map((e) => e.pointer)).toEqual(['/services/web app', '/services/api/pull_policy']);
  });
});

// The secret-name params (shared by the three rules that judge variables) against a plain-code
// reading of the same rule: split the name at `_`; a word that is a secret token, or that ends
// with one of the tokens that cannot end another word, makes it secret; a PUBLIC word or a last
// word naming a file, path, version, place, account or setting makes it not. Names are built
// from ALL-CAPS and lower-case tokens, the spellings both accept.
const WORD_TOKENS = ['AUTH', 'CREDENTIAL', 'CREDENTIALS', 'KEY', 'PASS', 'PWD', 'PWORD', 'SALT'];
const END_TOKENS = ['APIKEY', 'PASSWORD', 'PASSWD', 'SECRET', 'TOKEN'];
const NOT_LAST = ['FILE', 'PATH', 'DIR', 'VERSION', 'URL', 'URI', 'HOST', 'PORT', 'SOCK', 'USER', 'USERNAME', 'NAME', 'ID', 'ENABLED', 'TYPE', 'METHOD', 'PROVIDER', 'MODE', 'LENGTH', 'TTL', 'EXPIRY'];
const PARTS = ['PASSWORD', 'password', 'KEY', 'key', 'MYAPIKEY', 'TOKEN', 'secret', 'PWD', 'SALT', 'PUBLIC', 'public', 'FILE', 'file', 'VERSION', 'ID', 'DB', 'MONKEY', 'x', '', 'a1', 'AUTH', 'TOKENS'];

function referenceSecret(name: string): boolean {
  const words = name.split('_');
  const form = (word: string) => (word === word.toUpperCase() ? word : word === word.toLowerCase() ? word.toUpperCase() : undefined);
  const upper = words.map(form);
  const secret = upper.some((word) => word !== undefined && (WORD_TOKENS.includes(word) || END_TOKENS.some((token) => word.endsWith(token))));
  const last = upper[upper.length - 1];
  const exempt = upper.includes('PUBLIC') || (words.length > 1 && last !== undefined && NOT_LAST.includes(last));
  return secret && !exempt;
}

describe('the secret-name params, run by RE2', () => {
  const rule = loadBuiltinPacks()
    .flatMap((pack) => pack.rules)
    .find((r) => r.id === 'dockerfile-secret-in-arg-or-env')!;
  const names = compileLinear(String(rule.params['secretNames']));
  const exempt = compileLinear(String(rule.params['notSecretNames']));
  const name = fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('_'));

  it('agree with a plain reading of the rule on generated names', () => {
    fc.assert(
      fc.property(name, (n) => (names.test(n) && !exempt.test(n)) === referenceSecret(n)),
      { numRuns: 20_000 },
    );
    for (const [n, secret] of [['DB_PASSWORD', true], ['PUBLIC_KEY', false], ['API_KEY_ID', false], ['POSTGRES_PASSWORD_FILE', false], ['KEY', true], ['MYAPIKEY', true], ['MONKEY', false]] as const) {
      expect({ n, secret: names.test(n) && !exempt.test(n) }).toEqual({ n, secret });
    }
  });
});

const PACK = 'id: custom\ntitle: Custom\ndescription: d\nversion: 1.0.0\n';

/** A custom rule whose `image` must not match `pattern`; `matching` is an image that does. */
function ruleWith(pattern: string, matching = 'x'): string {
  return [
    'id: image-pattern',
    'title: Image pattern',
    'severity: high',
    'subject: container',
    'schema:',
    '  properties:',
    '    image:',
    `      not: { pattern: ${JSON.stringify(pattern)} }`,
    'message: "{{name}} uses an image that matches the pattern"',
    'rationale: r',
    'remediation: r',
    'references: [{ url: "https://example.com" }]',
    'tests:',
    '  - file: compose.yaml',
    '    content: "services:\\n  web:\\n    image: nginx:1.27\\n"',
    '    expect: []',
    '  - file: compose.yaml',
    `    content: ${JSON.stringify(`services:\n  web:\n    image: "${matching}"\n`)}`,
    '    expect: [{ line: 3, column: 5 }]',
    '',
  ].join('\n');
}

describe('a custom pattern RE2 cannot run', () => {
  it.each([
    ['a backreference', '^(a+)\\1$', 'invalid escape sequence'],
    ['a named backreference', '^(?<x>a)\\k<x>$', 'backreference'],
    ['a lookahead', '^(?!nginx)', 'unsupported Perl syntax'],
    ['a negative lookahead after text', 'x(?=y)', 'unsupported Perl syntax'],
    ['an inverted range', 'x[z-a]', 'invalid character class range'],
  ])('%s is a load error naming the file, the line of the pattern and RE2', (_what, pattern, reason) => {
    const { packs, errors } = loadPacks({ 'custom/pack.yaml': PACK, 'custom/image-pattern.yaml': ruleWith(pattern) }, 'my-packs');
    expect(packs[0]?.rules).toEqual([]);
    expect(errors).toEqual([
      {
        file: 'my-packs/custom/image-pattern.yaml',
        line: 8,
        column: expect.any(Number),
        message: expect.stringMatching(new RegExp(`^The pattern .* is not RE2 syntax \\(.*${reason}`)),
      },
    ]);
  });

  it('accepts lookbehind, which re2js runs in linear time', () => {
    const { errors } = loadPacks({ 'custom/pack.yaml': PACK, 'custom/image-pattern.yaml': ruleWith('(?<!_FILE)$', 'x') }, 'my-packs');
    expect(errors).toEqual([]);
  });
});

describe('hostile values against a custom pattern', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'containment-regex-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  // With JavaScript's engine each pattern takes minutes or longer on its hostile value; on RE2,
  // milliseconds. The timeout is generous so that only backtracking could exceed it.
  it.each([
    ['^.*a.*a.*a.*a.*b$', 'a'.repeat(3000), `${'a'.repeat(3000)}b`],
    ['^(a+)+$', `${'a'.repeat(3000)}!`, 'a'.repeat(3000)],
    ['^(a|aa)*c$', 'a'.repeat(3000), `${'a'.repeat(3000)}c`],
    ['^(\\w+\\s?)*$', `${'word '.repeat(600)}!`, 'word '.repeat(600).trim()],
  ])('%s judges a 3,000-character value from the pull request at once', async (pattern, hostileValue, matching) => {
    const dir = await mkdtemp(join(work, 'case-'));
    await mkdir(join(dir, 'pack'));
    await writeFile(join(dir, 'pack', 'pack.yaml'), PACK);
    await writeFile(join(dir, 'pack', 'image-pattern.yaml'), ruleWith(pattern, matching));
    await writeFile(join(dir, 'compose.yaml'), `services:\n  hostile:\n    image: "${hostileValue}"\n  matching:\n    image: "${matching}"\n`);
    const result = await scan({ root: dir, packs: [join(dir, 'pack')] });
    expect(result.findings.filter((f) => f.ruleId === 'image-pattern').map((f) => f.range.start.line)).toEqual([5]);
  }, 20_000);
});

describe('the bundle with a custom pattern', () => {
  it('judges a 3,000-character value against ^.*a.*a.*a.*a.*b$ and exits at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'containment-regex-cli-'));
    try {
      await mkdir(join(dir, 'pack'));
      await writeFile(join(dir, 'pack', 'pack.yaml'), PACK);
      await writeFile(join(dir, 'pack', 'image-pattern.yaml'), ruleWith('^.*a.*a.*a.*a.*b$', 'aab'));
      await writeFile(join(dir, 'compose.yaml'), `services:\n  hostile:\n    image: "${'a'.repeat(3000)}"\n  matching:\n    image: "${'a'.repeat(3000)}b"\n`);
      const run = await cli(['scan', dir, '--pack', join(dir, 'pack'), '--format', 'json', '--fail-on', 'none']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; range: { start: { line: number } } }> };
      expect(report.findings.filter((f) => f.ruleId === 'image-pattern').map((f) => f.range.start.line)).toEqual([5]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a config param RE2 cannot run', () => {
  it('stops the CLI with a config error naming the rule and the param, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'containment-regex-param-'));
    try {
      await mkdir(join(dir, '.github'));
      await writeFile(join(dir, '.github', 'containment.yml'), "rules:\n  container-sensitive-host-mount:\n    params:\n      dockerSocketPaths: '^(?!/run)/var/run/docker\\.sock$'\n");
      await writeFile(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
      const run = await cli(['scan', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/container-sensitive-host-mount\.params\.dockerSocketPaths: this value makes container-sensitive-host-mount unusable: The pattern .* is not RE2 syntax/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
