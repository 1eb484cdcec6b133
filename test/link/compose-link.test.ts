import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import { parseCompose } from '../../src/documents/compose-document.js';
import { parseDockerfile } from '../../src/documents/dockerfile-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { link } from '../../src/link/link.js';
import type { Rule } from '../../src/policy/rule.js';
import type { ContainerSpec } from '../../src/subjects/container.js';
import { testRule } from '../support/test-rule.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const rule = (id: string, schema: Record<string, unknown>) => testRule({ id, schema, message: '{{name}} breaks {{property}}' });
const notPrivileged = rule('privileged', { properties: { privileged: { not: { const: true } } } });
const notRoot = rule('root', { properties: { user: { not: { enum: ['root', '0'] } } } });

const judge = (docs: SourceDocument[], r: Rule) =>
  evaluate(docs, compileRules([r]))
    .filter((f) => f.ruleId === r.id)
    .map((f) => ({ path: f.path, at: [f.range.start.line, f.range.start.column], related: f.related?.map((x) => ({ path: x.path, line: x.range.start.line, message: x.message })) }));

function containers(doc: SourceDocument): Record<string, ContainerSpec> {
  return Object.fromEntries(doc.subjects.filter((s) => s.type === 'container').map((s) => [s.name, s.value as ContainerSpec]));
}

describe('override files', () => {
  const base = () => parseCompose('app/compose.yaml', lines('services:', '  web:', '    image: nginx:1', '    ports: ["80:80"]', '    volumes: [data:/data]', '    environment: { A: "1", B: "2" }', '    cap_add: [CHOWN]'));
  const override = () =>
    parseCompose(
      'app/compose.override.yaml',
      lines('services:', '  web:', '    privileged: true', '    ports: ["443:443"]', '    volumes: [/srv:/data]', '    environment: { B: "3" }', '    cap_add: [NET_ADMIN]', '  debug:', '    image: busybox:1', '    privileged: true'),
    );

  it('merges the override into the base as Compose does', () => {
    const docs = link([base(), override()]);
    const web = containers(docs[0]!)['web']!;
    expect(web).toMatchObject({
      image: 'nginx:1',
      privileged: true,
      ports: [
        { published: '80', target: '80', protocol: 'tcp' },
        { published: '443', target: '443', protocol: 'tcp' },
      ],
      volumes: [{ type: 'bind', source: '/srv', target: '/data', read_only: false }],
      environment: { A: '1', B: '3' },
      cap_add: ['CHOWN', 'NET_ADMIN'],
    });
    // The merged service is judged once, on the base; the override-only service in its own file.
    expect(Object.keys(containers(docs[1]!))).toEqual(['debug']);
  });

  it('reports a value set by the override in the override file, at its line', () => {
    const findings = judge(link([base(), override()]), notPrivileged);
    expect(findings).toEqual([
      { path: 'app/compose.override.yaml', at: [3, 5], related: [{ path: 'app/compose.yaml', line: 2, message: 'web is defined here' }] },
      { path: 'app/compose.override.yaml', at: [10, 5], related: [] },
    ]);
    const env = evaluate(link([base(), override()]), compileRules([rule('env', { properties: { environment: { properties: { B: { not: { const: '3' } } } } } })]));
    expect(env.filter((f) => f.ruleId === 'env').map((f) => [f.path, f.range.start.line])).toEqual([['app/compose.override.yaml', 6]]);
  });

  it('keeps base positions for values the override does not touch', () => {
    const findings = evaluate(link([base(), override()]), compileRules([rule('caps', { properties: { cap_add: { items: { not: { const: 'CHOWN' } } } } })]));
    expect(findings.filter((f) => f.ruleId === 'caps').map((f) => [f.path, f.range.start.line, f.range.start.column])).toEqual([['app/compose.yaml', 7, 15]]);
  });

  it('pairs docker-compose.yml with docker-compose.override.yml, not files in other folders', () => {
    const a = parseCompose('docker-compose.yml', lines('services:', '  web:', '    image: nginx:1'));
    const b = parseCompose('docker-compose.override.yml', lines('services:', '  web:', '    privileged: true'));
    const elsewhere = parseCompose('other/compose.override.yaml', lines('services:', '  web:', '    user: root'));
    const [linkedA, linkedB] = link([a, b, elsewhere]);
    expect(containers(linkedA!)['web']).toMatchObject({ privileged: true });
    expect(containers(linkedA!)['web']!.user).toBeUndefined();
    expect(containers(linkedB!)).toEqual({});
    // The parsed documents are left as parsed.
    expect(containers(a)['web']!.privileged).toBeUndefined();
    expect(containers(b)['web']).toMatchObject({ privileged: true });
  });
});

