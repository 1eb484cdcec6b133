import { describe, expect, it } from 'vitest';
import { CONTROL_TITLES, FRAMEWORK_TABLE, FRAMEWORKS, frameworkOf } from '../../src/core/frameworks.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { RULE_META_SCHEMA } from '../../src/policy/rule-meta-schema.js';

describe('the frameworks table is the one home of each framework', () => {
  it('gives every reference a built-in rule cites a title, a page and a control', () => {
    const references = loadBuiltinPacks().flatMap((pack) => pack.rules.flatMap((rule) => rule.references));
    const cited = references.filter((reference) => reference.framework !== 'url');
    expect(cited.length).toBeGreaterThan(20);
    for (const reference of cited) {
      const framework = frameworkOf(reference.framework);
      expect(framework, reference.framework).toBeDefined();
      expect(reference.id).toMatch(new RegExp(framework!.idPattern));
      expect(framework!.url(reference.id!)).toMatch(/^https:\/\//);
    }
  });

  it('names controls, labels and tags the way readers and code scanning see them', () => {
    const cis = FRAMEWORK_TABLE['cis-docker'];
    expect([cis.control('1.6.0:5.10'), cis.label('1.6.0:5.10'), cis.tag('1.6.0:5.10')]).toEqual(['5.10', 'CIS Docker Benchmark v1.6.0 — 5.10', 'CIS-5.10']);
    const owasp = FRAMEWORK_TABLE['owasp-docker'];
    expect([owasp.control('RULE #3'), owasp.label('RULE #3'), owasp.tag('RULE #3')]).toEqual(['#3', 'OWASP Docker Security Cheat Sheet — Rule #3', 'OWASP-Docker-RULE-3']);
    expect(FRAMEWORK_TABLE['docker-build-check'].url('JSONArgsRecommended')).toBe('https://docs.docker.com/reference/build-checks/json-args-recommended/');
  });

  it('is what the rule meta-schema accepts: one property per framework, with its id pattern', () => {
    const referenceSchema = (RULE_META_SCHEMA as { properties: { references: { items: { properties: Record<string, { pattern?: string }> } } } }).properties.references.items.properties;
    for (const [id, framework] of Object.entries(FRAMEWORK_TABLE)) expect(referenceSchema[id]?.pattern).toBe(framework.idPattern);
    expect(Object.keys(referenceSchema).sort()).toEqual([...Object.keys(FRAMEWORK_TABLE), 'url'].sort());
  });

  it('offers only frameworks with numbered controls to the compliance listing', () => {
    for (const id of Object.keys(FRAMEWORKS)) expect(frameworkOf(id)?.controls).toBe(true);
    expect(frameworkOf('toString')).toBeUndefined();
    expect(frameworkOf('url')).toBeUndefined();
  });

  it('has a title for every control a built-in rule cites', () => {
    const cited = loadBuiltinPacks().flatMap((pack) => pack.rules.flatMap((rule) => rule.references));
    const controls = cited.flatMap((reference) => {
      const framework = frameworkOf(reference.framework);
      return framework?.controls && reference.id ? [`${framework.short} ${framework.control(reference.id)}`] : [];
    });
    expect(controls.length).toBeGreaterThan(40);
    expect([...new Set(controls)].filter((control) => CONTROL_TITLES[control] === undefined)).toEqual([]);
  });
});
