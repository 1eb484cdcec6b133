import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { expectSameAsLinkingAll } from '../support/judge-as-read-compare.js';
import { lines } from '../support/scan-files.js';

// Podman and nerdctl take docker's commands and flags, and podman-compose reads Compose files as
// docker-compose does: a workflow that swaps `docker` for one of them ran the same privileged
// container, or the same Compose file from a folder nothing else reads, unjudged (helper-41).

const workflow = (...steps: string[]) =>
  lines('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((step) => `      - ${step}`));

async function found(files: Record<string, string>, rules: string[]): Promise<string[]> {
  const findings = await expectSameAsLinkingAll(memoryTree(files));
  return findings.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.path}:${f.range.start.line}`);
}

describe('docker-compatible programs', () => {
  it.each(['podman', 'nerdctl', 'sudo podman', '/usr/bin/nerdctl'])('`%s run --privileged`', async (program) => {
    const files = { '.github/workflows/ci.yml': workflow(`run: ${program} run --privileged alpine:3.20 sh`) };
    expect(await found(files, ['container-privileged'])).toEqual(['container-privileged .github/workflows/ci.yml:7']);
  });

  it.each([
    'podman --root /tmp/r run --privileged alpine:3.20',
    'podman --runroot /tmp/rr --cgroup-manager cgroupfs run --privileged alpine:3.20',
    'podman --storage-driver vfs --events-backend file run --privileged alpine:3.20',
    'podman --url unix:///run/podman/podman.sock run --privileged alpine:3.20',
    'podman --connection x container run --privileged alpine:3.20',
    'sudo podman --root /tmp/r run --privileged alpine:3.20',
    'nerdctl -n k8s.io run --privileged alpine:3.20',
    'nerdctl --address /run/containerd/containerd.sock --snapshotter native run --privileged alpine:3.20',
  ])('`%s`: its own global options are read as such (helper-45)', async (run) => {
    expect(await found({ '.github/workflows/ci.yml': workflow(`run: ${run}`) }, ['container-privileged'])).toEqual(['container-privileged .github/workflows/ci.yml:7']);
  });

  it('`podman run -v` of the Podman socket', async () => {
    const files = { '.github/workflows/ci.yml': workflow('run: podman run -v /run/podman/podman.sock:/run/podman/podman.sock quay.io/podman/stable:v5 podman ps') };
    expect(await found(files, ['container-docker-socket'])).toEqual(['container-docker-socket .github/workflows/ci.yml:7']);
  });

  it.each(['podman-compose -f ops/stack.yml up -d', 'podman compose -f ops/stack.yml up -d', 'nerdctl compose -f ops/stack.yml up -d'])('`%s` reads the Compose file it names', async (run) => {
    const files = { 'ops/stack.yml': lines('services:', '  web:', '    image: nginx:1.27', '    privileged: true'), '.github/workflows/ci.yml': workflow(`run: ${run}`) };
    expect(await found(files, ['container-privileged'])).toEqual(['container-privileged ops/stack.yml:4']);
  });

  it('other programs named alike are not read', async () => {
    const files = { '.github/workflows/ci.yml': workflow('run: podman-remote-helper run --privileged x', 'run: mydocker run --privileged alpine:3.20') };
    expect(await found(files, ['container-privileged'])).toEqual([]);
  });
});

describe('global options that take no value, and ones the tables do not know (helper-46)', () => {
  it.each([
    'nerdctl --experimental run --privileged alpine:3.20',
    'nerdctl --kube-hide-dupe run --privileged alpine:3.20',
    'nerdctl --userns-remap default run --privileged alpine:3.20',
    'nerdctl --some-new-option x run --privileged alpine:3.20',
    'podman --cpu-profile /tmp/p run --privileged alpine:3.20',
  ])('`%s`', async (run) => {
    expect(await found({ '.github/workflows/ci.yml': workflow(`run: ${run}`) }, ['container-privileged'])).toEqual(['container-privileged .github/workflows/ci.yml:7']);
  });
});

describe('podman and nerdctl commands of their own are not runs (helper-47)', () => {
  it('management commands that create other things give no container', async () => {
    const files = {
      '.github/workflows/ci.yml': workflow(
        'run: podman healthcheck run web',
        'run: podman volume create data',
        'run: podman network create appnet',
        'run: nerdctl volume create cache',
        'run: podman secret create dbpass ./pass.txt',
        'run: podman manifest create localhost/app',
        'run: podman pod create --name web --network host',
      ),
    };
    expect(await found(files, ['container-host-network', 'image-latest-tag', 'image-not-pinned-by-digest'])).toEqual([]);
  });

  it('a hidden podman option with a value that is a command word', async () => {
    const files = { '.github/workflows/ci.yml': workflow('run: podman --default-mounts-file pull run --privileged alpine:3.20') };
    expect(await found(files, ['container-privileged'])).toEqual(['container-privileged .github/workflows/ci.yml:7']);
  });
});

describe('more commands that run the command they are given (helper-45)', () => {
  it.each([
    'sg docker -c "docker run --privileged alpine:3.20"',
    'sg docker "docker run --privileged alpine:3.20"',
    'su -c "docker run --privileged alpine:3.20" runner',
    'sudo su - root -c "docker run --privileged alpine:3.20"',
    'script -qc "docker run --privileged alpine:3.20" /dev/null',
    'runuser -u runner -- docker run --privileged alpine:3.20',
    'unbuffer docker run --privileged alpine:3.20',
    'systemd-run --pty --unit x docker run --privileged alpine:3.20',
    'chroot / docker run --privileged alpine:3.20',
  ])('`%s`', async (run) => {
    expect(await found({ '.github/workflows/ci.yml': workflow(`run: ${run}`) }, ['container-privileged'])).toEqual(['container-privileged .github/workflows/ci.yml:7']);
  });

  it('leaves what they do not run alone: `script out.log`, `su runner`', async () => {
    expect(await found({ '.github/workflows/ci.yml': workflow('run: script out.log', 'run: su runner') }, ['container-privileged'])).toEqual([]);
  });
});
