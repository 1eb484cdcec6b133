import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { directiveTargets, readForeignDirectives } from '../../src/select/foreign-directives.js';

const targets = directiveTargets(loadBuiltinPacks().flatMap((pack) => pack.rules));
const read = (lines: string[]) => readForeignDirectives(lines.join('\n'), targets);

describe('hadolint and BuildKit directives', () => {
  it('maps codes to the rules that name them as equivalents', () => {
    expect(targets.hadolint.get('DL3008')).toEqual(['command-package-version-not-pinned']);
    expect(targets.hadolint.get('DL3002')).toEqual(['dockerfile-final-stage-root']);
    expect(targets.buildkit.get('JSONArgsRecommended')).toEqual(['dockerfile-shell-form-cmd']);
    expect(targets.hadolint.get('DL3059')).toBeUndefined();
  });

  it('a line pragma applies to the whole next instruction, continuation lines included', () => {
    const file = read(['FROM debian:12', '# hadolint ignore=DL3008,DL3009', '', 'RUN apt-get update \\', '  # a comment inside', '  && apt-get install -y curl', 'RUN true']);
    expect(file.comments.map((c) => [c.directive, c.line, c.ruleIds, c.instructionLine, c.fileLevel])).toEqual([
      ['hadolint', 2, ['command-package-version-not-pinned', 'dockerfile-apt-lists-not-removed'], 4, false],
    ]);
    expect([4, 5, 6, 7].map(file.instructionOf)).toEqual([4, 4, 4, 7]);
    expect(file.comments[0]!.reason).toBe('an existing hadolint directive: `# hadolint ignore=DL3008,DL3009`');
  });

  it('a heredoc belongs to its instruction up to the delimiter; the escape directive is honoured', () => {
    const heredoc = read(['FROM debian:12', '# hadolint ignore=DL3008', 'RUN <<EOF', 'apt-get install -y curl', 'EOF', 'RUN true']);
    expect([3, 4, 5, 6].map(heredoc.instructionOf)).toEqual([3, 3, 3, 6]);
    const backtick = read(['# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN a `', '  b \\', 'RUN c']);
    expect([3, 4, 5].map(backtick.instructionOf)).toEqual([3, 3, 5]);
  });

  it('global ignore applies to the file; codes no rule names make no suppression', () => {
    expect(read(['# hadolint global ignore=DL3006, DL3059', 'FROM nginx']).comments.map((c) => [c.ruleIds, c.fileLevel])).toEqual([[['image-latest-tag'], true]]);
    expect(read(['FROM nginx', '# hadolint ignore=DL3059,SC2086', 'RUN true']).comments).toEqual([]);
    // A pragma with nothing after it, or in the middle of an instruction, applies to nothing.
    expect(read(['FROM nginx', 'RUN a \\', '# hadolint ignore=DL3008', '  b', '# hadolint ignore=DL3008']).comments).toEqual([]);
  });

  it('check=skip is read only among the parser directives at the top, as BuildKit reads it', () => {
    const top = read(['# syntax=docker/dockerfile:1', '# check=skip=JSONArgsRecommended,MaintainerDeprecated;error=true', 'FROM nginx']);
    expect(top.comments.map((c) => [c.directive, c.line, c.ruleIds, c.fileLevel])).toEqual([
      ['buildkit', 2, ['dockerfile-maintainer-deprecated', 'dockerfile-shell-form-cmd'], true],
    ]);
    expect(read(['FROM nginx', '# check=skip=JSONArgsRecommended']).comments).toEqual([]);
    expect(read(['# a comment first', '# check=skip=JSONArgsRecommended', 'FROM nginx']).comments).toEqual([]);
  });

  it('skip=all suppresses every rule with a BuildKit equivalent, and only those', () => {
    const [all] = read(['# check=skip=all', 'FROM nginx']).comments;
    expect(all!.ruleIds).toEqual([...new Set([...targets.buildkit.values()].flat())].sort());
    expect(all!.ruleIds).not.toContain('dockerfile-final-stage-root');
    expect(all!.reason).toBe('an existing BuildKit directive: `# check=skip=all`');
  });

  it('quotes only plain codes from the file in its reason', () => {
    const [comment] = read(['FROM nginx', '# hadolint ignore=DL3008,<b>x</b>', 'RUN apt-get install -y curl']).comments;
    expect(comment).toBeUndefined();
    const [plain] = read(['FROM nginx', '# hadolint ignore=DL3008, DL9999', 'RUN apt-get install -y curl']).comments;
    expect(plain!.reason).toBe('an existing hadolint directive: `# hadolint ignore=DL3008,DL9999`');
  });
});
