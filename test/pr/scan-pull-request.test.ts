import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitSource, hasCommit } from '../../src/discover/git-source.js';
import { scanPullRequest } from '../../src/pipeline/scan-pull-request.js';

let repo: string;
const sha: Record<string, string> = {};

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
}
function write(path: string, text: string): void {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
}
function commit(name: string): void {
  git('add', '-A');
  git('commit', '-qm', name);
  sha[name] = git('rev-parse', 'HEAD');
}

// The base has an existing problem (a privileged service) and a config that fails on high.
const BASE_COMPOSE = 'services:\n  legacy:\n    image: nginx:1.27\n    privileged: true\n';

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'containment-pr-'));
  git('init', '-q', '-b', 'main');
  write('compose.yaml', BASE_COMPOSE);
  write('.github/containment.yml', 'fail-on: high\n');
  commit('base');
  // The pull request adds a host-network service and tries to switch the rules off.
  write('compose.yaml', `${BASE_COMPOSE}  proxy:\n    image: traefik:v3.1\n    network_mode: host\n`);
  write('.github/containment.yml', 'fail-on: high\nrules:\n  container-host-network: off\n  container-privileged: off\n');
  commit('head');
  // A second pull request (from base) that only edits a comment: it adds no finding.
  git('checkout', '-q', '-b', 'quiet', sha['base']!);
  write('compose.yaml', `# the legacy service\n${BASE_COMPOSE}`);
  commit('quiet');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('scanPullRequest', () => {
  it('reports the one new finding, on its line, with the base config, and fails on it', async () => {
    git('checkout', '-q', sha['head']!);
    expect(await hasCommit(repo, sha['base']!)).toBe(true);
    const result = await scanPullRequest({ root: repo, source: gitSource(repo, sha['base']!, sha['head']!), trustPrConfig: false, failOnScope: 'new' });
    const network = result.findings.filter((f) => f.ruleId === 'container-host-network');
    expect(network.map((f) => [f.range.start.line, f.novelty, f.onChangedLine])).toEqual([[7, 'new', true]]);
    const privileged = result.findings.filter((f) => f.ruleId === 'container-privileged');
    expect(privileged.map((f) => [f.range.start.line, f.novelty, f.onChangedLine])).toEqual([[4, 'existing', false]]);
    expect(result.pullRequest).toMatchObject({ newCount: result.findings.filter((f) => f.novelty === 'new').length, configChanged: ['.github/containment.yml'], fixed: [] });
    expect(result.failed).toBe(true);
  });

  it('honours the pull request config only when told to trust it', async () => {
    const result = await scanPullRequest({ root: repo, source: gitSource(repo, sha['base']!, sha['head']!), trustPrConfig: true, failOnScope: 'new' });
    expect(result.findings.some((f) => f.ruleId === 'container-host-network' || f.ruleId === 'container-privileged')).toBe(false);
    expect(result.pullRequest.configChanged).toEqual([]);
  });

  it('passes a pull request that adds no finding when failing on new findings only', async () => {
    git('checkout', '-q', sha['quiet']!);
    const source = gitSource(repo, sha['base']!, sha['quiet']!);
    const onlyNew = await scanPullRequest({ root: repo, source, trustPrConfig: false, failOnScope: 'new' });
    expect(onlyNew.findings.filter((f) => f.ruleId === 'container-privileged').map((f) => [f.range.start.line, f.novelty])).toEqual([[5, 'existing']]);
    expect(onlyNew.pullRequest.newCount).toBe(0);
    expect(onlyNew.failed).toBe(false);
    const all = await scanPullRequest({ root: repo, source, trustPrConfig: false, failOnScope: 'all' });
    expect(all.failed).toBe(true);
  });

  it('lists base findings the change removes as fixed', async () => {
    git('checkout', '-q', sha['base']!);
    // Reverse the change: from the head back to the base, judged with the base's own config.
    const result = await scanPullRequest({ root: repo, source: gitSource(repo, sha['head']!, sha['base']!), trustPrConfig: true, failOnScope: 'new' });
    expect(result.pullRequest.fixed.map((f) => [f.ruleId, f.range.start.line])).toContainEqual(['container-host-network', 7]);
  });
});
