import { relative, sep } from 'node:path';
import * as core from '@actions/core';
import { countReaching, describeCounts, plural } from './core/counts.js';
import type { Finding } from './core/finding.js';
import { SEVERITIES } from './core/severity.js';
import { workingTree } from './discover/working-tree.js';
import { PUBLIC_REGISTRIES, resolveSuggestedPins } from './pipeline/resolve-pins.js';
import { releaseDocuments } from './pipeline/scan.js';
import { scanForEvent } from './pipeline/scan-for-event.js';
import { actionLog } from './report/github/action-log.js';
import { checkoutState } from './report/github/checkout-check.js';
import { type GitHubClient, gitHubClient } from './report/github/client.js';
import { alignWithHead } from './report/github/head-lines.js';
import { renderJobSummary } from './report/github/job-summary.js';
import { notJudgedLine, notJudgedMarkdown } from './report/github/not-judged.js';
import { annotate, comment, commentText, type GitHubReport, suggest } from './report/github/publish.js';
import { type RunTarget, runTarget } from './report/github/pull-request.js';
import { inventoryView } from './report/inventory.js';
import { jsonReportChunks } from './report/json.js';
import { rebasePaths } from './report/rebase-paths.js';
import { dockerLogins } from './report/registry/docker-credentials.js';
import { sarifChunks } from './report/sarif.js';
import { writeOutputFile } from './report/write-output.js';
import { hiddenNote, listedFindings } from './select/reporting-threshold.js';
import type { ScanResult } from './select/scan-result.js';
import { verdict } from './select/verdict.js';
import { RESOLVE_TIMEOUT_MS } from './settings/fix-settings.js';
import { type ActionSettings, actionSettings, type FilterMode } from './settings/settings.js';

/**
 * The Action, as a table of contents under one error boundary: read the inputs, scan, report on
 * every channel, then pass or fail the step. Only `fail-on` fails the step: a refused comment or
 * check run is a warning, never a failure.
 */
export async function run(): Promise<void> {
  try {
    const settings = actionSettings(core.getInput);
    // Masked once, before anything can print it (no settings error quotes the token).
    if (settings.token !== '') core.setSecret(settings.token);
    // GitHub resolves annotation files and SARIF URIs against the repository root.
    const prefix = relative(settings.workspace, settings.root).split(sep).join('/');
    const { target, client } = await gitHubContext(settings);
    if (await notTheirCode(settings, target, client)) return;
    const scanned = await scanForEvent({
      root: settings.root,
      configRoot: settings.workspace,
      config: settings.config,
      failOn: settings.failOn,
      ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
      packs: settings.packs,
      baseline: settings.baseline,
      prefix,
      trustPrConfig: settings.trustPrConfig,
      failOnScope: settings.failOnScope,
      ...(target ? { target } : {}),
      ...(client ? { client } : {}),
    });
    await releaseDocuments();
    const result = rebasePaths(scanned, settings.workspace, prefix);
    // A notice quotes file names: actionLog keeps it one line that starts no workflow command.
    for (const notice of result.notices) actionLog.info(`${notice.level}: ${notice.message}`);
    if (result.comparisonUnavailable) actionLog.info(`Findings are not marked new or existing: ${result.comparisonUnavailable}.`);

    const inventory = inventoryView(result.inventory ?? { images: [], containers: [] });
    const report: GitHubReport = { result, inventory, details: settings.commentDetails, ...(target ? { target } : {}), ...(client ? { client } : {}) };
    await annotate({ ...report, result: { ...result, findings: annotated(result, settings.filterMode) } }, settings.annotations);
    if (settings.comment) await comment(report, settings.commentKey);
    if (settings.suggestions && client && result.pullRequest) {
      // Pins for the suggestions: with the Action's token for GitHub, anonymously (or with the runner's docker login) for registries.
      const pins = { apiUrl: settings.github.apiUrl, token: settings.token, timeoutMs: RESOLVE_TIMEOUT_MS, login: dockerLogins(), registries: PUBLIC_REGISTRIES };
      const pinned = await resolveSuggestedPins(result.findings, workingTree(settings.workspace), pins, settings.suggestionsMax);
      const findings = await onHeadLines(pinned, settings, target, client);
      await suggest({ ...report, result: { ...result, findings } }, settings.commentKey, settings.suggestionsMax);
    }
    await writeJobSummary(report);
    setCountOutputs(result);
    const refused: string[] = [];
    if (await writeReport(settings, 'json-file', settings.jsonFile, jsonReportChunks(result), refused)) core.setOutput('report-json', settings.jsonFile);
    if (settings.sarifFile) {
      const sarif = sarifChunks(result, { automationId: prefix === '' ? 'containment/' : `containment/${prefix}/`, onCut: actionLog.warning });
      if (await writeReport(settings, 'sarif-file', settings.sarifFile, sarif, refused)) {
        core.setOutput('sarif-file', settings.sarifFile);
        actionLog.info(`Wrote SARIF to ${settings.sarifFile}`);
      }
    }
    // A report that could not be written fails the step too: a later step (upload-sarif) relies on it.
    if (result.failed) {
      for (const message of refused) actionLog.error(message);
      actionLog.setFailed(failureMessage(result));
    } else if (refused.length > 0) {
      actionLog.setFailed(refused.join(' '));
    }
  } catch (error) {
    actionLog.setFailed(error instanceof Error ? error.message : String(error));
  }
}

/**
 * On a pull request, true when the checkout is not the pull request's code (the base branch, as
 * `pull_request_target` checks out by default): then the comment and the job summary say that
 * nothing was judged, the step fails on that (never on the base's findings), and nothing is
 * scanned. Outside a git work tree the checkout cannot be verified: one line says so, and the
 * files on disk are judged.
 */
