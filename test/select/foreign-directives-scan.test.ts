import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { suppressedSection } from '../../src/report/github/suppressed-section.js';
import { gitRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

// Runs as root (medium), a shell-form CMD (info) and an unpinned apt install (info), each under an
// existing hadolint or BuildKit decision.
const DOCKERFILE = [
  '# check=skip=JSONArgsRecommended',
  'FROM debian:12',
  '# hadolint global ignore=DL3002',
  '# hadolint ignore=DL3008',
  'RUN apt-get install -y --no-install-recommends curl \\',
  '  && rm -rf /var/lib/apt/lists/*',
  'RUN apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*',
  'CMD node server.js',
  '',
].join('\n');
const judged = ['dockerfile-final-stage-root', 'dockerfile-shell-form-cmd', 'command-package-version-not-pinned'];

describe('hadolint and BuildKit directives in a scan', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'containment-foreign-'));
    writeFileSync(join(root, 'Dockerfile'), DOCKERFILE);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const ours = (findings: Array<{ ruleId: string; range: { start: { line: number } } }>) =>
    findings.filter((f) => judged.includes(f.ruleId) || f.ruleId.startsWith('suppression-')).map((f) => `${f.ruleId}@${f.range.start.line}`);

  it('suppress the equivalent rules, reported as suppressed by the directive; the next instruction is judged', async () => {
    const result = await scan({ root });
    expect(ours(result.findings)).toEqual(['command-package-version-not-pinned@7']);
    expect(result.suppressed?.map((f) => [f.ruleId, f.range.start.line, f.suppression.directive, f.suppression.kind, f.suppression.justification])).toEqual([
      ['dockerfile-final-stage-root', 2, 'hadolint', 'file', 'an existing hadolint directive: `# hadolint global ignore=DL3002`'],
      ['command-package-version-not-pinned', 5, 'hadolint', 'inline', 'an existing hadolint directive: `# hadolint ignore=DL3008`'],
      ['dockerfile-shell-form-cmd', 8, 'buildkit', 'file', 'an existing BuildKit directive: `# check=skip=JSONArgsRecommended`'],
    ]);
    const section = suppressedSection(result, { blobBase: 'https://github.com/o/r/blob/abc' }, (text) => text.length, 60_000);
    expect(section).toContain('by existing hadolint or BuildKit directives');
    expect(section).toContain('existing hadolint directive on line 3');
  });

  it('a rule with no equivalent is not affected by them', async () => {
    writeFileSync(join(root, 'Dockerfile'), `# check=skip=all\n# hadolint global ignore=DL3002,DL3006,DL3007\n${DOCKERFILE}`);
    const result = await scan({ root });
    expect(result.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['image-not-pinned-by-digest', 'dockerfile-no-healthcheck']));
    expect(result.suppressed?.map((f) => f.ruleId)).not.toContain('image-not-pinned-by-digest');
  });

  it('on a pull request, a directive the change adds is held to the same limit as a Containment comment', async () => {
    // The change adds the global ignore: the medium root finding is within the default limit
    // (up-to-medium), so it applies, and reviewers see it as made by the pull request.
    const addsGlobal = (path: string, line: number) => path === 'Dockerfile' && line === 3;
    const within = await scan({ root, addedLine: addsGlobal });
    expect(within.suppressed?.find((f) => f.ruleId === 'dockerfile-final-stage-root')?.suppression.addedByChange).toBe(true);
    // The base branch's config allows nothing: the same directive no longer applies, fails closed.
    const none = await scan({ root, addedLine: addsGlobal, failOn: 'medium', config: { text: 'suppressions:\n  in-pull-request: none\n', shown: 'base' } });
    expect(ours(none.findings)).toEqual(['dockerfile-final-stage-root@2', 'command-package-version-not-pinned@7', 'suppression-beyond-limit@3']);
    expect(none.refusedSuppressions?.map((f) => [f.ruleId, f.refused])).toEqual([['dockerfile-final-stage-root', 'beyond-limit']]);
    expect(none.failed).toBe(true);
    // Already on the base branch, it applies whatever the limit: merging is how a maintainer accepted it.
    const old = await scan({ root, addedLine: () => false, failOn: 'medium', config: { text: 'suppressions:\n  in-pull-request: none\n', shown: 'base' } });
    expect(ours(old.findings)).toEqual(['command-package-version-not-pinned@7']);
    expect(old.failed).toBe(false);
  });

  it('a pull request that writes a root USER under an old global ignore makes that suppression', async () => {
    const result = await scan({ root, addedLine: (path, line) => path === 'Dockerfile' && line === 2, config: { text: 'suppressions:\n  in-pull-request: none\n', shown: 'base' } });
    expect(result.refusedSuppressions?.map((f) => [f.ruleId, f.suppression.coversAddedLine])).toEqual([['dockerfile-final-stage-root', true]]);
  });
});

describe('a hadolint directive a change adds, through scan --changed and git', () => {
  it('is held to the committed limit: the root final stage it would hide is a new finding', async () => {
    const root = mkdtempSync(join(tmpdir(), 'containment-foreign-git-'));
    try {
      const repo = gitRepo(root);
      repo.commit('base', {
        '.github/containment.yml': 'suppressions:\n  in-pull-request: none\n',
        Dockerfile: 'FROM debian:12\nHEALTHCHECK CMD true\nUSER app\n',
      });
      writeFileSync(join(root, 'Dockerfile'), '# hadolint global ignore=DL3002\nFROM debian:12\nHEALTHCHECK CMD true\n');
      const run = await runCli(['scan', '--changed', '--base', 'HEAD', '--fail-on', 'medium', '--format', 'json'], { cwd: root });
      const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; novelty?: string }>; suppressionsNotApplied: Array<{ ruleId: string; why: string; suppression: { directive?: string; addedByChange?: boolean } }> };
      expect(report.findings.filter((f) => f.ruleId === 'dockerfile-final-stage-root' || f.ruleId === 'suppression-beyond-limit').map((f) => [f.ruleId, f.novelty])).toEqual([
        ['dockerfile-final-stage-root', 'new'],
        ['suppression-beyond-limit', 'new'],
      ]);
      expect(report.suppressionsNotApplied).toEqual([expect.objectContaining({ ruleId: 'dockerfile-final-stage-root', why: 'beyond-limit', suppression: expect.objectContaining({ directive: 'hadolint', addedByChange: true }) })]);
      expect(run.code).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
