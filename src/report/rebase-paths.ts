import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../select/scan-result.js';

/**
 * The result with every path made relative to `base` instead of the scanned folder. GitHub
 * resolves annotation `file` values and SARIF URIs against the repository root, so when the
 * Action scans a subfolder (`path: services/api`) its paths must carry that prefix.
 * `prefix` is the scanned folder relative to `base`, POSIX, '' when they are the same.
 */
export function rebasePaths(result: ScanResult, base: string, prefix: string): ScanResult {
  if (prefix === '' || prefix === '.') return { ...result, root: base };
  const move = (path: string) => `${prefix}/${path}`;
  // Every field that holds a finding goes through this one function, so no kind of finding keeps
  // a path relative to the scanned folder (a suppressed one did, pointing SARIF at the wrong file).
  const moved = <F extends Finding>(finding: F): F => ({
    ...finding,
    path: move(finding.path),
    related: finding.related.map((related) => ({ ...related, path: move(related.path) })),
  });
  return {
    ...result,
    root: base,
    files: result.files.map((file) => ({ ...file, path: move(file.path) })),
    findings: result.findings.map(moved),
    ...(result.suppressed === undefined ? {} : { suppressed: result.suppressed.map(moved) }),
    ...(result.refusedSuppressions === undefined ? {} : { refusedSuppressions: result.refusedSuppressions.map(moved) }),
    ...(result.baselineFixed === undefined ? {} : { baselineFixed: result.baselineFixed.map((entry) => ({ ...entry, path: move(entry.path) })) }),
    ...(result.pullRequest === undefined
      ? {}
      : {
          pullRequest: {
            ...result.pullRequest,
            fixed: result.pullRequest.fixed.map(moved),
            changedPaths: result.pullRequest.changedPaths.map(move),
            configChanged: result.pullRequest.configChanged.map(move),
          },
        }),
    notices: result.notices.map((notice) => (notice.path === undefined ? notice : { ...notice, path: move(notice.path) })),
    ...(result.inventory === undefined
      ? {}
      : {
          inventory: {
            images: result.inventory.images.map((image) => ({ ...image, uses: image.uses.map((use) => ({ ...use, path: move(use.path) })) })),
            containers: result.inventory.containers.map((container) => ({ ...container, path: move(container.path) })),
          },
        }),
  };
}
