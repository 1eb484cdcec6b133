// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import { parseWorkflow } from '../../src/documents/workflow-document.js';
import { scriptShell } from '../../src/documents/workflow-steps.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';
import { splitWindowsCommands, type WindowsShell } from '../../src/languages/windows-shell-commands.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

const brief = (script: string, shell: WindowsShell) => splitWindowsCommands(script, shell).map(({ name, args, pipedTo }) => ({ name, args, ...(pipedTo ? { pipedTo } : {}) }));
const words = (script: string, shell: WindowsShell) => splitWindowsCommands(script, shell).map((command) => command.argSpans?.map((span) => script.slice(span.start, span.end)));

describe('splitWindowsCommands: PowerShell', () => {
  it('reads a one-line docker run', () => {
    expect(brief('docker run --privileged alpine:3.20', 'powershell')).toEqual([{ name: 'docker', args: ['run', '--privileged', 'alpine:3.20'] }]);
  });

  it('joins lines continued with a backtick and keeps each word where it is written', () => {
    const script = 'docker run `\n  --privileged `\r\n  -v C:\\data:/data alpine:3.20';
    expect(brief(script, 'powershell')).toEqual([{ name: 'docker', args: ['run', '--privileged', '-v', 'C:\\data:/data', 'alpine:3.20'] }]);
    expect(words(script, 'powershell')).toEqual([['run', '--privileged', '-v', 'C:\\data:/data', 'alpine:3.20']]);
  });

  it('reads single and double quotes, doubled quotes and backtick escapes', () => {
    expect(brief(`docker run -e "A=b c" -e 'X=it''s' -e "Q=say \`"hi\`"" -e "D=""x""" alpine`, 'powershell')[0]!.args).toEqual([
      'run',
      '-e',
      'A=b c',
      '-e',
      "X=it's",
      '-e',
      'Q=say "hi"',
      '-e',
      'D="x"',
      'alpine',
    ]);
  });

  it('splits at ;, &&, || and |, drops the call operator, comments and redirections', () => {
    const script = [
      '# docker run --privileged commented',
      '<# docker run --privileged',
      '   in a block comment #>',
      'Write-Host hi; & docker run --cap-add ALL alpine > out.txt 2>&1',
      'docker ps -q | ForEach-Object { docker rm $_ } && docker run --pid=host alpine || exit 1',
    ].join('\n');
    expect(brief(script, 'powershell').map((c) => [c.name, ...c.args])).toEqual([
      ['write-host', 'hi'],
      ['docker', 'run', '--cap-add', 'ALL', 'alpine'],
      ['docker', 'ps', '-q'],
      ['foreach-object', '{', 'docker', 'rm', '$_', '}'],
      ['docker', 'run', '--pid=host', 'alpine'],
      ['exit', '1'],
    ]);
    expect(brief(script, 'powershell')[2]).toMatchObject({ pipedTo: 'foreach-object' });
  });
});

describe('splitWindowsCommands: cmd', () => {
  it('joins lines continued with a caret, reads quotes and carets, and drops the @ switch', () => {
    const script = '@docker.exe run ^\n  --privileged ^\n  -e "A=b c" -e X^&Y alpine:3.20';
    expect(brief(script, 'cmd')).toEqual([{ name: 'docker', args: ['run', '--privileged', '-e', 'A=b c', '-e', 'X&Y', 'alpine:3.20'] }]);
    expect(splitWindowsCommands(script, 'cmd')[0]!.offset).toBe(1);
  });

  it('splits at &, && and ||, skips rem and :: lines, and reads %VAR% as unknown', () => {
    const script = 'rem docker run --privileged x\n:: docker run --privileged y\necho hi & docker run -v %CD%:/src alpine || exit /b 1';
    expect(brief(script, 'cmd').map((c) => [c.name, ...c.args])).toEqual([
      ['echo', 'hi'],
      ['docker', 'run', '-v', '${CD}:/src', 'alpine'],
      ['exit', '/b', '1'],
    ]);
  });

  it('never throws, and every word span lies inside the script', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<WindowsShell>('powershell', 'cmd'), (script, shell) => {
        for (const command of splitWindowsCommands(script, shell)) {
          for (const span of command.argSpans ?? []) expect(span.start >= 0 && span.start < span.end && span.end <= script.length).toBe(true);
        }
      }),
    );
  });
});

