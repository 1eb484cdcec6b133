import { gitSource, hasCommit, insideGitWorkTree, mergeBase } from '../discover/git-source.js';
import type { ScanResult } from '../select/scan-result.js';
import { UsageError } from '../settings/settings.js';
import type { ScanOptions } from './scan.js';
import { scanPullRequest } from './scan-pull-request.js';

/**
 * `containment scan --changed`: judges what the working tree changed since `base`, as a pull
 * request would be judged, for a developer before pushing or a pre-commit hook. The default base
 * is where the branch left the remote's default branch, else HEAD (only uncommitted changes).
 * Local use trusts the local config: the developer is judging their own work.
 */
export async function scanLocalChanges(options: ScanOptions & { base?: string; failOnScope: 'new' | 'all' }): Promise<ScanResult> {
  const inside = await insideGitWorkTree(options.root);
  if (typeof inside === 'object') {
    throw new UsageError(`--changed compares with git history, but ${inside.why}. Run 'containment scan' without --changed to judge every file.`);
  }
  if (!inside) {
    throw new UsageError(`--changed compares with git history, but ${options.root} is not in a git repository. Run 'containment scan' without --changed to judge every file.`);
  }
  let base = options.base;
  if (base === undefined) base = (await mergeBase(options.root, 'origin/HEAD', 'HEAD')) ?? 'HEAD';
  if (!(await hasCommit(options.root, base))) {
    throw new UsageError(`--base ${base} is not a commit of the repository at ${options.root}; name a branch, tag or commit, e.g. --base origin/main.`);
  }
  return scanPullRequest({ ...options, source: gitSource(options.root, base), trustPrConfig: true, failOnScope: options.failOnScope });
}
