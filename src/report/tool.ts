import packageJson from '../../package.json' with { type: 'json' };

/** Who made a report: SARIF's `tool.driver`, the JSON report's header, `--version`. */
export const TOOL = {
  name: 'Containment',
  version: packageJson.version,
  informationUri: 'https://github.com/containment-dev/containment',
} as const;

/**
 * Where a rule's documentation lives. The rule reference is generated into docs/rules/ from the
 * packs; until it is published elsewhere, the repository's copy is the stable address.
 */
export function ruleHelpUri(ruleId: string): string {
  return `${TOOL.informationUri}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
