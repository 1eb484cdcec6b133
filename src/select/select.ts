import { ConfigError } from '../core/config-error.js';
import type { Finding } from '../core/finding.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import { PROBLEM_RULES } from '../policy/problem-rules.js';
import type { Pack, Rule, RuleInfo } from '../policy/rule.js';
import type { Config } from './config.js';
import { pathFilter } from './path-filter.js';

/** The rules that run: every rule of every enabled pack, less those the config turns off. */
export function activeRules(packs: Pack[], config: Config): Rule[] {
  return packs
    .filter((pack) => config.packs[pack.id] !== false)
    .flatMap((pack) => pack.rules)
    .filter((rule) => config.rules[rule.id]?.enabled !== false);
}

/** Rule descriptions as reported (SARIF, docs), with configured severities. */
export function reportedRules(rules: Rule[], config: Config): RuleInfo[] {
  const all: RuleInfo[] = [...PROBLEM_RULES.filter((rule) => config.rules[rule.id]?.enabled !== false), ...rules];
  return all.map((rule) => ({
    id: rule.id,
    pack: rule.pack,
    title: rule.title,
    severity: config.rules[rule.id]?.severity ?? rule.severity,
    rationale: rule.rationale,
    remediation: rule.remediation,
    references: rule.references,
    ...(rule.equivalents ? { equivalents: rule.equivalents } : {}),
    ...(rule.subject ? { subject: rule.subject } : {}),
  }));
}

/** Paths the config excludes from every report (`exclude`, `.gitignore` syntax). */
export function excludedPaths(config: Config): (path: string) => boolean {
  return pathFilter(config.exclude);
}

/**
 * Whether the config keeps a rule's findings in a file out of the report (`exclude`, or the rule's
 * own `exclude`; `ruleId` undefined: `exclude` alone). A file that a file kept in the report makes
 * run (`runBy`, from `filesRunBy`: it `include`s it, builds it, loads it with `-f`), directly or
 * through other excluded files, is not left out: excluding `test/fixtures/` must not hide a
 * fixture that a judged `compose.yaml` includes, since `docker compose up` runs it.
 */
export function exclusion(config: Config, runBy: ReadonlyMap<string, ReadonlySet<string>> = new Map()): (ruleId: string | undefined, path: string) => boolean {
  const excluded = excludedPaths(config);
  const ruleExcludes = new Map(Object.entries(config.rules).flatMap(([id, c]) => (c.exclude ? [[id, pathFilter(c.exclude)] as const] : [])));
  const written = (ruleId: string | undefined, path: string) => excluded(path) || (ruleId !== undefined && ruleExcludes.get(ruleId)?.(path) === true);
  const memo = new Map<string, boolean>();
  const left = (ruleId: string | undefined, path: string, visiting: Set<string>): boolean => {
    if (!written(ruleId, path)) return false;
    const key = `${ruleId ?? ''}\0${path}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    // A cycle of includes (Compose refuses one) is left out rather than followed for ever.
    if (visiting.has(path)) return true;
    visiting.add(path);
    let out = true;
    for (const by of runBy.get(path) ?? []) {
      if (!left(ruleId, by, visiting)) {
        out = false;
        break;
      }
    }
    visiting.delete(path);
    memo.set(key, out);
    return out;
  };
  return (ruleId, path) => left(ruleId, path, new Set());
}

/**
 * Applies the configuration to what the rules found: findings of rules switched off are dropped
 * (problem rules included), severities overridden, excluded paths dropped (`exclusion`: not those
 * a judged file makes run). A finding written in an excluded file about a subject defined in a
 * judged one (a service that `extends` a privileged service from an excluded file) is moved to
 * that subject: excluding a file must not hide what the files that are judged inherit from it.
 */
export function selectFindings(findings: Finding[], config: Config, runBy: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Finding[] {
  const skipped = exclusion(config, runBy);
  return findings.flatMap((finding) => {
    const setting = config.rules[finding.ruleId];
    if (setting?.enabled === false) return [];
    let kept = finding;
    if (skipped(finding.ruleId, finding.path)) {
      const host = finding.related.find((r) => r.role === 'subject');
      if (!host || skipped(finding.ruleId, host.path)) return [];
      kept = {
        ...finding,
        path: host.path,
        range: host.range,
        ...inheritedMessage(finding),
        related: [{ path: finding.path, range: finding.range, message: 'written here, in a file the config excludes' }, ...finding.related.filter((r) => r !== host)],
      };
    }
    return [setting?.severity ? { ...kept, severity: setting.severity } : kept];
  });
}

/**
 * A config that names a rule or pack that does not exist is almost always a typo, and the typo
 * would leave the intended rule running unchanged: an error, located in the config file.
 */
export function checkConfigNames(config: Config, packs: Pack[]): void {
  const rules = new Set([...PROBLEM_RULES.map((r) => r.id), ...packs.flatMap((p) => p.rules.map((r) => r.id))]);
  const packIds = new Set(packs.map((p) => p.id));
  const at = (pointer: string) => {
    const place = config.locate?.(pointer);
    return place ? `${config.source}:${place.line}:${place.column}` : (config.source ?? 'config');
  };
  for (const id of Object.keys(config.rules)) {
    if (!rules.has(id)) throw new ConfigError(`${at(`/rules/${id}`)}: rules.${id}: there is no rule with this id; 'containment rules' lists them.`);
  }
  for (const id of Object.keys(config.packs)) {
    if (!packIds.has(id)) throw new ConfigError(`${at(`/packs/${id}`)}: packs.${id}: there is no pack with this id (packs: ${[...packIds].join(', ')}).`);
  }
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** The message of a finding moved out of an excluded file, which names that file (a file value). */
function inheritedMessage(finding: Finding): Pick<Finding, 'message' | 'valueSpans'> {
  const before = `${finding.message} (Inherited from `;
  const message = `${before}${finding.path}, which the config excludes.)`;
  if (!finding.valueSpans) return { message };
  return { message, valueSpans: [...finding.valueSpans, before.length, before.length + finding.path.length] };
}
