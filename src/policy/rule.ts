import type { Severity } from '../core/severity.js';
import type { SubjectType } from '../core/subject.js';
import type { RuleFix } from './fix-kinds.js';

/**
 * A reference to the guidance a rule enforces. `framework` is `cis-docker` (CIS Docker Benchmark,
 * `id` like `1.6.0:5.5`), `owasp-docker` (OWASP Docker Security Cheat Sheet, `id` like `RULE #3`),
 * `docker-build-check` (a BuildKit check name), or `url` (any page; `url` set).
 */
export interface Reference {
  framework: string;
  id?: string;
  url?: string;
}

/**
 * The same check in other tools, by their ids: hadolint (`DL3008`, ShellCheck `SC2046`), BuildKit's
 * build checks (`JSONArgsRecommended`, docs.docker.com/reference/build-checks/), Checkov
 * (`CKV_DOCKER_2`) and KICS (query UUIDs). hadolint and BuildKit directives in a Dockerfile
 * suppress the rules that name their code.
 */
export interface Equivalents {
  hadolint?: string[];
  buildkit?: string[];
  checkov?: string[];
  kics?: string[];
}

/** The tools whose directives in a Dockerfile Containment honours. */
export type DirectiveTool = 'hadolint' | 'buildkit';

/** One of a rule's embedded examples: a file, and where the rule must report in it. */
export interface RuleTest {
  file: string;
  content: string;
  /** Other files the example needs (a Dockerfile beside a Compose file). */
  files?: Record<string, string>;
  expect: Array<{ line: number; column: number; endLine?: number; endColumn?: number }>;
}

/** What a rule declares about one param, so that a config overriding it can be checked. */
export interface ParamSchema {
  /** JSON Schema (2020-12) that every value of the param, default or configured, satisfies. */
  schema: Record<string, unknown>;
  description: string;
}

/** A rule, loaded and validated. Rules are data; the engine runs them all the same way. */
export interface Rule {
  id: string;
  pack: string;
  title: string;
  severity: Severity;
  subject: SubjectType;
  when?: Record<string, unknown>;
  schema: Record<string, unknown>;
  message: string;
  rationale: string;
  remediation: string;
  references: Reference[];
  /** The same check in other tools; a BuildKit check the rule references (`docker-build-check`) is one. */
  equivalents?: Equivalents;
  /** Each param's default value, by name: what `{"$param": name}` in `schema`/`when` becomes. */
  params: Record<string, unknown>;
  /**
   * Each param's declared JSON Schema and description (`params.<name>.schema` in the rule file);
   * every loaded rule has one per param. A config may set only the params declared here.
   */
  paramSchemas?: Record<string, ParamSchema>;
  /** The edit that makes a finding of this rule go away, by kind from `FIX_KINDS`, when the rule has one. */
  fix?: RuleFix;
  tests: RuleTest[];
  /** Where the rule was loaded from, for errors and docs. */
  source: string;
}

/** A folder of rules with its `pack.yaml`. */
export interface Pack {
  id: string;
  title: string;
  description: string;
  version: string;
  rules: Rule[];
  source: string;
  /**
   * The defaults of the pack's shared params (`params:` in pack.yaml), by name: data several of its
   * rules read, such as `dockerSocketPaths`, which the inventory reads too.
   */
  params?: Record<string, unknown>;
}

/** A pack as listings and docs show it: its built-in problem rules have no schema, params or tests. */
export interface ListedPack {
  id: string;
  title: string;
  description: string;
  rules: ReadonlyArray<RuleInfo & Partial<Pick<Rule, 'params' | 'tests'>>>;
}

/** The part of a rule reporters need (SARIF rules, docs, `rules`), shared by built-in problem rules. */
export type RuleInfo = Pick<
  Rule,
  'id' | 'pack' | 'title' | 'severity' | 'rationale' | 'remediation' | 'references' | 'equivalents'
> & { subject?: SubjectType };
