import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { ConfigError } from '../core/config-error.js';
import { systemReason } from '../core/system-reason.js';
import { scanLocalChanges } from '../pipeline/local-changes.js';
import { resolvePins } from '../pipeline/resolve-pins.js';
import { releaseDocuments, scan } from '../pipeline/scan.js';
import { scanTarget } from '../pipeline/scan-target.js';
import { SUBJECT_SCHEMAS } from '../policy/subject-schemas.js';
import { renderSubjectsDoc } from '../report/docs/subjects-doc.js';
import { formatInventoryJson, formatInventoryText, inventoryView } from '../report/inventory.js';
import { formatInventoryMarkdown } from '../report/inventory-markdown.js';
import { jsonReportChunks } from '../report/json.js';
import { progressLine } from '../report/progress-line.js';
import { dockerLogins } from '../report/registry/docker-credentials.js';
import { sarifChunks } from '../report/sarif.js';
import { formatText, summaryLine } from '../report/text.js';
import { TOOL } from '../report/tool.js';
import { batched, OutputFileError, writeOutputFile } from '../report/write-output.js';
import { makeBaseline } from '../select/baseline.js';
import { onlyFile } from '../select/only-file.js';
import { formatCommandHelp, formatHelp } from '../settings/cli-help.js';
import { type BaselineCommand, type CliSettings, cliSettings, type InventoryCommand, type ScanCommand, UsageError, useColor } from '../settings/settings.js';
import { runFix } from './fix-command.js';
import { runDocs, runExplain, runRules, runTestPack } from './rule-commands.js';
import { exampleDocuments } from './subjects-example.js';

/**
 * Where one run of the command line reads and writes. The real binary (src/cli.ts) passes the
 * process's own; tests pass stand-ins, so that one worker can run many commands without a new
 * Node process for each.
 */
