import { join, relative } from 'node:path';
import { ConfigError } from '../core/config-error.js';
import type { Severity } from '../core/severity.js';
import { readCheckedSync } from '../discover/checked-read.js';
import { readYaml } from '../documents/yaml-source.js';
import { compileOnce } from '../policy/ajv-factory.js';
import { paramProblems } from '../policy/params.js';
import type { Pack } from '../policy/rule.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import { type SuppressionLimit, type SuppressionPolicy, suppressionPolicy, suppressionsKeyError } from './suppression-policy.js';

/** One rule's configuration, normalized from `off`, a severity, or a map. */
export interface RuleConfig {
  enabled: boolean;
  severity?: Severity;
  params?: Record<string, unknown>;
  /** Paths (`.gitignore` syntax) where this rule's findings are not reported. */
  exclude?: string[];
}

/** `.github/containment.yml`, validated and normalized. */
export interface Config {
  /** Where it was read from, or undefined when there is none (all defaults). */
  source?: string;
  failOn?: Severity | 'none';
  /** What reports list and annotate; lower findings are counted (`min-severity`). */
  minSeverity?: Severity;
  packs: Record<string, boolean>;
  rules: Record<string, RuleConfig>;
  /** Paths (`.gitignore` syntax) that are not reported at all. */
  exclude: string[];
  /** `suppressions:`: what a suppression comment added by a pull request may cover. Absent: the default. */
  suppressions?: SuppressionPolicy;
  /** Where a key is written in the config file, for errors found after loading (an unknown rule). */
  locate?: (pointer: string) => { line: number; column: number };
}

export const DEFAULT_CONFIG_PATHS = ['.github/containment.yml', '.github/containment.yaml'];

/**
 * Reads the config file: `explicit` when given (it must exist), else the first default path that
 * exists under `root`. A bad file is a ConfigError naming the file, line and key.
 */
export function loadConfig(root: string, explicit?: string | { text: string; shown: string }): Config {
  // A pull request's base revision supplies the config as text (DESIGN.md §4).
  if (typeof explicit === 'object') return parseConfig(explicit.text, explicit.shown);
  // Read on its real path: a committed `.github/containment.yml -> ../.git/config` is refused, so a
  // config error can never quote the job token that actions/checkout keeps there.
  const candidates = explicit ? [explicit.startsWith('/') ? explicit : join(root, explicit)] : DEFAULT_CONFIG_PATHS.map((p) => join(root, p));
  let file: string | undefined;
  let text = '';
  for (const candidate of candidates) {
    const shownCandidate = relative(root, candidate).startsWith('..') || relative(root, candidate) === '' ? candidate : relative(root, candidate);
    const read = readCheckedSync(root, candidate);
    if ('missing' in read) {
      if (explicit) throw new ConfigError(`Cannot read the config file ${shownCandidate}: ENOENT. Check the path given to --config or the config input.`);
      continue;
    }
    if ('refused' in read) throw new ConfigError(`Cannot read the config file: ${read.refused.replace(candidate, shownCandidate)}. Check the path given to --config or the config input.`);
    file = candidate;
    text = read.text;
    break;
  }
  if (!file) return { packs: {}, rules: {}, exclude: [] };
  const shown = relative(root, file).startsWith('..') || relative(root, file) === '' ? file : relative(root, file);
  return parseConfig(text, shown);
}

export function parseConfig(text: string, shown: string): Config {
  const yaml = readYaml(text);
  const problem = yaml.problems.find((p) => p.ruleId === 'parse-error');
  if (problem) throw new ConfigError(`${shown}:${problem.range.start.line}:${problem.range.start.column}: ${problem.message}`);
  const value = yaml.value ?? {};
  const validate = compileOnce(CONFIG_SCHEMA);
  if (!validate(value)) {
    const error = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
    const { start } = yaml.locate(error.instancePath);
    const key = error.instancePath.slice(1).replace(/\//g, '.') || '(top level)';
    const detail =
      suppressionsKeyError(error.instancePath, error.keyword, error.params) ??
      (error.keyword === 'additionalProperties'
        ? `unknown key "${(error.params as { additionalProperty: string }).additionalProperty}" (allowed: fail-on, min-severity, exclude, packs, rules, suppressions; a rule takes enabled, severity, params, exclude)`
        : /^\/rules\/[^/]+\/params$/.test(error.instancePath)
          ? "must be a map of param names to values ('containment explain RULE-ID' lists a rule's params)"
          : error.instancePath.startsWith('/rules/')
          ? 'must be "off", a severity (critical, high, medium, low, info) or a map with enabled, severity, params and exclude'
          : (error.message ?? 'is not valid'));
    throw new ConfigError(`${shown}:${start.line}:${start.column}: ${key}: ${detail}.`);
  }
  const raw = value as {
    'fail-on'?: Severity | 'none';
    'min-severity'?: Severity;
    packs?: Record<string, boolean>;
    rules?: Record<string, unknown>;
    exclude?: string[];
    suppressions?: { 'in-pull-request'?: SuppressionLimit };
  };
  const rules: Record<string, RuleConfig> = {};
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (setting === 'off') rules[id] = { enabled: false };
    else if (typeof setting === 'string') rules[id] = { enabled: true, severity: setting as Severity };
    else {
      const map = setting as { enabled?: boolean; severity?: Severity; params?: Record<string, unknown>; exclude?: string[] };
      rules[id] = {
        enabled: map.enabled ?? true,
        ...(map.severity ? { severity: map.severity } : {}),
        ...(map.params ? { params: map.params } : {}),
        ...(map.exclude ? { exclude: map.exclude } : {}),
      };
    }
  }
  return {
    source: shown,
    ...(raw['fail-on'] ? { failOn: raw['fail-on'] } : {}),
    ...(raw['min-severity'] ? { minSeverity: raw['min-severity'] } : {}),
    packs: raw.packs ?? {},
    rules,
    exclude: raw.exclude ?? [],
    ...(raw.suppressions?.['in-pull-request'] ? { suppressions: suppressionPolicy(raw.suppressions, shown) } : {}),
    locate: (pointer) => yaml.locate(pointer).start,
  };
}

/**
 * Checks every `rules.<id>.params` against the schemas the rule declares for its params (ESLint's
 * `meta.schema`): a misspelt name (`sensitivePath` for `sensitivePaths`) would otherwise be
 * silently ignored, and a wrong type (`exemptOwners: actions` where a list is needed) would break
 * the rule's schema. Throws a ConfigError naming the file, line and key of the first problem;
 * rule ids are checked before (`checkConfigNames`), so an id that no pack has is skipped here.
 */
export function checkConfigParams(config: Config, packs: Pack[]): void {
  const rules = new Map(packs.flatMap((pack) => pack.rules.map((rule) => [rule.id, rule] as const)));
  const messages: string[] = [];
  for (const [id, setting] of Object.entries(config.rules)) {
    const rule = rules.get(id);
    if (!rule || !setting.params) continue;
    for (const problem of paramProblems(rule, setting.params)) {
      const pointer = `/rules/${id}/params${problem.pointer}`;
      const place = config.locate?.(pointer);
      const where = place ? `${config.source}:${place.line}:${place.column}` : (config.source ?? 'config');
      messages.push(`${where}: rules.${id}.params${problem.pointer.replace(/\//g, '.')}: ${problem.message}`);
    }
  }
  if (messages.length) throw new ConfigError(messages.join('\n'));
}
