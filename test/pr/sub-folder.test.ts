import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitSource } from '../../src/discover/git-source.js';
import { scan } from '../../src/pipeline/scan.js';
import { scanPullRequest } from '../../src/pipeline/scan-pull-request.js';

// The Action scanning `path: svc` reads the repository's own .github/containment.yml, at the base
// revision on a pull request, not one under svc/.
let repo: string;
const sha: Record<string, string> = {};
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
const write = (files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'containment-sub-'));
  git('init', '-q', '-b', 'main');
  write({ '.github/containment.yml': 'rules:\n  container-no-memory-limit: off\n', 'svc/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
  git('add', '-A');
  git('commit', '-qm', 'base');
  sha['base'] = git('rev-parse', 'HEAD');
  // The pull request turns the privileged rule off in the root config and adds a privileged service.
  write({
    '.github/containment.yml': 'rules:\n  container-no-memory-limit: off\n  container-privileged: off\n',
    'svc/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
  });
  git('add', '-A');
  git('commit', '-qm', 'head');
  sha['head'] = git('rev-parse', 'HEAD');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('a sub-folder scan', () => {
  it('reads the config at the repository root', async () => {
    const result = await scan({ root: join(repo, 'svc'), configRoot: repo });
    expect(result.findings.some((f) => f.ruleId === 'container-no-memory-limit')).toBe(false);
    const without = await scan({ root: join(repo, 'svc') });
    expect(without.findings.some((f) => f.ruleId === 'container-no-memory-limit')).toBe(true);
  });

  it('on a pull request, reads that config at the base revision', async () => {
    const root = join(repo, 'svc');
    const result = await scanPullRequest({ root, configRoot: repo, source: gitSource(root, sha['base']!, sha['head']!), trustPrConfig: false, failOnScope: 'new' });
    expect(result.findings.some((f) => f.ruleId === 'container-no-memory-limit')).toBe(false);
    expect(result.findings.find((f) => f.ruleId === 'container-privileged')?.novelty).toBe('new');
    expect(result.failed).toBe(true);
  });
});

describe('what a scan could not read fails closed on a pull request', () => {
  it('a committed link that leads out of the scanned folder is a new scan-incomplete finding', async () => {
    const { symlinkSync } = await import('node:fs');
    write({ 'stuff/x.yml': 'services:\n  pwn:\n    image: alpine:3.20\n    privileged: true\n' });
    git('add', '-A');
    git('commit', '-qm', 'stuff');
    const base = git('rev-parse', 'HEAD');
    symlinkSync('../stuff/x.yml', join(repo, 'svc', 'compose.override.yaml'));
    git('add', '-A');
    git('commit', '-qm', 'link');
    const head = git('rev-parse', 'HEAD');
    const root = join(repo, 'svc');
    const result = await scanPullRequest({ root, configRoot: repo, source: gitSource(root, base, head), trustPrConfig: false, failOnScope: 'new' });
    const incomplete = result.findings.filter((f) => f.ruleId === 'scan-incomplete');
    expect(incomplete.map((f) => [f.path, f.novelty])).toEqual([['compose.override.yaml', 'new']]);
    expect(result.failed).toBe(true);
  });

  it('a scan cut by its budget on both sides is never "already there"', async () => {
    const base = git('rev-parse', 'HEAD');
    write({ 'svc/zzz/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' });
    git('add', '-A');
    git('commit', '-qm', 'zzz');
    const head = git('rev-parse', 'HEAD');
    const root = join(repo, 'svc');
    const result = await scanPullRequest({ root, configRoot: repo, source: gitSource(root, base, head), trustPrConfig: false, failOnScope: 'new', budget: { files: 1 } });
    expect(result.findings.filter((f) => f.ruleId === 'scan-incomplete').every((f) => f.novelty === 'new')).toBe(true);
    expect(result.failed).toBe(true);
  });
});
