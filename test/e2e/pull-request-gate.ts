import { rm } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { type GitRepo, gitRepo } from '../support/git-repo.js';
import { FakeGitHub } from './fake-github.js';
import { type ActionRun, makeWorkspace, runAction } from './run-action.js';

/** A pull request as two commits: `head` is written over `base` (null deletes a file, `{ link }` makes a link). */
export interface PullRequestCommits {
  base: Record<string, string>;
  head: Record<string, string | null | { link: string }>;
  /** Files force-added at the head (ignored by a .gitignore, committed anyway). */
  forced?: string[];
  inputs?: Record<string, string>;
  /** Makes the history itself instead of `base` then `head` (a branch from an older commit), and names the two commits. */
  history?: (repo: GitRepo) => { baseSha: string; headSha: string };
}

/**
 * Registers, for the calling test file, a stand-in GitHub and the clean-up of every workspace, and
 * returns a function that commits a pull request's base and head in a fresh git repository and runs
 * the bundled Action on it, as a runner would (`number` is the pull request's number).
 */
/** Runs the Action on a pull request; `github()` is the stand-in GitHub the runs talk to (its comments, check runs, requests). */
export type PullRequestGate = ((pr: PullRequestCommits) => Promise<ActionRun>) & { github(): FakeGitHub };

export function pullRequestGate(number: number): PullRequestGate {
  let github: FakeGitHub;
  const workspaces: string[] = [];
  beforeAll(async () => {
    github = await new FakeGitHub().start();
  });
  afterAll(async () => {
    await github.stop();
    await Promise.all(workspaces.map((w) => rm(w, { recursive: true, force: true })));
  });
  const gate = async (pr: PullRequestCommits) => {
    const workspace = await makeWorkspace({});
    workspaces.push(workspace);
    const repo = gitRepo(workspace);
    const { baseSha, headSha } = pr.history
      ? pr.history(repo)
      : { baseSha: repo.commit('base', pr.base), headSha: repo.commit('head', pr.head, pr.forced ? { force: pr.forced } : {}) };
    return runAction(workspace, { apiUrl: github.url, pullRequest: { number, headSha, baseSha }, ...(pr.inputs ? { inputs: pr.inputs } : {}) });
  };
  return Object.assign(gate, { github: () => github });
}
