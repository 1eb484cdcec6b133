import { describe, expect, it } from 'vitest';
import { actionSettings, cliSettings, UsageError, useColor } from '../src/settings/settings.js';

const cwd = '/work/repo';

describe('cliSettings', () => {
  it('reads a scan with every option', () => {
    expect(cliSettings(['scan', 'svc', '--format', 'sarif', '--config', 'c.yml', '--fail-on', 'medium', '--output', 'out.sarif'], cwd)).toEqual({
      command: 'scan',
      root: '/work/repo/svc',
      format: 'sarif',
      config: '/work/repo/c.yml',
      failOn: 'medium',
      output: '/work/repo/out.sarif',
      packs: [],
    });
    expect(cliSettings(['scan', '--pack', 'p1', '--pack', '/abs/p2'], cwd)).toMatchObject({ packs: ['/work/repo/p1', '/abs/p2'] });
  });

  it('defaults to the current folder, text, and leaves fail-on to the config', () => {
    expect(cliSettings(['scan'], cwd)).toEqual({ command: 'scan', root: cwd, format: 'text', packs: [] });
    expect(cliSettings(['scan', '--format=json', '-o', '/tmp/r.json'], cwd)).toMatchObject({ format: 'json', output: '/tmp/r.json' });
    expect(cliSettings(['scan', '--fail-on', 'none'], cwd)).toMatchObject({ failOn: 'none' });
  });

  it('reads rules, help and version', () => {
    expect(cliSettings(['rules'], cwd)).toEqual({ command: 'rules', format: 'text', packs: [] });
    expect(cliSettings(['rules', '--format', 'markdown'], cwd)).toEqual({ command: 'rules', format: 'markdown', packs: [] });
    expect(cliSettings(['rules', '--framework', 'cis-docker'], cwd)).toMatchObject({ command: 'rules', framework: 'cis-docker' });
    expect(cliSettings(['rules', '--framework', 'nist'], cwd)).toBeInstanceOf(UsageError);
    expect(cliSettings(['explain', 'container-privileged'], cwd)).toEqual({ command: 'explain', ruleId: 'container-privileged', packs: [] });
    expect(cliSettings(['docs', '--out', 'site'], cwd)).toEqual({ command: 'docs', out: '/work/repo/site', packs: [] });
    expect(cliSettings(['test-pack', 'policies/acme'], cwd)).toEqual({ command: 'test-pack', dir: '/work/repo/policies/acme', shown: 'policies/acme' });
    expect(cliSettings(['rules', '--format', 'sarif'], cwd)).toBeInstanceOf(UsageError);
    expect(cliSettings(['subjects'], cwd)).toEqual({ command: 'subjects', format: 'markdown' });
    expect(cliSettings(['subjects', '--format', 'json'], cwd)).toEqual({ command: 'subjects', format: 'json' });
    expect(cliSettings(['--help'], cwd)).toEqual({ command: 'help' });
    expect(cliSettings(['help'], cwd)).toEqual({ command: 'help' });
    expect(cliSettings(['help', 'rules'], cwd)).toEqual({ command: 'help', topic: 'rules' });
    expect(cliSettings(['scan', '-h'], cwd)).toEqual({ command: 'help', topic: 'scan' });
    expect(cliSettings(['rules', '--help', '--fail-on', 'x'], cwd)).toBeInstanceOf(UsageError);
    expect(cliSettings([], cwd)).toEqual({ command: 'help' });
    expect(cliSettings(['--version'], cwd)).toEqual({ command: 'version' });
    expect(cliSettings(['-V'], cwd)).toEqual({ command: 'version' });
    expect(cliSettings(['-v'], cwd)).toEqual({ command: 'version' });
    expect(cliSettings(['rules', '--version'], cwd)).toEqual({ command: 'version' });
  });

  it.each([
    [['scan', '--fail-on', 'severe'], "--fail-on must be one of critical, high, medium, low, info, none; got 'severe'."],
    [['scan', '--format', 'xml'], "--format must be one of text, json, sarif; got 'xml'."],
    [['rules', '--format', 'sarif'], "--format must be one of text, markdown, equivalents; got 'sarif'."],
    [['lint'], "unknown command 'lint'. Commands: scan, baseline, inventory, rules, explain, docs, test-pack, subjects, fix or help (see 'containment --help')."],
    [['scna'], "unknown command 'scna'; did you mean 'scan'? Commands: scan, baseline, inventory, rules, explain, docs, test-pack, subjects, fix or help (see 'containment --help')."],
    [['scan', '--formt', 'json'], "'scan' does not accept --formt; did you mean --format? See 'containment scan --help'."],
    [['rules', '--framwork', 'cis-docker'], "'rules' does not accept --framwork; did you mean --framework? See 'containment rules --help'."],
    [['scan', '--verison'], "'scan' does not accept --verison; did you mean --version? See 'containment scan --help'."],
    [['docs'], "'docs' needs --out DIR, the folder to write one page per rule into (it is created); see 'containment docs --help'."],
    [['subjects', 'x'], "'subjects' takes no arguments, got 'x'."],
    [['subjects', '--format', 'text'], "--format must be one of markdown, json; got 'text'."],
    [['explain'], "'explain' takes one rule id, e.g. 'containment explain container-privileged'."],
    [['test-pack'], "'test-pack' takes one pack folder, e.g. 'containment test-pack policies/my-pack'."],
    [['scan', 'a', 'b'], "'scan' takes one folder, got 2: 'a' 'b'."],
    [['rules', 'x'], "'rules' takes no arguments, got 'x'."],
    [['help', 'lint'], "'help' takes one command name (scan, baseline, inventory, rules, explain, docs, test-pack, subjects, fix, help); got 'lint'."],
    [['scan', '--fail-on-scope', 'all'], '--fail-on-scope applies only with --changed (or --base); add --changed, or leave --fail-on-scope out.'],
  ])('%j is a usage error that says what to write', (argv, message) => {
    const settings = cliSettings(argv, cwd);
    expect(settings).toBeInstanceOf(UsageError);
    expect((settings as UsageError).message).toBe(message);
  });

  // Issue 13: every command used to parse every flag, so `rules --fail-on bogus` exited 0.
  it.each([
    [['rules', '--fail-on', 'bogus'], 'rules', '--fail-on', 'scan'],
    [['rules', '--output', 'x.md'], 'rules', '--output', 'scan, baseline'],
    [['explain', 'container-privileged', '--format', 'json'], 'explain', '--format', 'scan, inventory, rules, subjects'],
    [['subjects', '--pack', 'p'], 'subjects', '--pack', 'scan, baseline, inventory, rules, explain, docs, fix'],
    [['inventory', '--changed'], 'inventory', '--changed', 'scan'],
    [['baseline', '--fail-on', 'none'], 'baseline', '--fail-on', 'scan'],
    [['test-pack', 'p', '--pack', 'q'], 'test-pack', '--pack', 'scan, baseline, inventory, rules, explain, docs, fix'],
    [['docs', '-o', 'site'], 'docs', '-o', 'scan, baseline'],
  ])('%j: a flag of another command is a usage error naming what the command accepts', (argv, command, flag, owners) => {
    const settings = cliSettings(argv, cwd);
    expect(settings).toBeInstanceOf(UsageError);
    const { message } = settings as UsageError;
    expect(message).toContain(`'${command}' does not accept ${flag}.`);
    expect(message).toContain(`belongs to ${owners}.`);
    expect(message).toMatch(new RegExp(`'${command}' accepts (--[a-z-]+, )*--help;`));
    expect(message.split("'").length % 2, 'balanced quotes').toBe(1);
    expect(message.split('"').length % 2, 'balanced double quotes').toBe(1);
  });

  it('lists exactly the flags a command accepts', () => {
    expect(String(cliSettings(['rules', '--fail-on', 'bogus'], cwd))).toContain("'rules' accepts --format, --framework, --pack, --help;");
    expect(String(cliSettings(['test-pack', 'p', '--colour'], cwd))).toContain("'test-pack' accepts --help;");
    expect(String(cliSettings(['scan', '--colour'], cwd))).toMatch(/^UsageError: 'scan' does not accept --colour\. 'scan' accepts --format, --config, --fail-on, --min-severity, --output, --baseline, --changed, --base, --fail-on-scope, --all, --pack, --help; see 'containment scan --help'\.$/);
  });

  it('reports missing values, values on boolean flags, and values that look like flags', () => {
    expect(String(cliSettings(['scan', '--format'], cwd))).toBe("UsageError: --format needs a value (one of text, json, sarif); to pass one that starts with '-', write --format=VALUE.");
    expect(String(cliSettings(['scan', '--output', '--changed'], cwd))).toMatch(/^UsageError: --output needs a value \(FILE\)/);
    expect(String(cliSettings(['scan', '--changed=yes'], cwd))).toBe('UsageError: --changed takes no value; write --changed alone.');
    expect(cliSettings(['scan', '--output=-dash.json'], cwd)).toMatchObject({ output: '/work/repo/-dash.json' });
    expect(cliSettings(['scan', '--changed', '--fail-on-scope', 'all', '--base', 'main'], cwd)).toMatchObject({ changed: { base: 'main' }, failOnScope: 'all' });
  });
});

