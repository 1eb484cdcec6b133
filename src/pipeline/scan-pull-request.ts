import { lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Finding } from '../core/finding.js';
import { workingTree } from '../discover/working-tree.js';
import type { PullRequestFacts, ScanResult } from '../select/scan-result.js';

export type { PullRequestFacts };

import { baseTree } from '../discover/base-tree.js';
import type { RevisionSource } from '../discover/revision-source.js';
import { type Changes, isChangedLine } from '../discover/unified-diff.js';
import { SCAN_INCOMPLETE } from '../policy/problem-rules.js';
import { compareWithBase, newAgainst } from '../select/compare.js';
import { DEFAULT_CONFIG_PATHS } from '../select/config.js';
import { capFindingsPerFile, MAX_FINDINGS_PER_FILE } from '../select/findings-cap.js';
import { countBySeverity } from '../select/select.js';
import { verdict } from '../select/verdict.js';
import { type ScanOptions, scan } from './scan.js';

/** How a pull request is judged: against what, with whose config, failing on what. */
export interface PullRequestOptions extends ScanOptions {
  source: RevisionSource;
  /** Read the config, custom packs and baseline from the pull request itself (default: from the base). */
  trustPrConfig: boolean;
  /** `new`: fail only on findings this change introduces. `all`: on every finding. */
  failOnScope: 'new' | 'all';
}


/** The settings that decide the verdict, as read from the base revision. */
export type TrustedSettings = Pick<ScanOptions, 'config' | 'packs' | 'baseline'>;

/**
 * The base revision could not be read, part-way through. `trusted` holds the base's settings when
 * they were read before the failure, so the fallback judges with them rather than the pull
 * request's own (DESIGN.md §4: fail closed).
 */
export class BaseUnreadable extends Error {
  override name = 'BaseUnreadable';
  constructor(
    readonly why: string,
    readonly trusted: TrustedSettings | undefined,
    options?: { cause?: unknown },
  ) {
    super(why, options);
  }
}

/**
 * Scans the head, then the base (a tree answering every file the change touched from the base
 * revision, `.env`, `extends` and `include` targets included), and marks each head finding new or
 * existing; base findings that are gone are fixed. The config, custom packs and baseline come from
 * the base unless told otherwise, and the base scan applies the base's baseline too: a pull request
 * must not be able to switch off the checks that judge it.
 *
 * Fails closed: when the list of changed files is incomplete, every finding counts as new; in a
 * changed file that no longer parses, every finding counts as new (nothing in it can be compared).
 * Throws `BaseUnreadable` when the base cannot be read, and `ConfigError` for a broken base config.
 */
