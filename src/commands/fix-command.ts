import { lstat, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Finding } from '../core/finding.js';
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
    for (const [i, plan] of changed.entries()) await writeFixed(targets[i]!, plan.after);
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
  return { target, name: inside.split(sep).pop()!, mode: stats.mode & 0o7777 };
}

/** Writes through a temporary file renamed over the target, so an interrupted write never leaves half a file. */
async function writeFixed({ target, name, mode }: WriteTarget, text: string): Promise<void> {
  const temporary = join(target, '..', `.${name}.containment-fix-${process.pid}`);
  await writeFile(temporary, text, { mode, flag: 'wx' });
  await rename(temporary, target);
}