async function notTheirCode(settings: ActionSettings, target: RunTarget | undefined, client: GitHubClient | undefined): Promise<boolean> {
  const pull = target?.pullRequest;
  if (target === undefined || pull?.headSha === undefined) return false;
  const state = await checkoutState(settings.root, pull.headSha);
  if (state.kind === 'unverifiable') {
    const line = `Containment could not verify that pull request #${pull.number}'s code is what was checked out (${state.why}); it judges the files on disk.`;
    if (pull.event === 'pull_request_target') actionLog.warning(line);
    else actionLog.info(line);
    return false;
  }
  if (state.kind !== 'other') return false;
  const markdown = notJudgedMarkdown(state, pull.number);
  if (settings.comment) await commentText({ target, ...(client ? { client } : {}) }, settings.commentKey, markdown);
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    actionLog.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
  }
  actionLog.setFailed(notJudgedLine(state, pull.number));
  return true;
}

/**
 * On GitHub's test merge commit, the findings whose fix replaces lines that read the same in the
 * pull request's head commit, which suggestions are posted on (head-lines.ts); the others are not
 * suggested, and the log says how many.
 */
async function onHeadLines(findings: Finding[], settings: ActionSettings, target: RunTarget | undefined, client: GitHubClient): Promise<Finding[]> {
  const headSha = target?.pullRequest?.headSha;
  if (target === undefined || headSha === undefined) return findings;
  const state = await checkoutState(settings.workspace, headSha);
  if (state.kind !== 'merge') return findings;
  const aligned = await alignWithHead(findings, { root: settings.workspace, headSha, client, owner: target.owner, repo: target.repo });
  if (aligned.heldBack > 0) {
    const fixes = aligned.heldBack === 1 ? '1 fix is' : `${aligned.heldBack} fixes are`;
    actionLog.info(`${fixes} not suggested: the lines ${aligned.heldBack === 1 ? 'it replaces' : 'they replace'} in the merge commit Containment judged are not the same lines in the pull request's head commit, which suggestions go on (the base branch has changed the file since the pull request branched, or the head could not be read).`);
  }
  return aligned.findings;
}

/** The run's target and a client, when there is a repository and a token to talk to GitHub with. */
async function gitHubContext(settings: ActionSettings): Promise<{ target?: RunTarget; client?: GitHubClient }> {
  const target = await runTarget(settings.github);
  if (target === undefined || settings.token === '') return target ? { target } : {};
  const client = gitHubClient({
    token: settings.token,
    baseUrl: settings.github.apiUrl,
    ...(settings.github.retryUnitMs === undefined ? {} : { retryUnitMs: settings.github.retryUnitMs }),
  });
  return { target, client };
}

/**
 * On a pull request, the findings that become annotations (reviewdog's filter modes): those on
 * added lines, in changed files, or all. The comment, the summary and SARIF always hold every one.
 */
function annotated(result: ScanResult, mode: FilterMode): ScanResult['findings'] {
  // Below min-severity a finding is counted in the summary, never annotated (DESIGN.md §5).
  const listed = listedFindings(result.findings, result.minSeverity);
  const below = result.findings.length - listed.length;
  if (below > 0) actionLog.info(`${hiddenNote(result.findings, result.minSeverity, "the 'min-severity' input set to info")}`);
  const pull = result.pullRequest;
  if (!pull || mode === 'all' || pull.incomplete) return listed;
  return listed.filter((finding) => (mode === 'added' ? finding.onChangedLine : finding.inChangedFile));
}

async function writeJobSummary(report: GitHubReport): Promise<void> {
  try {
    const links = report.target?.links;
    await core.summary.addRaw(renderJobSummary(report.result, { inventory: report.inventory, ...(links ? { links } : {}) })).write();
  } catch (error) {
    // Outside a runner (or on a runner without step summaries) there is nowhere to write it.
    actionLog.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Writes a report file inside the workspace or RUNNER_TEMP, never through a link (see
 * `writeOutputFile`). True when written; otherwise the reason joins `refused`.
 */
async function writeReport(settings: ActionSettings, input: string, path: string, content: string | Iterable<string>, refused: string[]): Promise<boolean> {
  try {
    await writeOutputFile(path, content, { roots: settings.outputRoots, input });
    return true;
  } catch (error) {
    refused.push(error instanceof Error ? error.message : String(error));
    return false;
  }
}

function setCountOutputs(result: ScanResult): void {
  core.setOutput('findings', result.findings.length);
  // With no comparison (the base could not be read) every finding counts as new: fail closed.
  if (result.pullRequest || result.comparisonUnavailable) core.setOutput('new', result.pullRequest?.newCount ?? result.findings.filter((f) => f.novelty === 'new').length);
  for (const severity of SEVERITIES) core.setOutput(severity, result.counts[severity]);
}

function failureMessage(result: ScanResult): string {
  if (result.pullRequest?.failOnScope === 'new') {
    const fresh = verdict(result.findings, result.failOn, 'new').failing.length;
    return (
      `This pull request adds ${plural(fresh, 'finding')} at or above fail-on '${result.failOn}'. The annotations on its lines ` +
      `and the job summary show where; findings that were already there do not fail it (fail-on-scope: new).`
    );
  }
  const reaching = countReaching(result.counts, result.failOn);
  return (
    `Containment found ${plural(reaching, 'finding')} at or above fail-on '${result.failOn}' ` +
    `(${describeCounts(result.counts, result.failOn)}). The annotations and the job summary show where; ` +
    `fix them, or set the 'fail-on' input to a more severe level if these should not fail the job.`
  );
}
