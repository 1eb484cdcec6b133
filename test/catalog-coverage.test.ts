import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocumentKind } from '../src/core/source-document.js';
import type { SubjectType } from '../src/core/subject.js';
import { classify } from '../src/discover/classify.js';
import { parseDocument } from '../src/documents/parse-document.js';
import { loadBuiltinPacks } from '../src/policy/builtin-packs.js';
import type { Rule } from '../src/policy/rule.js';

// Every row of POLICY-CATALOG.md (A–D) must be covered by built-in rules or declined with a
// reason, and every rule must show, for each kind of file its subjects come from, one example
// that fails and one that passes. The mapping lives in policies/catalog.json.

const range = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
const CATALOG_ROWS = [...range('A', 22), ...range('B', 4), ...range('C', 12), ...range('D', 12)];

type RowEntry = string[] | { declined: string };
const catalog = JSON.parse(readFileSync(new URL('../policies/catalog.json', import.meta.url), 'utf8')) as {
  rows: Record<string, RowEntry>;
};
const declinedDoc = readFileSync(new URL('../docs/declined.md', import.meta.url), 'utf8');
const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);
const ruleIds = new Set(rules.map((rule) => rule.id));

/** Where each origin a subject value names is written. `action` files are optional extras. */
const ORIGIN_KINDS: Partial<Record<SubjectType, Record<string, DocumentKind>>> = {
  container: { 'compose-service': 'compose', 'job-container': 'workflow', 'job-service': 'workflow', 'docker-cli': 'workflow' },
  image: {
    'dockerfile-from': 'dockerfile',
    'compose-service': 'compose',
    'job-container': 'workflow',
    'job-service': 'workflow',
    'docker-action': 'workflow',
    'docker-cli': 'workflow',
    'action-runs': 'action',
  },
  command: { dockerfile: 'dockerfile', workflow: 'workflow', action: 'action' },
};

/** Subject types without an origin come from one kind of file. */
const FIXED_KINDS: Partial<Record<SubjectType, DocumentKind>> = {
  dockerfile: 'dockerfile',
  'dockerfile.stage': 'dockerfile',
  compose: 'compose',
  workflow: 'workflow',
  'workflow.job': 'workflow',
  'workflow.step': 'workflow',
  'action-ref': 'workflow',
};

/** Workflow `run:` scripts yield `command` subjects only once the workflow parser emits them. */
const workflowCommandsExist = parseDocument('workflow', '.github/workflows/probe.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n').subjects.some(
  (subject) => subject.type === 'command',
);

function originsIn(schema: unknown): string[] | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const s = schema as Record<string, unknown>;
  if (typeof s['const'] === 'string') return [s['const']];
  if (Array.isArray(s['enum'])) return s['enum'].filter((v): v is string => typeof v === 'string');
  return undefined;
}

/** The origins a rule's `when` lets through: `origin: { const | enum }` or `not: { origin: … }`. */
function allowedOrigins(rule: Rule): string[] {
  const all = Object.keys(ORIGIN_KINDS[rule.subject] ?? {});
  const when = rule.when as Record<string, unknown> | undefined;
  const properties = when?.['properties'] as Record<string, unknown> | undefined;
  const only = originsIn(properties?.['origin']);
  const not = (when?.['not'] as Record<string, unknown> | undefined)?.['properties'] as Record<string, unknown> | undefined;
  const excluded = originsIn(not?.['origin']) ?? [];
  return all.filter((origin) => (only ? only.includes(origin) : true) && !excluded.includes(origin));
}

/** The kinds of file for which a rule must show a failing and a passing example. */
function requiredKinds(rule: Rule): DocumentKind[] {
  const fixed = FIXED_KINDS[rule.subject];
  if (fixed) return [fixed];
  const kinds = new Set<DocumentKind>();
  for (const origin of allowedOrigins(rule)) {
    const kind = ORIGIN_KINDS[rule.subject]?.[origin];
    if (!kind || kind === 'action') continue;
    if (rule.subject === 'command' && kind === 'workflow' && !workflowCommandsExist) continue;
    kinds.add(kind);
  }
  return [...kinds];
}

describe('policy catalog coverage', () => {
  it.each(CATALOG_ROWS)('row %s is covered by rules or declined', (row) => {
    const entry = catalog.rows[row];
    expect(entry, `${row} is missing from policies/catalog.json`).toBeDefined();
    if (Array.isArray(entry)) {
      expect(entry.length, `${row} maps to no rule`).toBeGreaterThan(0);
      const unknown = entry.filter((id) => !ruleIds.has(id));
      expect(unknown, `${row} maps to rules that do not exist`).toEqual([]);
    } else {
      expect(typeof entry?.declined === 'string' && entry.declined.trim().length > 0, `${row} is declined without a reason`).toBe(true);
      expect(declinedDoc.includes(`**${row}**`), `docs/declined.md does not explain why ${row} is declined`).toBe(true);
    }
  });

  it('maps only catalog rows', () => {
    expect(Object.keys(catalog.rows).filter((row) => !CATALOG_ROWS.includes(row))).toEqual([]);
  });

  it('maps every built-in rule to at least one row', () => {
    const mapped = new Set(Object.values(catalog.rows).flatMap((entry) => (Array.isArray(entry) ? entry : [])));
    expect(rules.map((rule) => rule.id).filter((id) => !mapped.has(id))).toEqual([]);
  });
});

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s', (_id, rule) => {
  it('has reviewer-facing docs: message, rationale, a remediation snippet, references', () => {
    expect(rule.title.trim()).not.toBe('');
    expect(rule.message.trim()).not.toBe('');
    expect(rule.rationale.trim()).not.toBe('');
    expect(rule.remediation, 'the remediation shows a snippet in a fenced code block').toMatch(/```/);
    expect(rule.references.length).toBeGreaterThan(0);
  });

  it.each(requiredKinds(rule))('has a failing and a passing %s example', (kind) => {
    const examples = rule.tests.filter((test) => classify(test.file) === kind);
    expect(examples.some((test) => test.expect.length > 0), `no failing ${kind} example`).toBe(true);
    expect(examples.some((test) => test.expect.length === 0), `no passing ${kind} example`).toBe(true);
  });
});
