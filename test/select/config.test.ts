import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Finding } from '../../src/core/finding.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { checkConfigParams, parseConfig } from '../../src/select/config.js';
import { pathFilter } from '../../src/select/path-filter.js';
import { checkConfigNames, selectFindings } from '../../src/select/select.js';

const f = (ruleId: string, path: string): Finding => ({
  ruleId,
  severity: 'high',
  title: 't',
  message: 'm',
  path,
  pointer: '',
  range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
  fingerprint: `${ruleId}${path}`,
  related: [],
});

describe('config', () => {
  it('normalizes rule settings, severities and excludes', () => {
    const config = parseConfig(
      'fail-on: medium\nexclude: [test/fixtures/]\nrules:\n  image-latest-tag: off\n  container-host-network: low\n  container-privileged: { exclude: ["ci/**"] }\n',
      'c.yml',
    );
    expect(config).toMatchObject({ failOn: 'medium', exclude: ['test/fixtures/'], rules: { 'image-latest-tag': { enabled: false }, 'container-host-network': { enabled: true, severity: 'low' } } });
    const kept = selectFindings(
      [f('image-latest-tag', 'a.yml'), f('container-host-network', 'a.yml'), f('container-privileged', 'ci/x/compose.yaml'), f('container-privileged', 'compose.yaml'), f('x', 'test/fixtures/compose.yaml')],
      config,
    );
    expect(kept.map((x) => [x.ruleId, x.path, x.severity])).toEqual([
      ['container-host-network', 'a.yml', 'low'],
      ['container-privileged', 'compose.yaml', 'high'],
    ]);
  });

  it.each([
    ['rules:\n  container-privileged: maybe\n', /c\.yml:2:3: rules\.container-privileged: must be "off", a severity/],
    ['fail-on: urgent\n', /c\.yml:1:1: fail-on: must be equal to one of the allowed values/],
    ['rulez: {}\n', /unknown key "rulez"/],
    ['rules: [\n', /c\.yml:2:1: .*not valid YAML/],
    ['suppressions:\n  in-pull-request: up-to-moderate\n', /c\.yml:2:3: suppressions\.in-pull-request: must be one of none, up-to-info, up-to-low, up-to-medium, up-to-high, all\./],
    ['suppressions:\n  in-pr: none\n', /c\.yml:1:1: suppressions: unknown key "in-pr" \(suppressions takes in-pull-request\)/],
    ['suppressions: up-to-low\n', /c\.yml:1:1: suppressions: must be a map such as `\{ in-pull-request: up-to-medium \}`/],
  ])('names the file, line and key of a malformed config (%j)', (text, message) => {
    expect(() => parseConfig(text, 'c.yml')).toThrow(ConfigError);
    expect(() => parseConfig(text, 'c.yml')).toThrow(message);
  });

  it('reads the limit on suppressions a pull request adds, and where it was set', () => {
    expect(parseConfig('suppressions:\n  in-pull-request: up-to-low\n', 'c.yml').suppressions).toEqual({ inPullRequest: 'up-to-low', source: 'c.yml' });
    expect(parseConfig('fail-on: high\n', 'c.yml').suppressions).toBeUndefined();
  });

  it('rejects a rule or pack id that does not exist, at its line', () => {
    const packs = loadBuiltinPacks();
    expect(() => checkConfigNames(parseConfig('rules:\n  container-privilegd: off\n', 'c.yml'), packs)).toThrow('c.yml:2:3: rules.container-privilegd: there is no rule with this id');
    expect(() => checkConfigNames(parseConfig('packs:\n  nope: false\n', 'c.yml'), packs)).toThrow(/c\.yml:2:3: packs\.nope: there is no pack/);
    expect(() => checkConfigNames(parseConfig('rules:\n  parse-error: low\n', 'c.yml'), packs)).not.toThrow();
  });
});

describe('pathFilter', () => {
  it('uses .gitignore semantics: folders, globs, negation', () => {
    const excluded = pathFilter(['test/fixtures/', '**/*.example.yml', '!keep.example.yml']);
    expect(excluded('test/fixtures/a/compose.yaml')).toBe(true);
    expect(excluded('src/test/fixtures/compose.yaml')).toBe(false);
    expect(excluded('deploy/prod.example.yml')).toBe(true);
    expect(excluded('keep.example.yml')).toBe(false);
    expect(excluded('compose.yaml')).toBe(false);
  });
});

