import { realpathSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { baseTree } from '../../src/discover/base-tree.js';
import { hostLinkOf } from '../../src/discover/host-link.js';
import { workingTree } from '../../src/discover/working-tree.js';
import { scan } from '../../src/pipeline/scan.js';
import { temporaryRepositories } from '../support/temp-repository.js';

// A bind source written inside the repository (`./sock`) that a committed symbolic link takes out
// of it (`sock -> /var/run/docker.sock`) mounts what the link leads to: the daemon follows links
// when it mounts. A pull request that adds such a link and mount passed every rule, as the path
// text `./sock` is the repository's own.

const repository = temporaryRepositories('containment-links-');

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
    expect(findings.find((f) => f.ruleId === 'container-docker-socket')!.message).toContain(`Podman) through ./sock, which committed symbolic links lead to /run/docker.sock: any process`);
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

  it('reads the workspace variables from the root and keeps mounts whose target is unknown, wherever the step runs (helper-33)', async () => {
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
          '      - run: docker run -v ${{ github.workspace }}/deploy/sock:/s alpine:3.20 true',
          '      - run: docker run -v "$GITHUB_WORKSPACE/deploy/sock:/s" alpine:3.20 true',
          '      - run: docker run -v /var/run/docker.sock:`echo /s` alpine:3.20 true',
          '      - run: docker run --mount type=bind,source=/var/run/docker.sock,target=$T alpine:3.20 true',
          '      - run: |',
          '          cd sub; cd -',
          '          docker run -v ./sock:/s alpine:3.20 true',
          '      - run: |',
          '          pushd ..; popd',
          '          docker run -v ./deploy/sock:/s alpine:3.20 true',
          '',
        ].join('\n'),
        'deploy/sub/keep': '',
      },
      { 'deploy/sock': '/var/run/docker.sock' },
    );
    const { findings } = await scan({ root });
    expect(findings.filter((f) => f.ruleId === 'container-docker-socket').map((f) => f.range.start.line)).toEqual([9, 10, 11, 12, 15, 18]);
  });

  it('scanning a sub-folder of a git repository, keeps links into the rest of the repository the repository\'s', async () => {
    const root = repository(
      { '.git/HEAD': 'ref: refs/heads/main\n', 'lib/keep': '', 'services/api/compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n    volumes: ["./shared:/shared", "./sock:/s"]\n' },
      { 'services/api/shared': '../../lib', 'services/api/sock': '../../run/sock', 'run/sock': '/var/run/docker.sock' },
    );
    const { findings } = await scan({ root: join(root, 'services/api') });
    expect(findings.filter((f) => f.ruleId === 'container-sensitive-host-mount')).toEqual([]);
    expect(at(findings, 'container-docker-socket')).toEqual(['compose.yaml:4:35-4:46']);
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
    expect(hostLinkOf(root, 'abs/volumes/../containers')).toEqual({ hostPath: '/var/lib/docker/containers', links: ['abs'] });
  });

  it('goes up from the folder a link reached, not the one its text names, with the host\'s standard links only (helper-32, helper-33)', () => {
    const root = realpathSync(
      repository(
        { 'in/keep': '' },
        {
          // `/var/run -> /run` on every current host: `/var/run/..` is `/`, not `/var`.
          socket: '/var/run/../var/run/docker.sock',
          lock: '/var/lock/../docker.sock',
          e: '/etc',
          after: 'e/../var/run/docker.sock',
          // A link in the repository, then `..` from where it led.
          dir: 'in',
          up: 'dir/../../../../../../../../../var/lib/docker',
          // The scanning process's own folder is not the host's: `/proc/self` stays as written.
          self: '/proc/self/cwd',
        },
      ),
    );
    expect(hostLinkOf(root, 'socket')?.hostPath).toBe('/run/docker.sock');
    expect(hostLinkOf(root, 'lock')?.hostPath).toBe('/run/docker.sock');
    expect(hostLinkOf(root, 'after')).toEqual({ hostPath: '/run/docker.sock', links: ['after', 'e'] });
    expect(hostLinkOf(root, 'up')).toEqual({ hostPath: '/var/lib/docker', links: ['up', 'dir'] });
    expect(hostLinkOf(root, 'self')?.hostPath).toBe('/proc/self/cwd');
  });

  it('reads on past a folder not there yet, and reads the links of an absolute path back into the checkout (helper-34)', () => {
    const root = realpathSync(repository({}, { sock: 'gen/../../../../../../../../../var/run/docker.sock', t: '/var/run/docker.sock' }));
    symlinkSync(`${root}/t`, join(root, 'back'));
    expect(hostLinkOf(root, 'sock')?.hostPath).toBe('/run/docker.sock');
    expect(hostLinkOf(root, 'back')).toEqual({ hostPath: '/run/docker.sock', links: ['back', 't'] });
  });

  it('judges a relative link that climbs out of the repository as rooted at /, wherever the checkout is (helper-33)', () => {
    const shallow = realpathSync(repository({}, { s: '../../var/run/docker.sock', e: '../../etc' }));
    expect(hostLinkOf(shallow, 's')?.hostPath).toBe('/run/docker.sock');
    expect(hostLinkOf(shallow, 'e')?.hostPath).toBe('/etc');
    const deep = realpathSync(repository({ 'x/y/repo/keep': '' }, { 'x/y/repo/s': '../../var/run/docker.sock' }));
    expect(hostLinkOf(`${deep}/x/y/repo`, 's')?.hostPath).toBe('/run/docker.sock');
  });

  it('follows a link that climbs out of the folder and back in by its name, and keeps a sub-folder scan\'s links into the repository inside', () => {
    const repo = realpathSync(repository({ 'lib/keep': '', 'svc/keep': '' }, { 'other/sock': '/etc', 'svc/x': '../other/sock', 'svc/shared': '../lib' }));
    const back = realpathSync(repository({}, { s2: '/etc/passwd' }));
    symlinkSync(`../${basename(back)}/s2`, join(back, 'x'));
    expect(hostLinkOf(back, 'x')).toEqual({ hostPath: '/etc/passwd', links: ['x', 's2'] });
    const svc = `${repo}/svc`;
    expect(hostLinkOf(svc, 'x', repo)?.hostPath).toBe('/etc');
    expect(hostLinkOf(svc, 'shared', repo)).toBeUndefined();
    // Scanned alone, with no repository given, `../lib` climbs out of the folder: judged as `/lib`.
    expect(hostLinkOf(svc, 'shared')?.hostPath).toBe('/lib');
  });

  it('on a pull request, a link the change adds or retargets leads nowhere known at the base', () => {
    const root = repository({}, { sock: '/var/run/docker.sock', conf: '/etc' });
    const head = workingTree(root);
    const changes = { lines: new Map([['sock', new Set([1])]]), deleted: new Set<string>(), renamed: new Map<string, string>(), unknown: new Set<string>() };
    const source = { describe: 'test', fileAt: async () => null, listAt: async () => [], close: async () => {} };
    const base = baseTree(head, source as never, changes as never);
    expect(head.hostLink?.('sock')).toEqual({ hostPath: '/run/docker.sock', links: ['sock'] });
    expect(base.hostLink?.('sock')).toBeUndefined();
    // A link the change leaves alone leads where it does at the head.
    expect(base.hostLink?.('conf/ssl')).toEqual({ hostPath: '/etc/ssl', links: ['conf'] });
    expect(baseTree(head, source as never, changes as never, { linkChanged: true }).hostLink?.('conf/ssl')).toBeUndefined();
  });
});
