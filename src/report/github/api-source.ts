import { posix } from 'node:path';
import type { RevisionSource } from '../../discover/revision-source.js';
import { type Changes, parseUnifiedDiff } from '../../discover/unified-diff.js';
import type { GitHubClient } from './client.js';
import { httpStatus } from './client.js';

/** GitHub lists at most this many files of a pull request (REST API "List pull requests files"). */
const PULL_FILES_LIMIT = 3000;

export interface ApiSourceOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
  baseSha: string;
  /** The scanned folder inside the repository (`''` for the root): paths are relative to it. */
  prefix: string;
}

/**
 * The base revision through GitHub's REST API, for the usual shallow checkout of a pull request
 * (`actions/checkout` fetches one commit): the change from "List pull requests files", the base's
 * files from "Get repository content" in raw form (which also serves files over 1 MB).
 */
export function apiSource(options: ApiSourceOptions): RevisionSource {
  const { client, owner, repo } = options;
  const prefix = options.prefix === '' ? '' : `${options.prefix.replace(/\/$/, '')}/`;
  const inScan = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : undefined);
  return {
    describe: 'GitHub API',
    async changes() {
      const files = await client.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number: options.pullNumber, per_page: 100 });
      const changes: Changes = { lines: new Map(), deleted: new Set(), renamed: new Map(), whole: new Set() };
      if (files.length >= PULL_FILES_LIMIT) {
        changes.incomplete = `GitHub lists only the first ${PULL_FILES_LIMIT} files of a pull request`;
      }
      for (const file of files) {
        const path = inScan(file.filename);
        if (path === undefined) continue;
        if (file.status === 'removed') {
          changes.deleted.add(path);
          continue;
        }
        if (file.status === 'added') {
          changes.added ??= new Set();
          changes.added.add(path);
        }
        const previous = file.previous_filename ? inScan(file.previous_filename) : undefined;
        if (previous !== undefined && previous !== path) changes.renamed.set(path, previous);
        if (file.patch === undefined) {
          // No patch for binary files and very large diffs: which lines were added is unknown.
          changes.lines.set(path, new Set());
          changes.whole!.add(path);
        } else {
          const parsed = parseUnifiedDiff(file.patch, path);
          changes.lines.set(path, parsed.lines.get(path) ?? new Set());
          const removed = parsed.removed?.get(path);
          if (removed) {
            changes.removed ??= new Map();
            changes.removed.set(path, removed);
          }
        }
      }
      return changes;
    },
    async fileAt(path) {
      // `../.github/containment.yml` from a sub-folder scan is the repository's own config.
      const full = posix.normalize(prefix + path);
      if (full.startsWith('../') || full === '..' || posix.isAbsolute(full)) return null;
      try {
        const { data } = await client.rest.repos.getContent({ owner, repo, path: full, ref: options.baseSha, mediaType: { format: 'raw' } });
        return typeof data === 'string' ? data : null;
      } catch (error) {
        if (httpStatus(error) === 404) return null;
        throw error;
      }
    },
    async listAt(folder) {
      const out: string[] = [];
      const visit = async (dir: string, depth: number): Promise<void> => {
        let data: unknown;
        try {
          data = (await client.rest.repos.getContent({ owner, repo, path: prefix + dir, ref: options.baseSha })).data;
        } catch (error) {
          if (httpStatus(error) === 404) return;
          throw error;
        }
        if (!Array.isArray(data)) return;
        for (const entry of data as Array<{ type: string; path: string }>) {
          const path = inScan(entry.path);
          if (path === undefined) continue;
          if (entry.type === 'file') out.push(path);
          else if (entry.type === 'dir' && depth < 3) await visit(path, depth + 1);
        }
      };
      await visit(folder, 0);
      return out;
    },
  };
}