export interface CommandLineIo {
  /** The arguments, without `node` and the script. */
  argv: readonly string[];
  /** The folder relative paths are resolved against. */
  cwd: string;
  /** The environment: NO_COLOR, CI, GITHUB_TOKEN and GITHUB_API_URL for `fix --resolve`, DOCKER_CONFIG and HOME for logins. */
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Exit codes: the contract scripts and CI jobs rely on. */
const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

/**
 * Runs one command and returns its exit code (0 pass, 1 fail, 2 usage or an unexpected error);
 * every error ends here as a message on `io.stderr`, never as a throw.
 */
export async function runCommandLine(io: CommandLineIo): Promise<number> {
  const settings = cliSettings(io.argv, io.cwd, io.env);
  if (settings instanceof UsageError) return usage(io, settings.message);
  try {
    return await execute(settings, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) return usage(io, error.message, false);
    // A path from the command line that cannot be read or written (a file where a folder should
    // be, no permission) is the user's to fix, with the path named; never a stack trace.
    const failed = error as NodeJS.ErrnoException;
    if (typeof failed?.code === 'string' && typeof failed.path === 'string' && typeof failed.syscall === 'string') {
      return usage(io, `Cannot ${failed.syscall} ${failed.path} (${failed.code}). Check the paths given on the command line.`, false);
    }
    io.stderr.write(`containment: unexpected error; please report it at ${TOOL.informationUri}/issues\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}

async function execute(settings: CliSettings, io: CommandLineIo): Promise<number> {
  const out = (text: string) => io.stdout.write(text);
  const err = (text: string) => io.stderr.write(text);
  switch (settings.command) {
    case 'help':
      out(settings.topic ? formatCommandHelp(settings.topic) : formatHelp(TOOL));
      return EXIT.pass;
    case 'version':
      out(`${TOOL.version}\n`);
      return EXIT.pass;
    case 'rules':
      return runRules(settings, out);
    case 'explain':
      return runExplain(settings, out);
    case 'docs':
      return runDocs(settings, err);
    case 'test-pack':
      return runTestPack(settings, out);
    case 'subjects':
      out(settings.format === 'json' ? `${JSON.stringify(SUBJECT_SCHEMAS, null, 2)}\n` : renderSubjectsDoc(await exampleDocuments()));
      return EXIT.pass;
    case 'scan':
      return runScan(settings, io);
    case 'fix':
      await requireFolder(settings.root, 'fix');
      return runFix(settings, { stdout: out, stderr: err }, (findings, texts) =>
        resolvePins(findings, texts, { ...settings.github, timeoutMs: settings.timeoutMs, login: dockerLogins(io.env) }),
      );
    case 'baseline':
      return runBaseline(settings, io);
    case 'inventory':
      return runInventory(settings, io);
  }
}

/** Lists what the folder's containers run; a listing, never a verdict, so it always exits 0. */
async function runInventory(settings: InventoryCommand, io: CommandLineIo): Promise<number> {
  await requireFolder(settings.root, 'inventory');
  const result = await scan({ root: settings.root, config: settings.config, packs: settings.packs });
  const view = inventoryView(result.inventory ?? { images: [], containers: [] });
  const format = { text: formatInventoryText, json: formatInventoryJson, markdown: formatInventoryMarkdown }[settings.format];
  io.stdout.write(format(view));
  return EXIT.pass;
}

async function runScan(settings: ScanCommand, io: CommandLineIo): Promise<number> {
  const target = await scanTarget(settings.root);
  if (target.file !== undefined && settings.changed) throw new UsageError('--changed judges what a folder changed; pass the folder, not a file.');
  const progress = progressLine(io.stderr, { env: io.env });
  const options = {
    root: target.root,
    config: settings.config,
    failOn: settings.failOn,
    packs: settings.packs,
    baseline: settings.baseline,
    onProgress: progress.update,
    ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
  };
  const scanned = settings.changed
    ? await scanLocalChanges({ ...options, ...(settings.changed.base ? { base: settings.changed.base } : {}), failOnScope: settings.failOnScope ?? 'new' })
    : await scan(options);
  progress.finish();
  const result = target.file === undefined ? scanned : onlyFile(scanned, target.file);
  await releaseDocuments();
  const toFile = settings.output !== undefined;
  // JSON and SARIF are written in pieces: a large repository's report is hundreds of megabytes.
  const report: string | Iterable<string> =
    settings.format === 'json'
      ? jsonReportChunks(result)
      : settings.format === 'sarif'
        ? sarifChunks(result)
        : formatText(result, { color: !toFile && useColor(io.stdout.isTTY, io.env), all: settings.listAll === true });
  if (settings.output === undefined) {
    await writeToStdout(io.stdout, report);
  } else {
    await writeOutputFile(settings.output, report);
    // The report went to a file; the verdict still belongs on the terminal.
    io.stderr.write(`${summaryLine(result)}\nWrote the ${settings.format} report to ${settings.output}\n`);
  }
  return result.failed ? EXIT.fail : EXIT.pass;
}

/** Writes the baseline of what is found today; it never fails, since recording is the point. */
async function runBaseline(settings: BaselineCommand, io: CommandLineIo): Promise<number> {
  await requireFolder(settings.root, 'baseline');
  const result = await scan({ root: settings.root, config: settings.config, packs: settings.packs, failOn: 'none' });
  const text = `${JSON.stringify(makeBaseline(result.findings), null, 2)}\n`;
  if (settings.output === undefined) io.stdout.write(text);
  else await writeOutputFile(settings.output, text);
  io.stderr.write(`Recorded ${result.findings.length} findings in the baseline.\n`);
  return EXIT.pass;
}

/** `baseline` and `inventory` describe a whole folder (`scan` also takes a file: see scanTarget). */
async function requireFolder(root: string, command: 'baseline' | 'inventory' | 'fix'): Promise<void> {
  const stats = await stat(root).catch(() => undefined);
  if (!stats) throw new UsageError(`The folder to scan, ${root}, does not exist. Pass an existing folder: containment ${command} <path>.`);
  if (!stats.isDirectory()) throw new UsageError(`${root} is a file; '${command}' takes a folder. Pass the folder that contains it.`);
}

/** Writes to standard output, waiting for the pipe to drain between pieces. */
async function writeToStdout(stdout: NodeJS.WritableStream, content: string | Iterable<string>): Promise<void> {
  // In batches, as to a file: a write per piece is a system call per piece when stdout is a file.
  for (const piece of typeof content === 'string' ? [content] : batched(content)) {
    try {
      if (!stdout.write(piece)) await once(stdout, 'drain');
    } catch (error) {
      // A failed write throws, or fails the wait for 'drain'. A reader that closed the pipe is not
      // an error (`scan | head`); anything else (a full disk) leaves the report incomplete.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw new OutputFileError(`Could not write standard output: ${systemReason(error)}; the report is incomplete.`);
    }
  }
}

function usage(io: CommandLineIo, message: string, hint = true): number {
  io.stderr.write(`containment: ${message}\n${hint && !message.includes('--help') ? "Run 'containment --help' for usage.\n" : ''}`);
  return EXIT.usage;
}
