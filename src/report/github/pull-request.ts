import { readFile } from 'node:fs/promises';
import type { GitHubRun } from '../../settings/settings.js';
import type { ReportLinks } from './report-sections.js';

/** What the reporters need to know about where the run happens. */
export interface RunTarget {
  owner: string;
  repo: string;
  /** The commit the report's links and the check run point at: the pull request's head, else `GITHUB_SHA`. */
  sha?: string;
  /** Set on `pull_request` and `pull_request_target` events only. */
  pullRequest?: { number: number; fromFork: boolean; baseSha?: string; headSha?: string; event: 'pull_request' | 'pull_request_target' };
  links: ReportLinks;
}

/**
 * The events whose token may comment on the pull request. Others (`push`, `schedule`) have no
 * pull request to comment on; `workflow_run` and `issue_comment` are deliberately left out.
 */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/**
 * The target of this run, from the runner's environment and the event payload. Undefined outside
 * a repository (a local run): then nothing is sent to the API.
 */
export async function runTarget(run: GitHubRun): Promise<RunTarget | undefined> {
  const [owner, repo] = (run.repository ?? '').split('/');
  if (!owner || !repo) return undefined;
  const payload = await readPayload(run.eventPath);
  const pull = PULL_REQUEST_EVENTS.has(run.eventName ?? '') ? pullRequestOf(payload) : undefined;
  // On a pull request GITHUB_SHA is the test merge commit, which no reviewer sees; the head is.
  const sha = pull?.headSha ?? run.sha;
  const repository = `${run.serverUrl}/${owner}/${repo}`;
  return {
    owner,
    repo,
    ...(sha === undefined ? {} : { sha }),
    ...(pull === undefined
      ? {}
      : {
          pullRequest: {
            number: pull.number,
            fromFork: pull.fromFork,
            event: run.eventName === 'pull_request_target' ? ('pull_request_target' as const) : ('pull_request' as const),
            ...(pull.baseSha ? { baseSha: pull.baseSha } : {}),
            ...(pull.headSha ? { headSha: pull.headSha } : {}),
          },
        }),
    links: {
      ...(sha === undefined ? {} : { blobBase: `${repository}/blob/${sha}` }),
      ...(run.runId === undefined ? {} : { runUrl: `${repository}/actions/runs/${run.runId}` }),
    },
  };
}

async function readPayload(path: string | undefined): Promise<unknown> {
  if (path === undefined) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function pullRequestOf(payload: unknown): { number: number; headSha?: string; baseSha?: string; fromFork: boolean } | undefined {
  const pull = field(payload, 'pull_request');
  const number = field(pull, 'number');
  if (typeof number !== 'number') return undefined;
  const head = field(pull, 'head');
  const headSha = field(head, 'sha');
  const headRepo = field(field(head, 'repo'), 'full_name');
  const baseRepo = field(field(field(pull, 'base'), 'repo'), 'full_name');
  const baseSha = field(field(pull, 'base'), 'sha');
  return {
    number,
    ...(typeof baseSha === 'string' ? { baseSha } : {}),
    ...(typeof headSha === 'string' ? { headSha } : {}),
    fromFork: typeof headRepo === 'string' && typeof baseRepo === 'string' && headRepo !== baseRepo,
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}
