import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { parseCompose } from '../../src/documents/compose-document.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { MAX_SUGGESTION_CHARS, suggestionAllowance } from '../../src/evaluate/fixes/compute-fix.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { suggestable } from '../../src/report/github/review-suggestions.js';

const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules));
const withFix = (findings: Finding[]) => findings.filter((finding) => finding.fix);
const linesText = (findings: Finding[]) => withFix(findings).reduce((sum, finding) => sum + (finding.fix!.lines?.text.length ?? 0), 0);

describe('the whole-line text the fixes of one file keep', () => {
  it('keeps no lines longer than a suggestion holds, and the fixes keep their edits', () => {
    // One RUN line of 3,000 commands (about 88,000 characters): each fix's whole lines were all of it.
    const commands = Array.from({ length: 3000 }, (_, i) => `apt-get install -y pkg${i}`).join(' && ');
    const document = parseDockerfile('Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\nRUN ${commands}\n`);
    const findings = withFix(evaluate([document], rules));
    expect(findings.length).toBeGreaterThan(1000);
    expect(document.text.length).toBeGreaterThan(MAX_SUGGESTION_CHARS);
    expect(linesText(findings)).toBe(0);
    for (const finding of findings) expect(finding.fix!.edits.length).toBeGreaterThan(0);
    const onPullRequest = findings.map((finding) => ({ ...finding, novelty: 'new' as const, fixOnAddedLines: true }));
    expect(suggestable(onPullRequest)).toEqual([]);
  });

  it('stops at the allowance on a file of one line a suggestion can hold, and the fixes past it keep their edits', () => {
    // 300 commands: about 8,800 characters, so the allowance (twice that and 64 Ki) takes 9 of them.
    const commands = Array.from({ length: 300 }, (_, i) => `apt-get install -y pkg${i}`).join(' && ');
    const document = parseDockerfile('Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\nRUN ${commands}\n`);
    const findings = withFix(evaluate([document], rules));
    expect(findings.length).toBeGreaterThanOrEqual(300);
    const allowance = suggestionAllowance(document);
    expect(allowance).toBe(2 * document.text.length + 64 * 1024);
    expect(linesText(findings)).toBeLessThanOrEqual(allowance);
    const suggested = findings.filter((finding) => finding.fix!.lines);
    const width = suggested[0]!.fix!.lines!.text.length;
    expect(width).toBeLessThan(MAX_SUGGESTION_CHARS);
    expect(suggested.length).toBe(Math.floor(allowance / width));
    expect(suggested.length).toBeGreaterThan(1);
    for (const finding of findings) expect(finding.fix!.edits.length).toBeGreaterThan(0);
    // Not suggested on a pull request, even new and on added lines.
    const onPullRequest = findings.map((finding) => ({ ...finding, novelty: 'new' as const, fixOnAddedLines: true }));
    expect(suggestable(onPullRequest).length).toBe(suggested.length);
  });

  it('holds for each file apart, and leaves a file of short lines all its suggestions', () => {
    const services = Array.from({ length: 200 }, (_, i) => `  web${i}:\n    image: nginx:1.27\n    privileged: true`).join('\n');
    const compose = parseCompose('compose.yaml', `services:\n${services}\n`);
    const findings = withFix(evaluate([compose], rules));
    expect(findings.length).toBeGreaterThan(200);
    expect(findings.every((finding) => finding.fix!.lines)).toBe(true);
    // The same long line in two files: each file has its own allowance.
    const line = `RUN ${Array.from({ length: 300 }, (_, i) => `apt-get install -y pkg${i}`).join(' && ')}\n`;
    const first = parseDockerfile('a/Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\n${line}`);
    const second = parseDockerfile('b/Dockerfile', `FROM debian:12@sha256:${'a'.repeat(64)}\n${line}`);
    const both = withFix(evaluate([first, second], rules));
    const inFirst = both.filter((finding) => finding.path === 'a/Dockerfile' && finding.fix!.lines).length;
    const inSecond = both.filter((finding) => finding.path === 'b/Dockerfile' && finding.fix!.lines).length;
    expect(inFirst).toBeGreaterThan(0);
    expect(inSecond).toBe(inFirst);
  });
});