describe('useColor', () => {
  it('colours a TTY unless NO_COLOR is set to something', () => {
    expect(useColor(true, {})).toBe(true);
    expect(useColor(true, { NO_COLOR: '' })).toBe(true);
    expect(useColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(false, {})).toBe(false);
    expect(useColor(undefined, {})).toBe(false);
  });
});

describe('actionSettings', () => {
  const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';
  const env = { GITHUB_WORKSPACE: '/ws' };

  it('reads the inputs as action.yml defaults them', () => {
    expect(
      actionSettings(inputs({ token: 't', path: '.', config: '', 'fail-on': 'high', comment: 'true', annotations: 'true', 'sarif-file': '' }), env),
    ).toEqual({
      packs: [],
      token: 't',
      workspace: '/ws',
      root: '/ws',
      failOn: 'high',
      comment: true,
      commentDetails: false,
      commentKey: '.',
      suggestions: true,
      suggestionsMax: 20,
      annotations: 'auto',
      filterMode: 'added',
      trustPrConfig: false,
      jsonFile: '/ws/containment.json',
      outputRoots: ['/ws'],
      github: { apiUrl: 'https://api.github.com', serverUrl: 'https://github.com' },
    });
  });

  it('reads the pull-request inputs, and names a bad value', () => {
    expect(actionSettings(inputs({ 'filter-mode': 'file', 'fail-on-scope': 'all', 'trust-pr-config': 'true', baseline: 'b.json' }), env)).toMatchObject({
      filterMode: 'file',
      failOnScope: 'all',
      trustPrConfig: true,
      baseline: '/ws/b.json',
    });
    expect(() => actionSettings(inputs({ 'filter-mode': 'diff' }), env)).toThrow("Input 'filter-mode' must be one of added, file, all; got 'diff'.");
    expect(() => actionSettings(inputs({ 'fail-on-scope': 'some' }), env)).toThrow("Input 'fail-on-scope' must be one of new, all; got 'some'.");
  });

  it('reads the annotation mode, the comment key and the run from the runner', () => {
    const runner = { ...env, RUNNER_TEMP: '/tmp/r', GITHUB_WORKFLOW: 'CI checks', GITHUB_JOB: 'scan', GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: 'https://ghe.example/api/v3/' };
    expect(actionSettings(inputs({ annotations: 'check-run', path: 'svc' }), runner)).toMatchObject({
      annotations: 'check-run',
      commentKey: 'ci-checks/scan/svc',
      jsonFile: '/tmp/r/containment-ci-checks-scan-svc.json',
      github: { apiUrl: 'https://ghe.example/api/v3', repository: 'o/r' },
    });
    expect(actionSettings(inputs({ annotations: 'false', 'comment-key': 'API --> x', 'json-file': 'r.json' }), env)).toMatchObject({
      annotations: 'off',
      commentKey: 'api-x',
      jsonFile: '/ws/r.json',
    });
    expect(() => actionSettings(inputs({ annotations: 'all' }), env)).toThrow("Input 'annotations' must be one of auto, commands, check-run, off; got 'all'.");
  });

  it('resolves paths against the workspace', () => {
    expect(actionSettings(inputs({ path: 'services/api', config: 'ci/containment.yml', 'sarif-file': 'out/c.sarif', annotations: 'False' }), env)).toMatchObject({
      root: '/ws/services/api',
      config: '/ws/ci/containment.yml',
      sarifFile: '/ws/out/c.sarif',
      annotations: 'off',
    });
  });

  it('names the input and the allowed values for a bad fail-on', () => {
    expect(() => actionSettings(inputs({ 'fail-on': 'High!' }), env)).toThrow(
      new UsageError("Input 'fail-on' must be one of critical, high, medium, low, info, none; got 'High!'."),
    );
  });

  it('rejects a bad boolean and a path outside the workspace', () => {
    expect(() => actionSettings(inputs({ comment: 'yes' }), env)).toThrow("Input 'comment' must be 'true' or 'false'; got 'yes'.");
    expect(() => actionSettings(inputs({ path: '../other' }), env)).toThrow(/Input 'path' must be a folder inside the workspace/);
    expect(actionSettings(inputs({ path: '..dots' }), env).root).toBe('/ws/..dots');
  });
});

describe('the README documents every command with exactly its flags', () => {
  it('has one table row per command, listing the flags the parser accepts', async () => {
    const { readFileSync } = await import('node:fs');
    const { COMMANDS } = await import('../src/settings/cli-flags.js');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| command | flags |'), readme.indexOf('\n\n', readme.indexOf('| command | flags |')));
    const rows = [...table.matchAll(/^\| `([a-z-]+)[^`]*` \| (.*) \|$/gm)].map(([, command, flags]) => [command, [...flags!.matchAll(/--([a-z-]+)/g)].map((m) => m[1])] as const);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(COMMANDS).map(([name, spec]) => [name, Object.keys(spec.flags)])));
  });
});
