import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import { parseCompose } from '../../src/documents/compose-document.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import type { ContainerSpec } from '../../src/subjects/container.js';
import { testRule } from '../support/test-rule.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const service = (...body: string[]) => parseCompose('compose.yaml', lines('services:', '  web:', '    image: nginx:1', ...body.map((l) => `    ${l}`)));

function container(doc: SourceDocument, name = 'web'): ContainerSpec {
  const found = doc.subjects.find((s) => s.type === 'container' && s.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found.value as ContainerSpec;
}

const rule = (schema: Record<string, unknown>) => testRule({ id: 't', title: 'T', schema });
const starts = (doc: SourceDocument, schema: Record<string, unknown>) =>
  evaluate([doc], compileRules([rule(schema)]))
    .filter((f) => f.ruleId === 't')
    .map((f) => [f.range.start.line, f.range.start.column]);

describe('Compose normalization', () => {
  it('reads ports in short and long syntax', () => {
    const doc = service(
      'ports:',
      '  - 80',
      '  - "8000-8010:8000-8010"',
      '  - "127.0.0.1:5432:5432/udp"',
      '  - "[::1]:80:80"',
      '  - "127.0.0.1::9000"',
      '  - target: 443',
      '    published: "8443"',
      '    host_ip: 0.0.0.0',
      '    protocol: tcp',
      '    mode: host',
      '  - target: 53',
      '    published: 5353',
      '    protocol: udp',
    );
    expect(container(doc).ports).toEqual([
      { target: '80', protocol: 'tcp' },
      { published: '8000-8010', target: '8000-8010', protocol: 'tcp' },
      { host_ip: '127.0.0.1', published: '5432', target: '5432', protocol: 'udp' },
      { host_ip: '::1', published: '80', target: '80', protocol: 'tcp' },
      { host_ip: '127.0.0.1', target: '9000', protocol: 'tcp' },
      { host_ip: '0.0.0.0', published: '8443', target: '443', protocol: 'tcp' },
      { published: '5353', target: '53', protocol: 'udp' },
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('reads volumes: named, binds (absolute, ~, relative), modes and long syntax', () => {
    const doc = service(
      'volumes:',
      '  - data:/var/lib/data',
      '  - /var/run/docker.sock:/var/run/docker.sock:ro,z',
      '  - ~/.ssh:/root/.ssh:ro',
      '  - ./src:/src:rw,rshared',
      '  - ../shared:/shared',
      '  - /anonymous',
      '  - type: bind',
      '    source: /',
      '    target: /host',
      '    read_only: "true"',
      '    bind:',
      '      propagation: rslave',
      '  - type: tmpfs',
      '    target: /tmp',
    );
    expect(container(doc).volumes).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/data', read_only: false },
      { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: true },
      { type: 'bind', source: '~/.ssh', target: '/root/.ssh', read_only: true },
      { type: 'bind', source: './src', target: '/src', read_only: false, propagation: 'rshared' },
      // The file is at the repository root, so `../shared` leaves the repository for a host
      // folder at an unknown place: judged as rooted at `/`.
      { type: 'bind', source: '/shared', target: '/shared', read_only: false },
      { type: 'volume', target: '/anonymous', read_only: false },
      { type: 'bind', source: '/', target: '/host', read_only: true, propagation: 'rslave' },
      { type: 'tmpfs', target: '/tmp', read_only: false },
    ]);
  });

  it('locates a bind of / in long syntax at its source', () => {
    const doc = service('volumes:', '  - type: bind', '    source: /', '    target: /host');
    const schema = { properties: { volumes: { items: { not: { properties: { type: { const: 'bind' }, source: { const: '/' } }, required: ['source'] } } } } };
    expect(starts(doc, schema)).toEqual([[5, 9]]);
  });

  it('reads environment as a list or a map, null for pass-through', () => {
    expect(container(service('environment:', '  - A=1', '  - B', '  - C=x=y')).environment).toEqual({ A: '1', B: null, C: 'x=y' });
    expect(container(service('environment:', '  A: 1', '  B:', '  C: true')).environment).toEqual({ A: '1', B: null, C: 'true' });
  });

  it('reads secrets, devices, security_opt and capabilities in every spelling', () => {
    const doc = service(
      'secrets: [db_password, { source: api_key, target: key }]',
      'devices:',
      '  - /dev/fuse',
      '  - /dev/sda:/dev/xvda:rwm',
      '  - source: /dev/kvm',
      '    target: /dev/kvm',
      '    permissions: rw',
      'security_opt: ["seccomp:unconfined", "apparmor=unconfined", no-new-privileges]',
      'cap_add: [sys_admin, CAP_NET_ADMIN, " chown "]',
    );
    expect(container(doc)).toMatchObject({
      secrets: ['db_password', 'api_key'],
      devices: ['/dev/fuse', '/dev/sda:/dev/xvda:rwm', '/dev/kvm:/dev/kvm:rw'],
      security_opt: ['seccomp=unconfined', 'apparmor=unconfined', 'no-new-privileges=true'],
      cap_add: ['SYS_ADMIN', 'NET_ADMIN', 'CHOWN'],
    });
  });

  it('takes limits from deploy.resources.limits and locates them there', () => {
    const doc = service('deploy:', '  resources:', '    limits:', '      memory: 512m', '      cpus: "0.5"', '      pids: 100');
    expect(container(doc)).toMatchObject({ mem_limit: '512m', cpus: '0.5', pids_limit: 100 });
    expect(starts(doc, { properties: { mem_limit: { not: { const: '512m' } } } })).toEqual([[7, 11]]);
    expect(container(service('mem_limit: 1g', 'cpus: 1.5', 'pids_limit: 50'))).toMatchObject({ mem_limit: '1g', cpus: '1.5', pids_limit: 50 });
  });

  it('sets privilege through a YAML merge key, located at the anchor', () => {
    const doc = parseCompose('compose.yaml', lines('x-base: &base', '  privileged: true', 'services:', '  web:', '    <<: *base', '    image: nginx:1'));
    expect(container(doc).privileged).toBe(true);
    expect(starts(doc, { properties: { privileged: { not: { const: true } } } })).toEqual([[2, 3]]);
  });
});
