import type { ScanResult } from './scan-result.js';
import { countBySeverity } from './select.js';
import { verdict } from './verdict.js';

/**
 * A folder's scan narrowed to one of its files (`containment scan Dockerfile`): the file is judged
 * with the facts its folder gives it (the `.env` a Compose file reads, the Dockerfile a service
 * builds), and only what is reported in that file is kept; counts and the verdict follow.
 * `path` is relative to the result's root, with `/` separators.
 */
export function onlyFile(result: ScanResult, path: string): ScanResult {
  const inFile = <T extends { path?: string }>(items: readonly T[] | undefined) => (items ?? []).filter((item) => item.path === path);
  const findings = inFile(result.findings);
  return {
    ...result,
    files: inFile(result.files),
    findings,
    notices: result.notices.filter((notice) => notice.path === undefined || notice.path === path),
    counts: countBySeverity(findings),
    failed: verdict(findings, result.failOn).failed,
    suppressed: inFile(result.suppressed),
    refusedSuppressions: inFile(result.refusedSuppressions),
    ...(result.inventory
      ? {
          inventory: {
            images: result.inventory.images.flatMap((image) => {
              const uses = image.uses.filter((use) => use.path === path);
              return uses.length ? [{ ...image, uses }] : [];
            }),
            containers: result.inventory.containers.filter((container) => container.path === path),
          },
        }
      : {}),
  };
}