describe('which run: scripts are read, by shell', () => {
  it('maps each shell: value to the language its script is read in', () => {
    expect(scriptShell(undefined, false)).toBe('posix');
    expect(scriptShell(undefined, true)).toBe('powershell');
    expect(scriptShell('${{ matrix.shell }}', true)).toBe('powershell');
    expect(scriptShell('bash', true)).toBe('posix');
    expect(scriptShell('bash -e {0}', false)).toBe('posix');
    // A template that starts with a wrapper still runs the shell after it.
    expect(scriptShell('env bash {0}', false)).toBe('posix');
    expect(scriptShell('sudo -E bash -e {0}', false)).toBe('posix');
    expect(scriptShell('sudo python3 {0}', false)).toBeUndefined();
    expect(scriptShell('pwsh', false)).toBe('powershell');
    expect(scriptShell(`pwsh -command ". '{0}'"`, false)).toBe('powershell');
    expect(scriptShell('PowerShell', true)).toBe('powershell');
    expect(scriptShell('cmd', true)).toBe('cmd');
    expect(scriptShell('C:\\Windows\\System32\\cmd.exe /D /E:ON /V:OFF /S /C "CALL "{0}""', true)).toBe('cmd');
    for (const other of ['python', 'python {0}', 'node {0}', 'perl {0}']) expect(scriptShell(other, false)).toBeUndefined();
  });

  const containers = (doc: SourceDocument) => doc.subjects.filter((s) => s.type === 'container').map((s) => s.name);

  it('finds docker run --privileged under pwsh on a Linux runner, at the flag', () => {
    const text = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - shell: pwsh', '        run: docker run --privileged alpine:3.20', ''].join('\n');
    const doc = parseWorkflow('w.yml', text, 'workflow');
    const container = doc.subjects.find((s) => s.type === 'container')!;
    expect(container.value).toMatchObject({ privileged: true, image: 'alpine:3.20', origin: 'docker-cli' });
    expect(locateFinding(container, '/privileged').range).toEqual({ start: { line: 7, column: 25 }, end: { line: 7, column: 37 } });
  });

  it('judges it by the same rule as a bash step, with the same message', async () => {
    const text = ['on: push', 'jobs:', '  a:', '    runs-on: windows-latest', '    steps:', '      - shell: powershell', '        run: docker run --privileged alpine:3.20', ''].join('\n');
    const doc = parseWorkflow('.github/workflows/ci.yml', text, 'workflow');
    const rules = loadBuiltinPacks().flatMap((pack) => pack.rules).filter((rule) => rule.id === 'container-privileged');
    const [finding, ...rest] = evaluate([doc], compileRules(rules));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'container-privileged', range: { start: { line: 7, column: 25 }, end: { line: 7, column: 37 } } });
    expect(finding!.message).toMatch(/^a\/step 0: docker run alpine:3\.20 runs privileged: .* Remove `--privileged` and add/);
  });

  it('reads defaults.run.shell of the job and of the workflow, and leaves python alone', () => {
    const text = [
      'on: push',
      'defaults: { run: { shell: cmd } }',
      'jobs:',
      '  a:',
      '    runs-on: windows-latest',
      '    steps:',
      '      - run: docker run ^',
      '          --privileged alpine:3.20',
      '      - shell: python',
      '        run: print("docker run --privileged x")',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    defaults:',
      '      run:',
      '        shell: powershell',
      '    steps:',
      '      - run: |',
      '          docker run `',
      '            --cap-add SYS_ADMIN alpine:3.20',
      '',
    ].join('\n');
    const doc = parseWorkflow('w.yml', text, 'workflow');
    expect(containers(doc)).toEqual(['a/step 0: docker run alpine:3.20', 'b/step 0: docker run alpine:3.20']);
    const [cmd, pwsh] = doc.subjects.filter((s) => s.type === 'container');
    expect(locateFinding(cmd!, '/privileged').range).toEqual({ start: { line: 8, column: 11 }, end: { line: 8, column: 23 } });
    expect(locateFinding(pwsh!, '/cap_add/0').range).toEqual({ start: { line: 19, column: 13 }, end: { line: 19, column: 32 } });
  });
});
