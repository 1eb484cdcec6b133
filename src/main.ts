import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import * as core from '@actions/core';
import type { ScanResult } from './engine/scan-result.js';
import { SEVERITIES } from './engine/severity.js';
import { countReaching, describeCounts, plural } from './report/counts.js';
import { emitAnnotations } from './report/github/annotations.js';
import { renderJobSummary } from './report/github/job-summary.js';
import { rebasePaths } from './report/rebase-paths.js';
import { formatSarif } from './report/sarif.js';
import { scan } from './scan.js';
import { actionSettings } from './settings.js';

/**
 * The Action, as a table of contents under one error boundary: read the inputs, scan, report on
 * every channel, then pass or fail the step.
 */
export async function run(): Promise<void> {
  try {
    const settings = actionSettings(core.getInput);
    const scanned = await scan({ root: settings.root, config: settings.config, failOn: settings.failOn });
    // GitHub resolves annotation files and SARIF URIs against the repository root.
    const prefix = relative(settings.workspace, settings.root).split(sep).join('/');
    const result = rebasePaths(scanned, settings.workspace, prefix);

    for (const notice of result.notices) core.info(`${notice.level}: ${notice.message}`);
    if (settings.annotations) emitAnnotations(result.findings, core, { reserved: { error: result.failed ? 1 : 0 } });
    await writeJobSummary(result);
    setCountOutputs(result);
    if (settings.sarifFile) {
      await mkdir(dirname(settings.sarifFile), { recursive: true });
      await writeFile(settings.sarifFile, formatSarif(result, { automationId: prefix === '' ? 'containment/' : `containment/${prefix}/` }));
      core.setOutput('sarif-file', settings.sarifFile);
      core.info(`Wrote SARIF to ${settings.sarifFile}`);
    }
    if (result.failed) core.setFailed(failureMessage(result));
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function writeJobSummary(result: ScanResult): Promise<void> {
  try {
    await core.summary.addRaw(renderJobSummary(result)).write();
  } catch (error) {
    // Outside a runner (or on a runner without step summaries) there is nowhere to write it.
    core.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
  }
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
