import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutState } from '../../../src/report/github/checkout-check.js';

let repo: string;
const sha: Record<string, string> = {};
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
const commit = async (name: string) => {
  await writeFile(join(repo, `${name}.txt`), name);
  git('add', '-A');
  git('commit', '-qm', name);
  sha[name] = git('rev-parse', 'HEAD');
};

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'containment-checkout-'));
  git('init', '-q', '-b', 'main');
  await commit('base');
  git('checkout', '-q', '-b', 'feature');
  await commit('head');
  await commit('after-head');
  git('checkout', '-q', 'main');
  await commit('main2');
  git('merge', '-q', '--no-ff', '-m', 'merge', sha['head']!);
  sha['merge'] = git('rev-parse', 'HEAD');
});
afterAll(() => rm(repo, { recursive: true, force: true }));

describe('checkoutState', () => {
  it.each([
    ['the head itself', 'head', 'head'],
    ['a merge commit with the head as a parent', 'merge', 'merge'],
    ['the base branch', 'base', 'other'],
    ['a commit on top of the head (not the code under review)', 'after-head', 'other'],
    ['a merge commit of the base that lacks the head', 'main2', 'other'],
  ])('%s is %s', async (_name, checkout, kind) => {
    git('checkout', '-q', sha[checkout]!);
    const state = await checkoutState(repo, sha['head']!);
    expect(state.kind).toBe(kind);
    if (state.kind === 'other') expect(state.checkedOut).toBe(sha[checkout]);
  });

  it('compares shas without regard to case', async () => {
    git('checkout', '-q', sha['head']!);
    expect((await checkoutState(repo, sha['head']!.toUpperCase())).kind).toBe('head');
  });

  it('cannot tell outside a git work tree', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'containment-plain-'));
    try {
      expect(await checkoutState(plain, sha['head']!)).toEqual({ kind: 'unverifiable', why: 'the scanned folder is not in a git work tree' });
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