describe('excludes and suppressions together', () => {
  it('reads no suppression comment in an excluded path, so none is reported as unused', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { scan } = await import('../../src/pipeline/scan.js');
    const root = mkdtempSync(join(tmpdir(), 'containment-exclude-'));
    mkdirSync(join(root, 'fixtures'));
    mkdirSync(join(root, '.github'));
    writeFileSync(join(root, '.github/containment.yml'), 'exclude: [fixtures/]\n');
    writeFileSync(join(root, 'fixtures/compose.yaml'), 'services:\n  a:\n    image: nginx:1\n    # containment: ignore[container-privileged] a test fixture\n    privileged: true\n');
    const result = await scan({ root });
    rmSync(root, { recursive: true, force: true });
    expect(result.findings.map((f) => f.ruleId)).toEqual([]);
    expect(result.suppressed).toEqual([]);
  });
});

describe('config params, checked against the schemas rules declare', () => {
  const packs = loadBuiltinPacks();
  const check = (text: string) => () => checkConfigParams(parseConfig(text, '.github/containment.yml'), packs);

  // Issue 13: a misspelt param was silently ignored, and a wrong type ended in "unexpected error".
  it.each([
    [
      'rules:\n  container-sensitive-host-mount:\n    params:\n      sensitivePath: "^/srv"\n',
      '.github/containment.yml:4:7: rules.container-sensitive-host-mount.params.sensitivePath: container-sensitive-host-mount has no param "sensitivePath"; did you mean "sensitivePaths"? (it takes "sensitivePaths", "readOnlyAllowed", "dockerSocketPaths").',
    ],
    [
      'rules:\n  action-not-pinned:\n    severity: low\n    params: { exemptOwners: actions }\n',
      /^\.github\/containment\.yml:4:15: rules\.action-not-pinned\.params\.exemptOwners: "exemptOwners" must be array, got a string \("actions"\)\. Expected: Owners/,
    ],
    [
      'rules:\n  image-untrusted-registry:\n    params:\n      trustedRegistries:\n        - docker.io\n        - 5000\n',
      /^\.github\/containment\.yml:6:11: rules\.image-untrusted-registry\.params\.trustedRegistries\.1: "trustedRegistries\.1" must be string, got a number \(5000\)/,
    ],
    ['rules:\n  container-runs-as-root:\n    params: { rootUser: "^(root" }\n', /^\.github\/containment\.yml:3:15: rules\.container-runs-as-root\.params\.rootUser: this value makes container-runs-as-root unusable: The pattern .* is not RE2 syntax/],
  ])('%j is a ConfigError at the file, line and key', (text, message) => {
    expect(check(text)).toThrow(ConfigError);
    expect(check(text)).toThrow(message);
  });

  it('says that params is a map when it is not', () => {
    expect(() => parseConfig('rules:\n  container-privileged:\n    params: [a]\n', 'c.yml')).toThrow(
      "c.yml:3:5: rules.container-privileged.params: must be a map of param names to values ('containment explain RULE-ID' lists a rule's params).",
    );
  });

  it('lists every bad param at once', () => {
    const text = 'rules:\n  container-privileged:\n    params: { x: 1 }\n  action-not-pinned:\n    params: { exemptOwner: [a] }\n';
    expect(check(text)).toThrow(/:3:15: rules\.container-privileged\.params\.x: container-privileged has no param "x" \(it takes no params\)\.\n.*:5:15: rules\.action-not-pinned\.params\.exemptOwner: .*did you mean "exemptOwners"\?/);
  });

  it('accepts params the rules declare', () => {
    expect(check('rules:\n  action-not-pinned:\n    params: { exemptOwners: [actions] }\n  container-dangerous-capability:\n    params:\n      dangerousCapabilities: [ALL]\n')).not.toThrow();
  });

  it('is checked by a scan before any rule is compiled', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { scan } = await import('../../src/pipeline/scan.js');
    const root = mkdtempSync(join(tmpdir(), 'containment-params-'));
    try {
      mkdirSync(join(root, '.github'));
      writeFileSync(join(root, '.github/containment.yml'), 'rules:\n  action-not-pinned:\n    params:\n      exemptOwners: actions\n');
      await expect(scan({ root })).rejects.toBeInstanceOf(ConfigError);
      await expect(scan({ root })).rejects.toThrow(/^\.github\/containment\.yml:4:7: rules\.action-not-pinned\.params\.exemptOwners: /);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
