import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../src/documents/compose-document.js';
import type { ContainerSpec } from '../../src/subjects/container.js';
import { lines, seen } from '../support/scan-files.js';

// compose-go's loader reads every YAML document of a file and merges each into the ones before it
// with the override-file rules (loader.loadYamlFile), so document 2 is as real as document 1.
describe('a Compose file of several YAML documents', () => {
  it('judges a privileged service written in document 2, located there', async () => {
    const text = lines('services:', '  web:', '    image: nginx:1.27', '---', 'services:', '  agent:', '    image: example/agent:2.4.1', '    privileged: true');
    expect(await seen({ 'compose.yaml': text }, ['container-privileged', 'parse-error'])).toEqual([{ rule: 'container-privileged', path: 'compose.yaml', line: 8, column: 5 }]);
  });

  it('merges a service written in both documents: later scalars win, lists append, findings point at the deciding line', async () => {
    const text = lines(
      'services:',
      '  app:',
      '    image: example/app:1.0',
      '    privileged: true',
      '    cap_add: [NET_ADMIN]',
      '---',
      'services:',
      '  app:',
      '    privileged: false',
      '    cap_add: [SYS_ADMIN]',
      '    volumes:',
      '      - /:/host',
    );
    const document = parseCompose('compose.yaml', text);
    const app = document.subjects.filter((s) => s.type === 'container');
    expect(app).toHaveLength(1);
    const value = app[0]!.value as ContainerSpec;
    expect(value.privileged).toBe(false);
    expect(value.cap_add).toEqual(['NET_ADMIN', 'SYS_ADMIN']);
    expect(await seen({ 'compose.yaml': text }, ['container-privileged', 'container-dangerous-capability', 'container-sensitive-host-mount'])).toEqual([
      { rule: 'container-dangerous-capability', path: 'compose.yaml', line: 5, column: 15 },
      { rule: 'container-dangerous-capability', path: 'compose.yaml', line: 10, column: 15 },
      { rule: 'container-sensitive-host-mount', path: 'compose.yaml', line: 12, column: 9 },
    ]);
  });

  it('applies !reset in document 2 to document 1', async () => {
    const text = lines('services:', '  agent:', '    image: example/agent:2.4.1', '    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]', '---', 'services:', '  agent:', '    volumes: !reset []');
    expect(await seen({ 'compose.yaml': text }, ['container-docker-socket', 'parse-error'])).toEqual([]);
  });

  it('ignores empty documents (a leading or trailing `---`) and reports one that is not a mapping, at it', () => {
    expect(parseCompose('compose.yaml', lines('---', 'services:', '  web:', '    image: nginx:1.27', '---')).problems).toEqual([]);
    const problems = parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1.27', '---', '- just', '- a list')).problems;
    expect(problems).toEqual([expect.objectContaining({ ruleId: 'parse-error', range: expect.objectContaining({ start: { line: 5, column: 3 } }) })]);
    expect(problems[0]!.message).toMatch(/^YAML document 2 of this file/);
  });

  it('locates the image of a service written only in document 3 in document 3', async () => {
    const text = lines('services: {}', '---', 'x-note: nothing', '---', 'services:', '  cache:', '    image: redis:latest');
    expect(await seen({ 'compose.yaml': text }, ['image-latest-tag'])).toEqual([{ rule: 'image-latest-tag', path: 'compose.yaml', line: 7, column: 5 }]);
  });
});

describe('YAML aliases in a real Compose file', () => {
  it('reads 40 services sharing defaults through 1,640 alias uses, and judges them', async () => {
    const env = Array.from({ length: 40 }, (_, i) => `  V${i}: &v${i} value-${i}`).join('\n');
    const services = Array.from({ length: 40 }, (_, s) =>
      [`  svc${s}:`, '    <<: *defaults', `    image: example/svc${s}:1.0`, '    environment:', ...Array.from({ length: 40 }, (_, i) => `      V${i}: *v${i}`)].join('\n'),
    ).join('\n');
    const text = `x-env:\n${env}\nx-defaults: &defaults\n  restart: unless-stopped\n  privileged: true\n  logging: { driver: json-file, options: { max-size: 10m } }\nservices:\n${services}\n`;
    const document = parseCompose('compose.yaml', text);
    expect(document.problems.filter((p) => p.ruleId === 'parse-error')).toEqual([]);
    expect(document.subjects.filter((s) => s.type === 'container')).toHaveLength(40);
    const privileged = await seen({ 'compose.yaml': text }, ['container-privileged']);
    expect(privileged).toHaveLength(40);
    expect(privileged[0]).toEqual({ rule: 'container-privileged', path: 'compose.yaml', line: 44, column: 3 });
    // `privileged: true` is written once, in the shared defaults: every service's finding points there.
  });

  it('still refuses an exponential expansion, located at the first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const document = parseCompose('compose.yaml', `${levels.join('\n')}\nservices: {}\n`);
    expect(document.problems).toEqual([expect.objectContaining({ ruleId: 'parse-error', range: expect.objectContaining({ start: { line: 2, column: 8 } }) })]);
    expect(document.problems[0]!.message).toMatch(/aliases expand to more than 200,000 values/);
  });
});
