import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../e2e/fake-github.js';
import { type ActionRun, makeWorkspace, runAction } from '../e2e/run-action.js';
import { type CliRun, cli, type JsonReport } from './cli-run.js';
import { HOSTILE_FILE_DIR, HOSTILE_NAME, hostileNamesCompose, PRIVILEGED } from './hostile-tree.js';

/**
 * A file name and a service name written to inject: markdown, HTML, a mass mention, newlines and
 * `::error::` workflow commands. Every channel shows them as text and obeys none of it.
 */

const HOSTILE_PATH = `${HOSTILE_FILE_DIR}/compose.yaml`;
const TOKEN = 'ghs_hostileSecretToken0123456789abcdef';

let github: FakeGitHub;
let workspace: string;
let action: ActionRun;
let text: CliRun;
let json: CliRun;
let sarif: CliRun;

beforeAll(async () => {
  github = await new FakeGitHub().start();
  workspace = await makeWorkspace({ 'compose.yaml': hostileNamesCompose(), [HOSTILE_PATH]: PRIVILEGED });
  [action, text, json, sarif] = await Promise.all([
    runAction(workspace, { apiUrl: github.url, inputs: { token: TOKEN, 'sarif-file': 'containment.sarif' } }),
    cli(['scan', workspace]),
    cli(['scan', workspace, '--format', 'json']),
    cli(['scan', workspace, '--format', 'sarif']),
  ]);
}, 120_000);

afterAll(async () => {
  await github.stop();
  await rm(workspace, { recursive: true, force: true });
});

/** The workflow commands the runner would obey: `::name props::data` at the start of a line. */
function commands(stdout: string): Array<{ name: string; props: string; data: string }> {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::'))
    .map((line) => {
      const match = line.match(/^::([a-z-]+)( [\s\S]*?)?::([\s\S]*)$/);
      return { name: match?.[1] ?? line, props: match?.[2] ?? '', data: match?.[3] ?? '' };
    });
}

describe('hostile names in the Action', () => {
  it('emit only the commands the Action means, each property escaped as @actions/core does', () => {
    const emitted = commands(action.stdout);
    expect(emitted.map((c) => c.name).every((name) => ['error', 'warning', 'notice', 'add-mask', 'debug'].includes(name))).toBe(true);
    // No line of the log is a command the file wrote.
    expect(action.stdout).not.toMatch(/^::error file=a,line=1::injected/m);
    expect(action.stdout).not.toMatch(/^::error::(pwned|second-line)/m);
    const annotation = emitted.find((c) => c.props.includes('file=x%0A'));
    // `:` and `,` in properties, and newlines anywhere, are percent-encoded: the file name stays one property.
    expect(annotation?.props).toContain('file=x%0A%3A%3Aerror file=a%2Cline=1%3A%3Ainjected%0A@everyone <b>[a](b)</b> |/compose.yaml,line=4');
    const named = emitted.find((c) => c.data.includes('@everyone <img'));
    expect(named?.data).toContain('%0A::error::second-line');
    expect(named?.data).not.toContain('\n');
    for (const c of emitted) {
      expect(c.props).not.toContain('::');
      expect(`${c.props}${c.data}`).not.toMatch(/[\r\n]/);
    }
  });

  it('cannot mention, link or inject HTML in the pull-request comment or the job summary', () => {
    const comment = github.comments.get(7)?.[0]?.body ?? '';
    expect(comment).toContain('container\\-privileged');
    for (const markdown of [comment, action.summary]) {
      expect(markdown).not.toContain('@everyone');
      expect(markdown).not.toMatch(/<img|<b>/);
      expect(markdown).not.toContain('](https://evil.example)');
      expect(markdown).not.toContain('**bold**');
      expect(markdown).not.toMatch(/^::/m);
      // The file's newline does not end a table row or start a line of its own.
      expect(markdown).not.toMatch(/^::error file=a/m);
      expect(markdown).not.toMatch(/^@everyone/m);
    }
  });

  it('never logs the token, which is masked first', () => {
    const lines = `${action.stdout}\n${action.stderr}`.split('\n').filter((line) => line.includes(TOKEN));
    // Masked before anything else is printed (and again by the API client): no other line holds it.
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines)).toEqual(new Set([`::add-mask::${TOKEN}`]));
    expect(action.stdout.indexOf(`::add-mask::${TOKEN}`)).toBe(0);
    expect(action.summary).not.toContain(TOKEN);
    expect(github.comments.get(7)?.[0]?.body ?? '').not.toContain(TOKEN);
    expect(Object.values(action.outputs).join('\n')).not.toContain(TOKEN);
  });
});

describe('hostile names in the CLI', () => {
  it('show control characters in text output instead of obeying them', () => {
    expect(text.stdout).not.toMatch(/^::/m);
    expect(text.stdout).toContain('x\\u000a::error file=a,line=1::injected\\u000a@everyone');
    expect(text.stdout).toContain('::error::pwned\\u000a::error::second-line');
  });

  it('keep names exact in JSON', () => {
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.findings.some((f) => f.path === HOSTILE_PATH)).toBe(true);
    expect(report.findings.some((f) => f.message.includes(`${HOSTILE_NAME}\n::error::second-line`))).toBe(true);
  });

  it('write SARIF whose URIs are encoded and whose messages are data', () => {
    const log = JSON.parse(sarif.stdout);
    const uris: string[] = log.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    const hostile = uris.find((uri) => uri.startsWith('x%0A'));
    expect(hostile).toBeDefined();
    expect(hostile).not.toMatch(/[\s<>|]/);
    expect(decodeURIComponent(hostile ?? '')).toBe(HOSTILE_PATH);
  });
});
