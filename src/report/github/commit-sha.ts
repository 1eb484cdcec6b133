import { wellFormed } from '../truncate-text.js';

/** What a tag or branch resolves to on GitHub: a commit SHA, or why not. */
export type ShaAnswer = { sha: string } | { error: string };

export interface ShaOptions {
  /** `GITHUB_API_URL` (GitHub Enterprise Server: `https://HOST/api/v3`). */
  apiUrl: string;
  /** A token (`GITHUB_TOKEN`), when there is one: without it GitHub allows 60 requests an hour. */
  token?: string;
  timeoutMs: number;
}

/**
 * Resolves `owner/repo@ref` through "Get a commit" (`GET /repos/{owner}/{repo}/commits/{ref}`)
 * with the `application/vnd.github.sha` media type, which answers with the SHA alone
 * (https://docs.github.com/en/rest/commits/commits#get-a-commit). A tag resolves to the commit it
 * points at, annotated or not. Never throws.
 */
export async function resolveCommitSha(action: { owner: string; repo: string; ref: string }, options: ShaOptions): Promise<ShaAnswer> {
  // `.` and `..` would survive encoding and walk the URL to another endpoint: never a tag or branch.
  // Nor is a lone surrogate (a YAML "\ud83d" escape), on which encodeURIComponent throws.
  if ([action.owner, action.repo, ...action.ref.split('/')].some((segment) => segment === '.' || segment === '..' || segment === '' || wellFormed(segment) !== segment)) {
    return { error: `${action.owner}/${action.repo}@${action.ref} is not a repository and a tag or branch GitHub could have` };
  }
  const ref = action.ref.split('/').map(encodeURIComponent).join('/');
  const url = `${options.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(action.owner)}/${encodeURIComponent(action.repo)}/commits/${ref}`;
  const where = `${action.owner}/${action.repo}@${action.ref}`;
  try {
    const response = await fetch(url, {
      headers: {
        accept: 'application/vnd.github.sha',
        'x-github-api-version': '2022-11-28',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status === 404 || response.status === 422) return { error: `GitHub has no tag or branch ${action.ref} in ${action.owner}/${action.repo}` };
    if (response.status === 403 || response.status === 429) {
      return { error: `GitHub refused to resolve ${where} (HTTP ${response.status}, likely its rate limit)${options.token ? '' : '; set GITHUB_TOKEN for a higher limit'}` };
    }
    if (response.status === 401) return { error: `GitHub refused the token (HTTP 401) while resolving ${where}` };
    if (!response.ok) return { error: `GitHub answered HTTP ${response.status} for ${where}` };
    const sha = (await response.text()).trim();
    return /^[0-9a-f]{40}$/.test(sha) ? { sha } : { error: `GitHub's answer for ${where} is not a commit SHA` };
  } catch (error) {
    const name = (error as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { error: `GitHub did not answer within ${options.timeoutMs / 1000} s for ${where}` };
    return { error: `GitHub could not be reached for ${where} (${(error as { cause?: { code?: string; message?: string } })?.cause?.code ?? (error as { cause?: { message?: string } })?.cause?.message ?? (error as Error).message})` };
  }
}
