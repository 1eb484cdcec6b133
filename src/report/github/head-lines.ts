import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Finding } from '../../core/finding.js';
import type { GitHubClient } from './client.js';
import { suggestable } from './review-suggestions.js';

const run = promisify(execFile);

/** Where the pull request's head commit is read from, when the checkout is GitHub's test merge commit. */
export interface HeadSource {
  /** The repository root on disk (paths of findings are relative to it). */
  root: string;
  headSha: string;
  client: GitHubClient;
  owner: string;
  repo: string;
}

/**
 * The findings with suggestions only where the lines a fix replaces read the same in the pull
 * request's head commit as in the checkout. A suggestion is posted on the head commit's lines, but
 * on `pull_request` the checkout is the test merge commit: when the base branch has added lines
 * above the change since the pull request branched, the same line number is another line of the
 * head, and applying the suggestion would overwrite it (found by a review helper, issue #17's
 * session). A fix whose lines differ, or whose file the head cannot be read for, keeps its
 * finding and its fix but is not suggested (`fixOnAddedLines` cleared). Returns how many were
 * held back. The head file is read from the clone, else through the contents API.
 */
export async function alignWithHead(findings: readonly Finding[], source: HeadSource): Promise<{ findings: Finding[]; heldBack: number }> {
  const candidates = new Set(suggestable(findings));
  const heads = new Map<string, Promise<string | undefined>>();
  const headText = (path: string): Promise<string | undefined> => {
    let text = heads.get(path);
    if (!text) {
      text = readHead(source, path);
      heads.set(path, text);
    }
    return text;
  };
  const checkouts = new Map<string, Promise<string | undefined>>();
  const checkoutText = (path: string): Promise<string | undefined> => {
    let text = checkouts.get(path);
    if (!text) {
      text = readFile(join(source.root, path), 'utf8').catch(() => undefined);
      checkouts.set(path, text);
    }
    return text;
  };
  let heldBack = 0;
  const out: Finding[] = [];
  for (const finding of findings) {
    if (!candidates.has(finding)) {
      out.push(finding);
      continue;
    }
    const { start, end } = finding.fix!.lines!;
    const [head, checkout] = await Promise.all([headText(finding.path), checkoutText(finding.path)]);
    if (head !== undefined && checkout !== undefined && sameLines(head, checkout, start, end)) {
      out.push(finding);
      continue;
    }
    heldBack++;
    out.push({ ...finding, fixOnAddedLines: false });
  }
  return { findings: out, heldBack };
}

/** Lines `start`..`end` (1-based) of two texts are equal, line endings aside. */
function sameLines(a: string, b: string, start: number, end: number): boolean {
  const linesA = a.split(/\r?\n/);
  const linesB = b.split(/\r?\n/);
  if (end > linesA.length || end > linesB.length) return false;
  for (let line = start - 1; line < end; line++) if (linesA[line] !== linesB[line]) return false;
  return true;
}

/** The file at the head commit: from the clone when it has the commit, else GitHub's contents API. */
async function readHead(source: HeadSource, path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-c', 'core.fsmonitor=false', '-C', source.root, 'cat-file', 'blob', `${source.headSha}:${path}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    return stdout;
  } catch {
    // A shallow checkout of the merge commit (`actions/checkout`'s default) has not the head's objects.
  }
  try {
    const { data } = await source.client.rest.repos.getContent({ owner: source.owner, repo: source.repo, path, ref: source.headSha, mediaType: { format: 'raw' } });
    return typeof data === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}