export async function scanPullRequest(options: PullRequestOptions): Promise<ScanResult & { pullRequest: PullRequestFacts }> {
  const temp = await mkdtemp(join(tmpdir(), 'containment-base-'));
  let trusted: TrustedSettings | undefined;
  try {
    trusted = options.trustPrConfig ? { config: options.config, packs: options.packs, baseline: options.baseline } : await fromBase(options, temp);
    const changes = await options.source.changes();
    const configChanged = options.trustPrConfig ? [] : decidingPathsChanged(options, changes);
    // Both scans keep every finding: a base file with 205 existing highs capped to 200 hid two new
    // ones appended at the head (helper-37). The findings are capped once marked, new ones kept first.
    const settings: ScanOptions = { ...options, ...trusted, addedLine: undefined, removedLines: undefined, isNew: undefined, capPerFile: false };
    const link = options.tree === undefined ? await touchedLink(options.root, changes) : undefined;
    const headTree = options.tree ?? workingTree(options.root, options.configRoot === undefined ? {} : { repositoryRoot: options.configRoot });
    const tree = baseTree(headTree, options.source, changes, { linkChanged: link !== undefined });
    const base = await scan({ ...settings, tree });
    // Suppressions the change makes are limited by the base config: a comment on a line it adds, a
    // comment over a finding on a line it adds, or over a finding the base does not have. With an
    // incomplete list of changed files, every line counts as added (fail closed).
    // "New" as compareWithBase decides it: no base finding, suppressed or not, with the same
    // fingerprint and values (a mount of /etc/ssl/certs made one of / is new).
    const isNew = newAgainst([...base.findings, ...(base.suppressed ?? [])]);
    const head = await scan({
      ...settings,
      addedLine: (path, line) => changes.incomplete !== undefined || isChangedLine(changes, path, line),
      removedLines: (path) => changes.removed?.get(path),
      isNew,
    });
    const compared = compareWithBase(head.findings, base.findings);
    // A finding the change suppresses is not fixed: it is listed as suppressed by this pull request.
    const suppressedNow = new Set((head.suppressed ?? []).map((finding) => finding.fingerprint));
    const { findings } = compared;
    const fixed = compared.fixed.filter((finding) => !suppressedNow.has(finding.fingerprint));
    const unparsable = new Set(head.findings.filter((f) => f.ruleId === 'parse-error' && isTouched(changes, f.path)).map((f) => f.path));
    const marked = findings.map((finding) => ({
      ...finding,
      // What could not be read or judged is never "already there": the change may be what it hides.
      ...(changes.incomplete || unparsable.has(finding.path) || finding.ruleId === SCAN_INCOMPLETE ? { novelty: 'new' as const } : {}),
      onChangedLine: isChangedLine(changes, finding.path, finding.range.start.line),
      inChangedFile: changes.lines.has(finding.path),
      ...(fixLines(finding) && fixOnAddedLines(changes, finding.path, fixLines(finding)!) ? { fixOnAddedLines: true } : {}),
    }));
    // Why findings read through links count as new: said once, where the notices are read.
    const linkNotice = link === undefined ? [] : [{ level: 'warning' as const, path: link, message: `This pull request adds or changes the symbolic link ${link}, so where a link led at the base is not known here: every finding in a file read through a link counts as new.` }];
    // The verdict and the count of new findings are decided on every finding; the cap only
    // shortens the list, keeping first what fails the step, then what is new.
    const failing = new Set<Finding>(verdict(marked, head.failOn, options.failOnScope).failing);
    const capNotices: ScanResult['notices'] = [];
    const listed = capFindingsPerFile(marked, capNotices, MAX_FINDINGS_PER_FILE, {
      rank: (finding) => (failing.has(finding) ? 0 : finding.novelty === 'new' ? 1 : 2),
      described: 'those that fail the step first, then the new ones, then the most severe',
    });
    return {
      ...head,
      notices: [...head.notices, ...capNotices, ...linkNotice],
      findings: listed,
      counts: countBySeverity(listed),
      failed: failing.size > 0,
      pullRequest: {
        source: options.source.describe,
        changedFiles: changes.lines.size + changes.deleted.size,
        // Of the findings listed, as reports subtract it from them; a cap notice counts the new
        // findings it left out.
        newCount: listed.filter((f) => f.novelty === 'new').length,
        fixed,
        configChanged,
        failOnScope: options.failOnScope,
        changedPaths: [...changes.lines.keys()],
        ...(changes.incomplete ? { incomplete: `${changes.incomplete}; every finding counts as new` } : {}),
      },
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'ConfigError') throw error;
    throw new BaseUnreadable(`the base revision could not be read through ${options.source.describe} (${describe(error)})`, trusted, { cause: error });
  } finally {
    options.source.close?.();
    options.source.settings?.close?.();
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The lines a fix replaces, or a pin would once resolved (the reference's own lines); none for a
 * fix without whole lines (`Fix.lines`), which cannot be suggested.
 */
function fixLines(finding: Finding): { start: number; end: number } | undefined {
  if (finding.fix) return finding.fix.lines;
  const range = finding.fixRequest?.range;
  return range ? { start: range.start.line, end: range.end.line } : undefined;
}

/**
 * The first path the change touched that is a symbolic link in the working tree (a link it adds or
 * retargets), which makes every read through a link unknown at the base (base-tree.ts).
 */
async function touchedLink(root: string, changes: Changes): Promise<string | undefined> {
  for (const path of changes.lines.keys()) {
    const info = await lstat(join(root, path)).catch(() => undefined);
    if (info?.isSymbolicLink()) return path;
  }
  return undefined;
}

/** Every line a fix replaces is one the change adds (see `Finding.fixOnAddedLines`). */
function fixOnAddedLines(changes: Changes, path: string, lines: { start: number; end: number }): boolean {
  for (let line = lines.start; line <= lines.end; line++) if (!isChangedLine(changes, path, line)) return false;
  return true;
}

function isTouched(changes: Changes, path: string): boolean {
  return changes.lines.has(path) || changes.renamed.has(path);
}

/** The config, custom packs and baseline as the base revision has them; packs materialized under `temp`. */
async function fromBase(options: PullRequestOptions, temp: string): Promise<TrustedSettings> {
  const source = options.source.settings ?? options.source;
  const configPaths = configPathsOf(options);
  let config: ScanOptions['config'] = { text: '{}', shown: 'defaults (no config file at the base revision)' };
  for (const path of configPaths) {
    const text = await source.fileAt(path);
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
    for (const file of await source.listAt(folder)) {
      if (!/\.ya?ml$/.test(file)) continue;
      const text = await source.fileAt(file);
      if (text === null) continue;
      const out = join(target, file.slice(folder.length + 1));
      if (!out.startsWith(target + sep)) continue;
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, text);
    }
    packs.push(target);
  }
  const trusted: TrustedSettings = { config, packs };
  if (typeof options.baseline === 'string') {
    // A pull request that regenerates the baseline must not bless its own findings: the base's
    // baseline applies. None at the base: no baseline, so nothing is hidden.
    const path = repoPath(options.root, options.baseline);
    const text = await source.fileAt(path);
    if (text !== null) trusted.baseline = { text, shown: `${path} (base revision)` };
  }
  return trusted;
}

/** The files that decide the verdict which the change edits. */
function decidingPathsChanged(options: PullRequestOptions, changes: Changes): string[] {
  const watched = [
    ...configPathsOf(options),
    ...(options.packs ?? []).map((dir) => `${repoPath(options.root, dir)}/`),
    ...(typeof options.baseline === 'string' ? [repoPath(options.root, options.baseline)] : []),
  ];
  const touched = [...changes.lines.keys(), ...changes.deleted, ...changes.renamed.values()];
  return [...new Set(touched.filter((path) => watched.some((w) => (w.endsWith('/') ? path.startsWith(w) : path === w))))];
}

/** Where the config file may be, relative to the scanned folder (`../.github/…` for a sub-folder scan). */
function configPathsOf(options: PullRequestOptions): string[] {
  if (typeof options.config === 'string') return [repoPath(options.root, options.config)];
  return DEFAULT_CONFIG_PATHS.map((path) => repoPath(options.root, join(options.configRoot ?? options.root, path)));
}

function repoPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

function describe(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  return typeof status === 'number' ? `HTTP ${status}: ${message}` : message;
}
