import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { baseTree } from '../../src/discover/base-tree.js';
import { hostLinkOf } from '../../src/discover/host-link.js';
import { workingTree } from '../../src/discover/working-tree.js';
import { scan } from '../../src/pipeline/scan.js';

// A bind source written inside the repository (`./sock`) that a committed symbolic link takes out
// of it (`sock -> /var/run/docker.sock`) mounts what the link leads to: the daemon follows links
// when it mounts. A pull request that adds such a link and mount passed every rule, as the path
// text `./sock` is the repository's own.

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function repository(files: Record<string, string>, links: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'containment-links-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return root;
}

const at = (findings: readonly Finding[], ruleId: string) =>
  findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);

describe('bind sources that a committed link takes out of the repository', () => {
  it('judges `./sock` linked to the Docker socket as the socket, and `./conf/ssl` under a link to /etc as /etc/ssl', async () => {
    const root = repository(
      {
        'compose.yaml': [
          'services:',
          '  web:',
          '    image: nginx:1.27',
          '    volumes:',
          '      - ./sock:/var/run/app.sock',
          '      - ./conf/ssl:/certs:ro',
          '      - ./data:/data',
          '',
        ].join('\n'),
        'real-data/keep': '',
      },
      { sock: '/var/run/docker.sock', conf: '/etc', data: 'real-data' },
    );
    const { findings } = await scan({ root });
    expect(at(findings, 'container-docker-socket')).toEqual(['compose.yaml:5:9-5:33']);
    // The message says why a path inside the repository is the socket.
    expect(findings.find((f) => f.ruleId === 'container-docker-socket')!.message).toContain(`Podman) through ./sock, a committed symbolic link to ${realpathSync('/var/run')}/docker.sock: any process`);
    const sensitive = findings.filter((f) => f.ruleId === 'container-sensitive-host-mount');
    expect(sensitive.map((f) => f.range.start.line)).toEqual([6]);
    expect(sensitive[0]!.message).toContain('`/etc/ssl`');
  });

  it('follows chains of links, links in a sub-folder, and relative links that climb out', async () => {
    const root = repository(
      {
        'deploy/compose.yaml': [
          'services:',
          '  chain:',
          '    image: nginx:1.27',
          '    volumes: ["./a:/a"]',
          '  climb:',
          '    image: nginx:1.27',
          '    volumes: ["./up/var/run/docker.sock:/s"]',
          '',
        ].join('\n'),
      },
      { 'deploy/a': 'b', 'deploy/b': '../c', c: '/run/docker.sock', 'deploy/up': '../../../../../..' },
    );
    const { findings } = await scan({ root });
    expect(at(findings, 'container-docker-socket')).toEqual(['deploy/compose.yaml:4:15-4:23', 'deploy/compose.yaml:7:15-7:44']);
  });

  it('judges a workflow\'s `docker run -v` and job container mounts from the workspace through links', async () => {
    const root = repository(
      {
        '.github/workflows/ci.yml': [
          'on: push',
          'jobs:',
          '  a:',
          '    runs-on: ubuntu-latest',
          '    container:',
          '      image: node:22',
          '      volumes: [./tools/sock:/s]',
          '    steps:',
          '      - run: docker run --rm -v ./tools/sock:/s alpine:3.20 true',
          '      - run: docker run --rm -v "$PWD/tools/sock:/s" -v ${{ github.workspace }}/etc-link/passwd:/p alpine:3.20 true',
          '      - run: docker run --rm -v "$PWD/tools/plain:/p" alpine:3.20 true',
          '',
        ].join('\n'),
        'tools/plain': '',
      },
      { 'tools/sock': '/var/run/docker.sock', 'etc-link': '/etc' },
    );
    const { findings } = await scan({ root });
    expect(findings.filter((f) => f.ruleId === 'container-docker-socket').map((f) => f.range.start.line)).toEqual([7, 9, 10]);
    expect(findings.filter((f) => f.ruleId === 'container-sensitive-host-mount').map((f) => f.range.start.line)).toEqual([10]);
  });

  it('resolves `docker run` mounts where the step runs, in every way a script writes the working folder (helper-32)', async () => {
    const root = repository(
      {
        '.github/workflows/ci.yml': [
          'on: push',
          'defaults:',
          '  run:',
          '    working-directory: deploy',
          'jobs:',
          '  a:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: docker run --rm -v ./sock:/s alpine:3.20 true',
          '      - run: docker run --rm --mount type=bind,source=$PWD/sock,target=/s alpine:3.20 true',
          '      - run: docker run --rm -v $(pwd)/../../../../../../../../etc:/h alpine:3.20 true',
          '      - run: docker run --rm -v "`pwd`/sock:/s" alpine:3.20 true',
          '      - run: docker run --rm --mount "type=bind,src=/var/run/docker.sock,dst=/s,readonly=${{ github.run_id == 0 }}" alpine:3.20 true',
          '      - run: docker run --rm -v ./plain:/p alpine:3.20 true',
          '',
        ].join('\n'),
        'deploy/plain': '',
      },
      { 'deploy/sock': '/var/run/docker.sock' },
    );
    const { findings } = await scan({ root });
    expect(findings.filter((f) => f.ruleId === 'container-docker-socket').map((f) => f.range.start.line)).toEqual([9, 10, 12, 13]);
    expect(findings.filter((f) => f.ruleId === 'container-sensitive-host-mount').map((f) => f.range.start.line)).toEqual([11]);
  });

  it('never reads an absolute path as a path under the root', async () => {
    const root = repository({ 'tmp/df.conf': 'FROM debian:12\n' });
    const tree = workingTree(root);
    expect(await tree.read('tmp/df.conf')).toEqual({ text: 'FROM debian:12\n' });
    expect(await tree.read('/tmp/df.conf')).toEqual({ refused: expect.objectContaining({ message: '/tmp/df.conf was not read: its path leaves the scanned folder or enters a skipped folder.' }) });
  });

  it('resolves paths the way the kernel does, and leaves loops and missing paths alone', () => {
    const root = realpathSync(repository({ 'in/file': '' }, { loop1: 'loop2', loop2: 'loop1', inside: 'in', abs: '/var/lib/docker' }));
    expect(hostLinkOf(root, 'inside/file')).toBeUndefined();
    expect(hostLinkOf(root, 'loop1/x')).toBeUndefined();
    expect(hostLinkOf(root, 'missing/x')).toBeUndefined();
    expect(hostLinkOf(root, 'abs/volumes/../containers')).toEqual({ hostPath: `${realpathSync('/var/lib')}/docker/containers`, links: ['abs'] });
  });

  it('goes up from the folder a link reached, not the one its text names (helper-32)', () => {
    // A host with `alias -> real/dir`: `alias/../target` is `real/target`, not `target`.
    const host = realpathSync(repository({ 'real/dir/keep': '', 'real/target': '' }, { alias: 'real/dir' }));
    const root = realpathSync(
      repository({}, { through: `${host}/alias/../target`, e: `${host}/alias`, after: `e/../target`, socket: '/var/run/../var/run/docker.sock' }),
    );
    expect(hostLinkOf(root, 'through')?.hostPath).toBe(`${host}/real/target`);
    expect(hostLinkOf(root, 'after')).toEqual({ hostPath: `${host}/real/target`, links: ['after', 'e'] });
    expect(hostLinkOf(root, 'socket')?.hostPath).toBe(`${realpathSync('/var/run')}/docker.sock`);
  });

  it('follows a link that climbs out of the folder and back in by its name, and keeps a sub-folder scan\'s links into the repository inside', () => {
    const repo = realpathSync(repository({ 'lib/keep': '', 'svc/keep': '' }, { 'other/sock': '/etc', 'svc/x': '../other/sock', 'svc/shared': '../lib' }));
    const back = realpathSync(repository({}, { s2: '/etc/passwd' }));
    symlinkSync(`../${basename(back)}/s2`, join(back, 'x'));
    expect(hostLinkOf(back, 'x')).toEqual({ hostPath: '/etc/passwd', links: ['x', 's2'] });
    const svc = `${repo}/svc`;
    expect(hostLinkOf(svc, 'x', repo)?.hostPath).toBe('/etc');
    expect(hostLinkOf(svc, 'shared', repo)).toBeUndefined();
    // Scanned alone, with no repository given, `../lib` leaves the folder for a host path.
    expect(hostLinkOf(svc, 'shared')?.hostPath).toBe(`${repo}/lib`);
  });

  it('on a pull request, a link the change adds or retargets leads nowhere known at the base', () => {
    const root = repository({}, { sock: '/var/run/docker.sock', conf: '/etc' });
    const head = workingTree(root);
    const changes = { lines: new Map([['sock', new Set([1])]]), deleted: new Set<string>(), renamed: new Map<string, string>(), unknown: new Set<string>() };
    const source = { describe: 'test', fileAt: async () => null, listAt: async () => [], close: async () => {} };
    const base = baseTree(head, source as never, changes as never);
    expect(head.hostLink?.('sock')).toEqual({ hostPath: `${realpathSync('/var/run')}/docker.sock`, links: ['sock'] });
    expect(base.hostLink?.('sock')).toBeUndefined();
    // A link the change leaves alone leads where it does at the head.
    expect(base.hostLink?.('conf/ssl')).toEqual({ hostPath: '/etc/ssl', links: ['conf'] });
    expect(baseTree(head, source as never, changes as never, { linkChanged: true }).hostLink?.('conf/ssl')).toBeUndefined();
  });
});