describe('extends', () => {
  it('inherits from a service in the same file, anchored there', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  base:', '    image: nginx:1', '    privileged: true', '  web:', '    extends: base', '    user: app'));
    const [linked] = link([doc]);
    expect(containers(linked!)['web']).toMatchObject({ image: 'nginx:1', privileged: true, user: 'app' });
    expect(judge([linked!], notPrivileged).map((f) => f.at)).toEqual([
      [4, 5],
      [4, 5],
    ]);
  });

  it('inherits from a service in another file, reported in that file', () => {
    const common = parseCompose('compose.common.yaml', lines('services:', '  hardened:', '    image: nginx:1', '    user: root'));
    const doc = parseCompose('compose.yaml', lines('services:', '  web:', '    extends:', '      file: compose.common.yaml', '      service: hardened', '    ports: ["80:80"]'));
    const linked = link([doc, common]);
    expect(containers(linked[0]!)['web']).toMatchObject({ image: 'nginx:1', user: 'root', ports: [{ target: '80' }] });
    // Both at the same place: ordered by message (`hardened …` before `web …`).
    expect(judge(linked, notRoot)).toEqual([
      { path: 'compose.common.yaml', at: [4, 5], related: [] },
      { path: 'compose.common.yaml', at: [4, 5], related: [{ path: 'compose.yaml', line: 2, message: 'web is defined here' }] },
    ]);
  });

  it('reports a cycle as a located problem instead of hanging', () => {
    const doc = parseCompose('compose.yaml', lines('services:', '  a:', '    image: x:1', '    extends: b', '  b:', '    extends: a', '  c:', '    extends: missing'));
    const [linked] = link([doc]);
    expect(doc.problems).toEqual([]);
    expect(linked!.problems.map((p) => [p.ruleId, p.range.start.line, p.range.start.column])).toEqual([
      ['compose-extends', 6, 5],
      ['compose-extends', 8, 5],
    ]);
    expect(linked!.problems[0]!.message).toContain('`a` → `b` → `a`');
  });
});

describe('build: and the Dockerfile (E1)', () => {
  const dockerfile = () => parseDockerfile('app/Dockerfile', lines('FROM node:20 AS build', 'USER root', 'FROM build', 'HEALTHCHECK CMD curl -f http://localhost/'));

  it('gives a service without user the final stage user, and names both places', () => {
    const compose = parseCompose('compose.yaml', lines('services:', '  api:', '    build:', '      context: app', '    ports: ["8080:80"]'));
    const [linked] = link([compose, dockerfile()]);
    const api = containers(linked!)['api']!;
    expect(api).toMatchObject({ user: 'root', build: { context: 'app', resolved: 'app/Dockerfile' }, healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost/'], disable: false } });
    expect(judge([linked!], notRoot)).toEqual([
      {
        path: 'app/Dockerfile',
        at: [2, 1],
        related: [
          { path: 'compose.yaml', line: 2, message: 'api is defined here' },
        ],
      },
    ]);
    const missing = rule('ports', { properties: { ports: { maxItems: 0 } } });
    expect(judge([linked!], missing)).toEqual([
      { path: 'compose.yaml', at: [5, 5], related: [{ path: 'app/Dockerfile', line: 3, message: 'api is built from app/Dockerfile, whose final stage runs as `root`' }] },
    ]);
  });

  it('keeps a user written in Compose, even an unknown one, and resolves dockerfile: paths', () => {
    const compose = parseCompose('deploy/compose.yaml', lines('services:', '  a:', '    build: { context: ../app, dockerfile: Dockerfile }', '    user: "1000"', '  b:', '    build: ../app', '    user: ${APP_USER}', '  c:', '    build: { context: ., dockerfile: ../app/Dockerfile }'));
    const [linked] = link([compose, dockerfile()]);
    const all = containers(linked!);
    expect(all['a']).toMatchObject({ user: '1000', build: { resolved: 'app/Dockerfile' } });
    expect(all['b']!.user).toBeUndefined();
    expect(all['c']).toMatchObject({ user: 'root', build: { resolved: 'app/Dockerfile' } });
  });
});
