import type { DocumentKind } from './source-document.js';

/**
 * Which kind of document a repository path holds, by the names Docker, Compose and GitHub look
 * for; `undefined` for anything else. `path` is repository-relative with POSIX separators.
 */
export function classify(path: string): DocumentKind | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (/^(compose|compose\.[^/]+|docker-compose[^/]*)\.ya?ml$/.test(base)) return 'compose';
  if (/^(Dockerfile|Containerfile)(\..+)?$/.test(base) || /.\.[Dd]ockerfile$/.test(base)) return 'dockerfile';
  if ((dir === '.github/workflows' || dir.endsWith('/.github/workflows')) && /\.ya?ml$/.test(base)) return 'workflow';
  if (/^action\.ya?ml$/.test(base)) return 'action';
  return undefined;
}
