import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { parseCompose } from '../../src/documents/compose-document.js';
import { byPlace, compileRules, evaluate, MAX_FINDINGS_PER_FILE, MAX_JUDGED_PER_FILE, orderFindings } from '../../src/evaluate/evaluate.js';
import type { Rule } from '../../src/policy/rule.js';
import { testRule } from '../support/test-rule.js';

const rule = (id: string, schema: Record<string, unknown>, extra: Partial<Rule> = {}): Rule =>
  testRule({ id, schema, title: 'Test rule', message: '{{name}} breaks it at {{value}} {{property}}', ...extra });

const compose = parseCompose(
  'compose.yaml',
  ['services:', '  web:', '    image: nginx', '    cap_add: [sys_admin, CAP_NET_ADMIN, CHOWN]', '    environment:', '      - PASSWORD=hunter2', '  db:', '    image: postgres', '    user: "999"', ''].join('\n'),
);

describe('evaluate', () => {
  it('makes one finding per failing item, located at the item', () => {
    const findings = evaluate([compose], compileRules([rule('caps', { properties: { cap_add: { items: { not: { enum: ['SYS_ADMIN', 'NET_ADMIN'] } } } } })]));
    expect(findings.map((f) => [f.range.start.line, f.range.start.column, f.message])).toEqual([
      [4, 15, 'web breaks it at SYS_ADMIN {{property}}'],
      [4, 26, 'web breaks it at NET_ADMIN {{property}}'],
    ]);
  });

  it('locates a missing property at the parent key and names it', () => {
    const findings = evaluate([compose], compileRules([rule('user', { required: ['user'] })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ range: { start: { line: 2, column: 3 } }, message: expect.stringContaining('user') });
  });

  it('follows anchors from a normalized value to where it is written', () => {
    const findings = evaluate([compose], compileRules([rule('env', { properties: { environment: { propertyNames: { not: { const: 'PASSWORD' } } } } })]));
    expect(findings.map((f) => f.range.start)).toEqual([{ line: 6, column: 9 }]);
  });

  it('applies `when` and substitutes params', () => {
    const r = rule('p', { properties: { user: { not: { enum: { $param: 'banned' } } } } }, { when: { required: ['user'] }, params: { banned: ['999'] } });
    expect(evaluate([compose], compileRules([r]))).toHaveLength(1);
    expect(evaluate([compose], compileRules([r], { p: { banned: ['root'] } }))).toHaveLength(0);
  });

  it('reports an anyOf failure once, not once per branch', () => {
    const findings = evaluate([compose], compileRules([rule('any', { anyOf: [{ required: ['user'] }, { required: ['read_only'] }] })]));
    expect(findings).toHaveLength(1);
  });

  it('keeps fingerprints independent of lines above the finding', () => {
    const r = compileRules([rule('user', { required: ['user'] })]);
    const shifted = parseCompose('compose.yaml', `# a comment\n\n${compose.text}`);
    const [a] = evaluate([compose], r);
    const [b] = evaluate([shifted], r);
    expect(b!.range.start.line).toBe(a!.range.start.line + 2);
    expect(b!.fingerprint).toBe(a!.fingerprint);
  });

  it('turns document problems into findings of the problem rules', () => {
    const broken = parseCompose('compose.yaml', 'services:\n  web: [\n');
    const findings = evaluate([broken], []);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', severity: 'high', path: 'compose.yaml' })]);
  });
});

describe('compose normalization seen through findings', () => {
  it('keeps positions right when an unresolved entry is dropped from a list', () => {
    const doc = parseCompose('compose.yaml', 'services:\n  web:\n    image: nginx:1\n    cap_add:\n      - ${EXTRA_CAP}\n      - SYS_ADMIN\n');
    const findings = evaluate([doc], compileRules([rule('caps', { properties: { cap_add: { items: { not: { const: 'SYS_ADMIN' } } } } })]));
    expect(findings.filter((f) => f.ruleId === 'caps').map((f) => f.range.start)).toEqual([{ line: 6, column: 9 }]);
  });

  it('makes no image subject for an image that the service builds', () => {
    const doc = parseCompose('compose.yaml', 'services:\n  app:\n    build: .\n    image: example/app\n  db:\n    image: postgres\n');
    expect(doc.subjects.filter((s) => s.type === 'image').map((s) => s.name)).toEqual(['db']);
  });

  it('treats an emptied list parameter as "none" instead of failing to compile', () => {
    const r = rule('p', { properties: { user: { not: { enum: { $param: 'banned' } } } } }, { params: { banned: ['999'] } });
    expect(evaluate([compose], compileRules([r], { p: { banned: [] } }))).toHaveLength(0);
  });
});

describe('message templates', () => {
  it('names the offending key and fields of the subject', () => {
    const doc = parseCompose('compose.yaml', 'services:\n  db:\n    image: postgres:16\n    pid: host\n');
    const r = rule('ns', { properties: { pid: { not: { const: 'host' } } } }, { message: '{{name}} sets `{{key}}: {{value}}` ({{subject.image}})' });
    expect(evaluate([doc], compileRules([r])).map((f) => f.message)).toEqual(['db sets `pid: host` (postgres:16)']);
  });
});

describe('contains', () => {
  it('reports a failed contains once, at the list, not once per item', () => {
    const doc = parseCompose('compose.yaml', 'services:\n  web:\n    image: nginx:1\n    cap_drop: [NET_RAW, CHOWN]\n');
    const findings = evaluate([doc], compileRules([rule('drop', { properties: { cap_drop: { contains: { const: 'ALL' } } } })]));
    expect(findings.filter((f) => f.ruleId === 'drop').map((f) => f.range.start)).toEqual([{ line: 4, column: 5 }]);
  });
});

describe('evaluate on a file with more critical findings than are listed', () => {
  const services = (count: number, extra = '') =>
    parseCompose('compose.yaml', `services:\n${Array.from({ length: count }, (_, i) => `  s${i}:\n    image: nginx\n    privileged: true\n${extra}`).join('')}`);
  const rules = compileRules([
    rule('privileged', { properties: { privileged: { not: { const: true } } } }, { severity: 'critical' }),
    rule('needs-user', { required: ['user'] }, { severity: 'low' }),
  ]);

  it(`stops judging the file at ${MAX_FINDINGS_PER_FILE} critical findings, with one located scan-incomplete finding`, () => {
    const findings = evaluate([services(5000)], rules);
    const critical = findings.filter((f) => f.severity === 'critical');
    expect(critical).toHaveLength(MAX_FINDINGS_PER_FILE);
    // Judged in full, 5,000 services would make 10,000 findings; stopping leaves one per rule and service judged.
    expect(findings.length).toBeLessThanOrEqual(2 * MAX_FINDINGS_PER_FILE + 1);
    const stopped = findings.filter((f) => f.ruleId === 'scan-incomplete');
    expect(stopped).toEqual([
      expect.objectContaining({
        severity: 'high',
        path: 'compose.yaml',
        range: expect.objectContaining({ start: { line: 3 * (MAX_FINDINGS_PER_FILE - 1) + 2, column: 3 } }),
        message: expect.stringMatching(/^Containment stopped judging compose\.yaml here, after 200 critical findings/),
      }),
    ]);
  });

  it('judges a file in full below the limit', () => {
    const findings = evaluate([services(MAX_FINDINGS_PER_FILE - 1)], rules);
    expect(findings).toHaveLength(2 * (MAX_FINDINGS_PER_FILE - 1));
    expect(findings.some((f) => f.ruleId === 'scan-incomplete')).toBe(false);
  });

  it('gives the stop a new fingerprint whenever the file changes, so an edit past the stop is never "existing"', () => {
    const stop = (extra: string) => evaluate([services(300, extra)], rules).find((f) => f.ruleId === 'scan-incomplete')!.fingerprint;
    expect(stop('')).toBe(stop(''));
    expect(stop('    cap_add: [ALL]\n')).not.toBe(stop(''));
  });
});

describe('evaluate on a file with more findings of any severity than it judges', () => {
  // No critical rule: each service fails two low and medium rules, so only the total bound stops it.
  const services = (count: number, path = 'compose.yaml') => parseCompose(path, `services:\n${Array.from({ length: count }, (_, i) => `  s${i}:\n    image: nginx\n`).join('')}`);
  const rules = compileRules([
    rule('needs-user', { required: ['user'] }, { severity: 'low' }),
    rule('needs-read-only', { required: ['read_only'] }, { severity: 'medium' }),
  ]);

  it(`stops at ${MAX_JUDGED_PER_FILE} findings, with a high scan-incomplete finding at the subject it stopped on`, () => {
    const findings = evaluate([services(MAX_JUDGED_PER_FILE)], rules);
    // 2,500 services judged in full, the next not at all: what follows may be worse.
    expect(findings.filter((f) => f.ruleId !== 'scan-incomplete')).toHaveLength(MAX_JUDGED_PER_FILE);
    const stopped = findings.filter((f) => f.ruleId === 'scan-incomplete');
    expect(stopped).toEqual([
      expect.objectContaining({
        severity: 'high',
        path: 'compose.yaml',
        // The last service judged, s2499, written at line 2 + 2 * 2499.
        range: { start: { line: 2 + 2 * (MAX_JUDGED_PER_FILE / 2 - 1), column: 3 }, end: { line: 2 + 2 * (MAX_JUDGED_PER_FILE / 2 - 1), column: 8 } },
        message: `Containment stopped judging compose.yaml here, after ${MAX_JUDGED_PER_FILE} findings (it lists at most ${MAX_FINDINGS_PER_FILE} for one file, the most severe first, and later ones may be more severe), so the rest of this file was not checked. Fix the listed findings and scan again.`,
      }),
    ]);
  });

  it('judges a file in full below the bound, and counts each file apart', () => {
    const findings = evaluate([services(MAX_JUDGED_PER_FILE / 2 - 1), services(MAX_JUDGED_PER_FILE / 2 - 1, 'other/compose.yaml')], rules);
    expect(findings).toHaveLength(2 * (MAX_JUDGED_PER_FILE - 2));
    expect(findings.some((f) => f.ruleId === 'scan-incomplete')).toBe(false);
  });
});

describe('orderFindings', () => {
  /** The reference: one finding per path, fingerprint, place and message, the first kept, then sorted. */
  const reference = (findings: Finding[]): Finding[] => {
    const seen = new Set<string>();
    const kept = findings.filter((finding) => {
      const { start, end } = finding.range;
      const key = `${finding.path}\0${finding.fingerprint}\0${start.line}:${start.column}:${end.line}:${end.column}\0${finding.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return kept.sort(byPlace);
  };

  it('keeps the first of each repeat, at its own place, as filtering then a stable sort would', () => {
    // Repeats that differ in their related places (the first kept is not the first in the order),
    // findings at one place that are not repeats (another message, another fingerprint), and a
    // seeded shuffle of a thousand of them.
    const at = (line: number, column = 1): Finding['range'] => ({ start: { line, column }, end: { line, column: column + 4 } });
    const make = (n: number, fields: Partial<Finding>): Finding => ({
      ruleId: `rule-${fields.fingerprint?.slice(0, 1) ?? 'a'}`,
      severity: 'low',
      title: 't',
      message: 'm',
      path: 'a.yaml',
      pointer: `/${n}`,
      range: at(1),
      fingerprint: 'a1',
      related: [],
      ...fields,
    });
    const elsewhere = { path: 'b.yaml', range: at(2), message: 'there' };
    const findings = [
      make(0, { related: [elsewhere] }),
      make(1, {}),
      make(2, { related: [elsewhere, elsewhere] }),
      make(3, { message: 'other' }),
      make(4, { fingerprint: 'a2' }),
      make(5, { fingerprint: 'b1' }),
      make(6, { range: at(1, 2) }),
      make(7, { related: [] }),
    ];
    const ordered = orderFindings(findings);
    expect(ordered.map((finding) => finding.pointer)).toEqual(reference(findings).map((finding) => finding.pointer));
    expect(ordered.map((finding) => finding.pointer)).toEqual(['/4', '/0', '/3', '/5', '/6']);
    expect(ordered.filter((finding) => finding.pointer === '/0')).toHaveLength(1);

    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const many = Array.from({ length: 1000 }, (_, n) =>
      make(n, {
        path: `${'abc'[random(3)]}.yaml`,
        range: at(1 + random(4), 1 + random(2)),
        fingerprint: `${'ab'[random(2)]}${random(3)}`,
        message: `m${random(2)}`,
        related: random(3) === 0 ? [elsewhere] : [],
      }),
    );
    expect(orderFindings(many).map((finding) => finding.pointer)).toEqual(reference(many).map((finding) => finding.pointer));
  });
});
