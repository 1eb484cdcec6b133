import { lstat, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Finding } from '../core/finding.js';
import { systemReason } from '../core/system-reason.js';
import type { SourceTree } from '../discover/source-tree.js';
import { workingTree } from '../discover/working-tree.js';
import { scan } from '../pipeline/scan.js';
import { formatFixDiff, formatFixSummary } from '../report/fix-report.js';
import { summaryLine } from '../report/text.js';
import { planFixes } from '../select/fix-plan.js';
import type { FixCommand } from '../settings/fix-settings.js';
import { UsageError } from '../settings/settings.js';

/** Where the command writes: the diff (a patch `git apply` takes) and everything said about it. */
export interface FixOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * `containment fix`: scans, takes the fixes of the findings (of `--rule` only, when given), prints
 * them as a unified diff or writes them, then scans again — the working tree after `--write`, the
 * fixed texts otherwise — and says what remains. Exit 1 when what remains still fails the scan.
 * `resolvePins` adds registry-resolved fixes (`--resolve`); it is given by the caller so this
 * orchestrator never talks to the network itself.
 */
export async function runFix(settings: FixCommand, out: FixOutput, resolvePins?: (findings: Finding[], texts: ReadonlyMap<string, string>) => Promise<Finding[]>): Promise<number> {
  const options = { root: settings.root, packs: settings.packs, ...(settings.config ? { config: settings.config } : {}) };
  const first = await scan(options);
  const known = new Set(first.rules.map((rule) => rule.id));
  const unknown = settings.rules.filter((id) => !known.has(id));
  if (unknown.length) throw new UsageError(`--rule ${unknown.join(', ')}: no such rule is active. 'containment rules' lists them.`);
  const wanted = (finding: Finding) => settings.rules.length === 0 || settings.rules.includes(finding.ruleId);
  const tree = workingTree(settings.root);
  const texts = await readTexts(tree, first.findings.filter((f) => wanted(f) && (f.fix || settings.resolve)).map((f) => f.path));
  let findings = first.findings.filter(wanted);
  if (settings.resolve && resolvePins) findings = await resolvePins(findings, texts);
  const plans = planFixes(findings, texts);
  const notes = findings.filter((f) => !f.fix && f.fixNote);
  const changed = plans.filter((plan) => plan.after !== plan.before);
  if (settings.write) {
    // Every file is checked before any is written, so a refused one never leaves the fixes half applied.
    const targets = [];
    for (const plan of changed) targets.push(await writableTarget(settings.root, plan.path, plan.before));
    await writeAll(targets, changed.map((plan) => plan.after));
  }
  else out.stdout(formatFixDiff(plans));

  const after = new Map(changed.map((plan) => [plan.path, plan.after]));
  const again = await scan({ ...options, tree: settings.write ? workingTree(settings.root) : overlay(tree, after) });
  const remaining = again.findings.filter(wanted);
  out.stderr(
    formatFixSummary(plans, {
      written: settings.write,
      notes,
      remaining: { findings: remaining.length, fixable: remaining.filter((f) => f.fix).length, summary: summaryLine(again) },
    }),
  );
  return again.failed ? 1 : 0;
}

async function readTexts(tree: SourceTree, paths: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const path of new Set(paths)) {
    const read = await tree.read(path);
    if ('text' in read) texts.set(path, read.text);
  }
  return texts;
}

/** The working tree with some files' texts replaced: what a scan would see after the fixes. */
function overlay(tree: SourceTree, texts: ReadonlyMap<string, string>): SourceTree {
  return {
    describe: `${tree.describe} with the fixes applied`,
    files: () => tree.files(),
    read: async (path) => {
      const text = texts.get(path);
      return text === undefined ? tree.read(path) : { text };
    },
  };
}

/** Where a fixed file is written, and the mode it keeps. */
interface WriteTarget {
  /** As the scan names it, for messages. */
  path: string;
  target: string;
  name: string;
  mode: number;
}

/**
 * Checks that a fixed file may be written in place of the one the scan read: a regular file under
 * the root (a link is refused, as the scan refused to follow it) whose text is still what was read
 * (a file changed since would lose that change).
 */
async function writableTarget(root: string, path: string, before: string): Promise<WriteTarget> {
  const target = resolve(root, path);
  const inside = relative(root, target);
  if (inside.startsWith(`..${sep}`) || inside === '..') throw new UsageError(`Refusing to write ${path}: it is outside ${root}.`);
  const stats = await lstat(target);
  if (!stats.isFile()) throw new UsageError(`Refusing to write ${path}: it is not a regular file. Nothing was written.`);
  if ((await readFile(target, 'utf8')) !== before) throw new UsageError(`Refusing to write ${path}: it changed since it was read. Nothing was written; run the fix again.`);
  return { path, target, name: inside.split(sep).pop()!, mode: stats.mode & 0o7777 };
}

/**
 * Writes every fixed file or none: each text first to a temporary file beside its target, then,
 * once all are written, each renamed over its target, so an interrupted write never leaves half a
 * file. What fails a write (a full disk, a folder the user may not write, Node's permission model
 * without `--allow-fs-write`) fails it before any target changes: the temporary files are removed
 * and the error names the file, exit code 2. A rename that fails after others succeeded (it
 * replaces a file in the same folder, so almost never) says which files were written.
 */
async function writeAll(targets: readonly WriteTarget[], texts: readonly string[]): Promise<void> {
  const temporaries: string[] = [];
  for (const [i, target] of targets.entries()) {
    const temporary = join(target.target, '..', `.${target.name}.containment-fix-${process.pid}`);
    try {
      await writeFile(temporary, texts[i]!, { mode: target.mode, flag: 'wx' });
      temporaries.push(temporary);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A file already at that name is not ours to remove; one this write made and did not finish is.
      if (code !== 'EEXIST') temporaries.push(temporary);
      await removeAll(temporaries);
      const why = code === 'EEXIST' ? `${basename(temporary)} is in the way beside it` : systemReason(error);
      throw new UsageError(`Could not write ${target.path}: ${why}. Nothing was written.`);
    }
  }
  for (const [i, target] of targets.entries()) {
    try {
      await rename(temporaries[i]!, target.target);
    } catch (error) {
      await removeAll(temporaries.slice(i));
      const written = targets.slice(0, i).map((done) => done.path);
      throw new UsageError(`Could not write ${target.path}: ${systemReason(error)}. ${written.length ? `Only ${written.join(', ')} ${written.length === 1 ? 'was' : 'were'} written.` : 'Nothing was written.'}`);
    }
  }
}

async function removeAll(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true }).catch(() => undefined)));
}
