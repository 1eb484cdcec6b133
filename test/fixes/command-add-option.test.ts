import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { Range } from '../../src/core/source-document.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { commandAddOption } from '../../src/evaluate/fixes/dockerfile-fixes.js';
import type { FixContext } from '../../src/evaluate/fixes/fix-context.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules.filter((rule) => rule.id === 'command-apt-install-recommends')));
const judge = (run: string): Finding[] => evaluate([parseDockerfile('Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\nRUN ${run}\n`)], rules);

describe('command-add-option on a RUN of many commands', () => {
  it('finds each command by its own words, however many there are', () => {
    const run = Array.from({ length: 500 }, (_, i) => `apt-get install -y pkg${i}`).join(' && ');
    const findings = judge(run);
    expect(findings).toHaveLength(500);
    // One edit each, right after its own `install`: 500 different places, in the command's words.
    const line = `RUN ${run}`;
    const columns = findings.map((finding) => {
      expect(finding.fix?.edits).toHaveLength(1);
      return finding.fix!.edits[0]!.range.start.column;
    });
    const expected = [...line.matchAll(/apt-get install/g)].map((match) => match.index + 'apt-get install'.length + 1);
    expect(expected).toHaveLength(500);
    expect(columns.sort((a, b) => a - b)).toEqual(expected);
  });

  it('edits each of two commands written with the same words at its own `install`', () => {
    // The shell parser places every word, so words written twice, or glued to an operator
    // (`curl;`), no longer leave a command unfixed or give it the other command's edit.
    const cases: Array<[string, number[]]> = [
      ['apt-get install -y curl && apt-get install -y curl', [20, 47]],
      ['apt-get install -y curl; true; apt-get install -y curl', [20, 51]],
      ['apt-get install -y curl ; true; apt-get install -y curl', [20, 52]],
      ['apt-get install -y curl && true && true && apt-get install -y curl', [20, 63]],
      // The first `apt-get install` is echo's words, not a command: only the second is judged.
      ['echo apt-get install -y curl > f; apt-get install -y curl', [54]],
    ];
    for (const [run, columns] of cases) {
      const findings = judge(run);
      expect(findings.map((finding) => finding.fixNote)).toEqual(columns.map(() => undefined));
      const edits = findings.flatMap((finding) => finding.fix!.edits);
      expect(edits.map((edit) => edit.range)).toEqual(columns.map((column) => ({ start: { line: 2, column }, end: { line: 2, column } })));
      expect(`RUN ${run}`.slice(0, columns[0]! - 1).endsWith('install')).toBe(true);
      expect(edits.every((edit) => edit.text === ' --no-install-recommends')).toBe(true);
    }
  });

  it('edits a command continued over lines, after sudo, or with a quoted word where its word is', () => {
    const findings = judge('apt-get \\\n  install -y curl && sudo apt-get "install" -y wget');
    expect(findings.map((finding) => finding.fix?.edits[0]?.range)).toEqual([
      { start: { line: 3, column: 10 }, end: { line: 3, column: 10 } },
      { start: { line: 3, column: 44 }, end: { line: 3, column: 44 } },
    ]);
    expect(findings.map((finding) => finding.fix?.description)).toEqual([
      'Add `--no-install-recommends` to `apt-get install`.',
      'Add `--no-install-recommends` to `apt-get install`.',
    ]);
  });

  it('edits a command of an sh -c script inside its quotes, and never another command or the middle of a word', () => {
    // b3ab9d4 took the script's own offsets as the RUN's: `rm -rf /var/tmp/x` became `rm -rf /var/tmp -y/x`.
    const cases: Array<[string, string]> = [
      ['rm -rf /var/tmp/x && sh -c "apt-get install curl"', 'rm -rf /var/tmp/x && sh -c "apt-get install --no-install-recommends curl"'],
      ['sh -c "apt-get install -y curl"', 'sh -c "apt-get install --no-install-recommends -y curl"'],
      ["bash -ec 'apt-get update; apt-get install -y curl wget'", "bash -ec 'apt-get update; apt-get install --no-install-recommends -y curl wget'"],
      [`sh -c "bash -c 'apt-get install -y curl'"`, `sh -c "bash -c 'apt-get install --no-install-recommends -y curl'"`],
    ];
    for (const [run, fixed] of cases) {
      const [finding, ...more] = judge(run);
      expect(more).toEqual([]);
      const edit = finding!.fix!.edits[0]!;
      const line = `RUN ${run}`;
      const at = edit.range.start.column - 1;
      expect(`${line.slice(0, at)}${edit.text}${line.slice(at)}`).toBe(`RUN ${fixed}`);
    }
    // Quoting removed a character from the script (`\"`): its words have no place, so no edit.
    const [escaped] = judge('sh -c "apt-get install -y \\"curl\\""');
    expect(escaped!.fix).toBeUndefined();
    expect(escaped!.fixNote).toMatch(/could not be placed/);
  });

  it('proposes no edit where the place the parser gave does not hold the word', () => {
    const document = parseDockerfile('Dockerfile', 'FROM debian:12\nRUN rm -rf /var/tmp/x && apt-get install -y curl\n');
    const subject = document.subjects.find((candidate) => candidate.type === 'command' && (candidate.value as { name: string }).name === 'apt-get')!;
    const context = (range: Range): FixContext => ({
      subject: { ...subject, anchors: [{ path: '/args/0', pointer: '/instructions/1', range }] },
      document,
      pointer: '/instructions/1',
      instancePath: '',
      params: { option: '--no-install-recommends', after: ['install'] },
    });
    // `/var/tmp` of the rm, and a span past the RUN's words.
    expect(commandAddOption(context({ start: { line: 2, column: 12 }, end: { line: 2, column: 19 } }))).toEqual({ note: "The apt-get command's `install` could not be placed in this RUN, so no edit is proposed." });
    expect(commandAddOption(context({ start: { line: 2, column: 40 }, end: { line: 2, column: 50 } }))).toEqual({ note: "The apt-get command's `install` could not be placed in this RUN, so no edit is proposed." });
    // The right place: the edit, right after `install`.
    const column = 'RUN rm -rf /var/tmp/x && apt-get '.length + 1;
    const end = document.text.indexOf('install') + 'install'.length;
    expect(commandAddOption(context({ start: { line: 2, column }, end: { line: 2, column: column + 7 } }))).toMatchObject({ edits: [{ start: end, end }] });
  });

  it('without the parser\'s places proposes no edit, and none inside an escaped sh -c script (helper-29)', () => {
    const document = parseDockerfile('Dockerfile', 'FROM debian:12\nRUN apt-get install -y curl && apt-get install -y wget\n');
    const context = (name: string, args: string[]): FixContext => ({
      subject: { type: 'command', name: `stage 0/RUN 1/${name}`, document, pointer: '/instructions/1', value: { name, args, sudo: false, origin: 'dockerfile' } },
      document,
      pointer: '/instructions/1',
      instancePath: '',
      params: { option: '--no-install-recommends', after: ['install'] },
    });
    expect(commandAddOption(context('apt-get', ['install', '-y', 'curl']))).toEqual({
      note: "The apt-get command's words could not be placed in this RUN (quoting or escapes the shell parser could not map back), so no edit is proposed.",
    });
    expect(commandAddOption(context('apt-get', ['purge', 'wget']))).toEqual({ note: 'The apt-get command has none of `install`, so no edit is proposed.' });
    // Escapes in an unquoted script: its words have no place, and no edit lands inside the script.
    const [escaped] = judge('sh -c apt-get\\ install\\ -y\\ a3');
    expect(escaped!.fix).toBeUndefined();
    expect(escaped!.fixNote).toMatch(/could not be placed/);
  });

  it('gives each of two commands that differ in one word its own edit', () => {
    const findings = judge('apt-get install -y a && apt-get install -ya');
    expect(findings.filter((finding) => finding.fix)).toHaveLength(2);
  });
});
