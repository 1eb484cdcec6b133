import { stat, writeFile } from 'node:fs/promises';
import { loadBuiltinPacks } from './policy/builtin-packs.js';
import { formatJson } from './report/json.js';
import { formatRulesMarkdown } from './report/rules-markdown.js';
import { formatRulesTable } from './report/rules-table.js';
import { formatSarif } from './report/sarif.js';
import { formatText, summaryLine } from './report/text.js';
import { TOOL } from './report/tool.js';
import { scan } from './scan.js';
import { ConfigError } from './select/config-error.js';
import { type CliSettings, cliSettings, type ScanCommand, UsageError, useColor } from './settings.js';

/** Exit codes: the contract scripts and CI jobs rely on. */
const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

const HELP = `${TOOL.name} ${TOOL.version}: judges Compose files, Dockerfiles and GitHub workflows against Docker's security guidance.

Usage:
  containment scan [path] [options]   scan a folder (default: the current one)
  containment rules [--format text|markdown]
                                      list the built-in rules
  containment --help | --version

Options for scan:
  -f, --format text|json|sarif   output format (default: text)
  -c, --config FILE              config file (default: .github/containment.yml under path, if present)
      --fail-on LEVEL            critical|high|medium|low|info|none: exit 1 when a finding is at least
                                 this severe (default: the config file's fail-on, else high)
  -o, --output FILE              write the report to FILE instead of stdout

Exit status: 0 nothing reaches --fail-on, 1 something does, 2 a usage or configuration error.
More: ${TOOL.informationUri}
`;

/**
 * Runs one command. The exit code is set, never forced with process.exit(), so that a report
 * piped into another program is written out in full before Node exits.
 */
async function main(argv: readonly string[]): Promise<void> {
  const settings = cliSettings(argv);
  if (settings instanceof UsageError) return usage(settings.message);
  try {
    process.exitCode = await execute(settings);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) return usage(error.message, false);
    process.stderr.write(`containment: unexpected error; please report it at ${TOOL.informationUri}/issues\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}

async function execute(settings: CliSettings): Promise<number> {
  switch (settings.command) {
    case 'help':
      process.stdout.write(HELP);
      return EXIT.pass;
    case 'version':
      process.stdout.write(`${TOOL.version}\n`);
      return EXIT.pass;
    case 'rules':
      process.stdout.write(settings.format === 'markdown' ? formatRulesMarkdown(loadBuiltinPacks()) : formatRulesTable(loadBuiltinPacks()));
      return EXIT.pass;
    case 'scan':
      return runScan(settings);
  }
}

async function runScan(settings: ScanCommand): Promise<number> {
  await requireFolder(settings.root);
  const result = await scan({ root: settings.root, config: settings.config, failOn: settings.failOn });
  const toFile = settings.output !== undefined;
  const report =
    settings.format === 'json'
      ? formatJson(result)
      : settings.format === 'sarif'
        ? formatSarif(result)
        : formatText(result, { color: !toFile && useColor(process.stdout.isTTY) });
  if (settings.output === undefined) {
    process.stdout.write(report);
  } else {
    await writeFile(settings.output, report);
    // The report went to a file; the verdict still belongs on the terminal.
    process.stderr.write(`${summaryLine(result)}\nWrote the ${settings.format} report to ${settings.output}\n`);
  }
  return result.failed ? EXIT.fail : EXIT.pass;
}

async function requireFolder(root: string): Promise<void> {
  const stats = await stat(root).catch(() => undefined);
  if (!stats) throw new UsageError(`The folder to scan, ${root}, does not exist. Pass an existing folder: containment scan <path>.`);
  if (!stats.isDirectory()) throw new UsageError(`${root} is a file; scan takes a folder. Pass the folder that contains it.`);
}

function usage(message: string, hint = true): void {
  process.stderr.write(`containment: ${message}\n${hint ? "Run 'containment --help' for usage.\n" : ''}`);
  process.exitCode = EXIT.usage;
}

// A reader that stops early (`containment scan | head`) closes the pipe; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

await main(process.argv.slice(2));
