import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import * as core from '@actions/core';
import type { ScanResult } from './engine/scan-result.js';
import { SEVERITIES } from './engine/severity.js';
import { countReaching, describeCounts, plural } from './report/counts.js';
import { gitHubClient } from './report/github/client.js';
import { renderJobSummary } from './report/github/job-summary.js';
import { annotate, comment, type GitHubReport } from './report/github/publish.js';
import { runTarget } from './report/github/pull-request.js';
import { inventoryView } from './report/inventory.js';
import { formatJson } from './report/json.js';
import { rebasePaths } from './report/rebase-paths.js';
import { formatSarif } from './report/sarif.js';
import { scan } from './scan.js';
import { type ActionSettings, actionSettings } from './settings.js';

/**
 * The Action, as a table of contents under one error boundary: read the inputs, scan, report on
 * every channel, then pass or fail the step. Only `fail-on` fails the step: a refused comment or
 * check run is a warning, never a failure.
 */
export async function run(): Promise<void> {
  try {
    const settings = actionSettings(core.getInput);
    // Masked before anything can print it.
    if (settings.token !== '') core.setSecret(settings.token);
    const scanned = await scan({ root: settings.root, config: settings.config, failOn: settings.failOn, packs: settings.packs });
    // GitHub resolves annotation files and SARIF URIs against the repository root.
    const prefix = relative(settings.workspace, settings.root).split(sep).join('/');
    const result = rebasePaths(scanned, settings.workspace, prefix);
    // A notice quotes file names: kept on one line, so it cannot start a workflow command.
    for (const notice of result.notices) core.info(`${notice.level}: ${notice.message.replace(/[\r\n]+/g, ' ')}`);

    const report = await gitHubReport(settings, result);
    await annotate(report, settings.annotations);
    if (settings.comment) await comment(report, settings.commentKey);
    await writeJobSummary(report);
    setCountOutputs(result);
    await writeReport(settings.jsonFile, formatJson(result));
    core.setOutput('report-json', settings.jsonFile);
    if (settings.sarifFile) {
      await writeReport(settings.sarifFile, formatSarif(result, { automationId: prefix === '' ? 'containment/' : `containment/${prefix}/` }));
      core.setOutput('sarif-file', settings.sarifFile);
      core.info(`Wrote SARIF to ${settings.sarifFile}`);
    }
    if (result.failed) core.setFailed(failureMessage(result));
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

/** The result with the run's target and a client, when there is a repository and a token to talk to GitHub with. */
async function gitHubReport(settings: ActionSettings, result: ScanResult): Promise<GitHubReport> {
  const target = await runTarget(settings.github);
  const inventory = inventoryView(result.inventory ?? { images: [], containers: [] });
  if (target === undefined || settings.token === '') return { result, inventory, ...(target ? { target } : {}) };
  const client = gitHubClient({
    token: settings.token,
    baseUrl: settings.github.apiUrl,
    ...(settings.github.retryUnitMs === undefined ? {} : { retryUnitMs: settings.github.retryUnitMs }),
  });
  return { result, inventory, target, client };
}

async function writeJobSummary(report: GitHubReport): Promise<void> {
  try {
    const links = report.target?.links;
    await core.summary.addRaw(renderJobSummary(report.result, { inventory: report.inventory, ...(links ? { links } : {}) })).write();
  } catch (error) {
    // Outside a runner (or on a runner without step summaries) there is nowhere to write it.
    core.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function writeReport(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

function setCountOutputs(result: ScanResult): void {
  core.setOutput('findings', result.findings.length);
  for (const severity of SEVERITIES) core.setOutput(severity, result.counts[severity]);
}

function failureMessage(result: ScanResult): string {
  const reaching = countReaching(result.counts, result.failOn);
  return (
    `Containment found ${plural(reaching, 'finding')} at or above fail-on '${result.failOn}' ` +
    `(${describeCounts(result.counts, result.failOn)}). The annotations and the job summary show where; ` +
    `fix them, or set the 'fail-on' input to a more severe level if these should not fail the job.`
  );
}
