import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { workingTree } from '../discover/working-tree.js';
import type { Finding } from '../engine/finding.js';
import type { ScanResult } from '../engine/scan-result.js';
import { reaches } from '../engine/severity.js';
import { type ScanOptions, scan } from '../scan.js';
import { compareWithBase } from '../select/compare.js';
import { DEFAULT_CONFIG_PATHS } from '../select/config.js';
import { countBySeverity } from '../select/select.js';
import { type Changes, isChangedLine } from '../select/unified-diff.js';
import { baseTree } from './base-tree.js';
import type { RevisionSource } from './revision-source.js';

/** How a pull request is judged: against what, with whose config, failing on what. */
export interface PullRequestOptions extends ScanOptions {
  source: RevisionSource;
  /** Read the config and custom packs from the pull request itself (default: from the base). */
  trustPrConfig: boolean;
  /** `new`: fail only on findings this change introduces. `all`: on every finding. */
  failOnScope: 'new' | 'all';
}

/** What the pull request did, beside the head scan. */
export interface PullRequestFacts {
  source: string;
  changedFiles: number;
  newCount: number;
  fixed: Finding[];
  /** The change edits the config file or a custom pack, which were read from the base instead. */
  configChanged: string[];
  failOnScope: 'new' | 'all';
  /** Paths of the files the change touches (for `filter-mode: file`), relative to the scan root. */
  changedPaths: string[];
  /** Why the list of changed files is incomplete, when it is. */
  incomplete?: string;
}

/**
 * Scans the head, then the base (the head's tree with the base versions of the changed files laid
 * over it, so unchanged files need not be fetched), and marks each head finding new or existing;
 * base findings that are gone are fixed. The config and custom packs come from the base unless
 * told otherwise: a pull request must not be able to switch off the checks that judge it.
 */
export async function scanPullRequest(options: PullRequestOptions): Promise<ScanResult & { pullRequest: PullRequestFacts }> {
  const changes = await options.source.changes();
  const temp = await mkdtemp(join(tmpdir(), 'containment-base-'));
  try {
    const trusted = options.trustPrConfig ? { config: options.config, packs: options.packs } : await fromBase(options, temp);
    const configChanged = options.trustPrConfig ? [] : configPathsChanged(options, changes);
    const settings: ScanOptions = { ...options, ...trusted };
    const head = await scan(settings);
    const tree = baseTree(options.tree ?? workingTree(options.root), options.source, changes);
    const base = await scan({ ...settings, tree, baseline: undefined });
    const { findings, fixed } = compareWithBase(head.findings, base.findings);
    const marked = findings.map((finding) => ({
      ...finding,
      onChangedLine: isChangedLine(changes, finding.path, finding.range.start.line),
      inChangedFile: changes.lines.has(finding.path),
    }));
    const judged = options.failOnScope === 'new' ? marked.filter((f) => f.novelty === 'new') : marked;
    return {
      ...head,
      findings: marked,
      counts: countBySeverity(marked),
      failed: judged.some((finding) => reaches(finding.severity, head.failOn)),
      pullRequest: {
        source: options.source.describe,
        changedFiles: changes.lines.size + changes.deleted.size,
        newCount: marked.filter((f) => f.novelty === 'new').length,
        fixed,
        configChanged,
        failOnScope: options.failOnScope,
        changedPaths: [...changes.lines.keys()],
        ...(changes.incomplete ? { incomplete: changes.incomplete } : {}),
      },
    };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** The config and custom packs as the base revision has them, materialized under `temp`. */
async function fromBase(options: PullRequestOptions, temp: string): Promise<Pick<ScanOptions, 'config' | 'packs'>> {
  const configPaths = typeof options.config === 'string' ? [repoPath(options.root, options.config)] : DEFAULT_CONFIG_PATHS;
  let config: ScanOptions['config'] = { text: '{}', shown: 'defaults (no config file at the base revision)' };
  for (const path of configPaths) {
    const text = await options.source.fileAt(path);
    if (text !== null) {
      config = { text, shown: `${path} (base revision)` };
      break;
    }
  }
  const packs: string[] = [];
  for (const [index, dir] of (options.packs ?? []).entries()) {
    const folder = repoPath(options.root, dir);
    const target = join(temp, `pack-${index}`, folder.split('/').pop() ?? 'pack');
    await mkdir(target, { recursive: true });
    for (const file of await options.source.listAt(folder)) {
      const text = await options.source.fileAt(file);
      if (text === null || !/\.ya?ml$/.test(file)) continue;
      const out = join(target, file.slice(folder.length + 1));
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, text);
    }
    packs.push(target);
  }
  return { config, packs };
}

function configPathsChanged(options: PullRequestOptions, changes: Changes): string[] {
  const watched = [
    ...(typeof options.config === 'string' ? [repoPath(options.root, options.config)] : DEFAULT_CONFIG_PATHS),
    ...(options.packs ?? []).map((dir) => `${repoPath(options.root, dir)}/`),
  ];
  const touched = [...changes.lines.keys(), ...changes.deleted];
  return touched.filter((path) => watched.some((w) => (w.endsWith('/') ? path.startsWith(w) : path === w)));
}

function repoPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
