// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDockerFlags, parseDockerRun, splitDockerOptions } from '../../src/subjects/docker-flags.js';

const run = (line: string) => parseDockerRun(splitDockerOptions(line), 'docker-cli');
const flags = (line: string) => parseDockerFlags(splitDockerOptions(line), 'job-service').spec;

describe('splitDockerOptions', () => {
  it('splits with shell quoting', () => {
    expect(splitDockerOptions(`--health-cmd "pg_isready -U postgres" -e 'A=b c'`)).toEqual([
      '--health-cmd',
      'pg_isready -U postgres',
      '-e',
      'A=b c',
    ]);
  });

  it('keeps ${{ }} expressions intact as single words, even with spaces inside', () => {
    expect(splitDockerOptions('--user ${{ matrix.user }} -e "T=${{ secrets.TOKEN }}" ${{ matrix.image }}')).toEqual([
      '--user',
      '${{ matrix.user }}',
      '-e',
      'T=${{ secrets.TOKEN }}',
      '${{ matrix.image }}',
    ]);
  });

  it('keeps shell variables as written and does not throw on a bad substitution', () => {
    expect(splitDockerOptions('-v $PWD:/src')).toEqual(['-v', '$PWD:/src']);
    expect(() => splitDockerOptions('-e X=${')).not.toThrow();
  });
});

describe('parseDockerFlags: the pflag grammar', () => {
  it('reads --flag value, --flag=value, -v value, -vvalue and -v=value alike', () => {
    const spec = flags('--volume /a:/a --volume=/b:/b -v /c:/c -v/d:/d -v=/e:/e');
    expect(spec.volumes.map((v) => v.source)).toEqual(['/a', '/b', '/c', '/d', '/e']);
  });

  it('reads combined boolean short flags and a trailing value flag', () => {
    const parsed = parseDockerRun(['-itd', '--rm', '-itp', '80:80', '-itp8080:80', 'nginx:1.27'], 'docker-cli');
    expect(parsed.flags.filter((f) => f.name === 'tty')).toHaveLength(3);
    expect(parsed.flags.map((f) => f.name)).toContain('detach');
    expect(parsed.spec.ports.map((p) => p.published)).toEqual(['80', '8080']);
    expect(parsed.image).toBe('nginx:1.27');
  });

  it('reads booleans bare and with =true/=false, and never consumes the next word for them', () => {
    expect(flags('--privileged').privileged).toBe(true);
    expect(flags('--privileged=false').privileged).toBe(false);
    expect(flags('--privileged --privileged=0').privileged).toBe(false);
    expect(flags('--read-only=true').read_only).toBe(true);
    expect(run('--privileged alpine sh').image).toBe('alpine');
  });

  it('leaves a boolean from an expression absent', () => {
    expect(flags('--privileged=${{ matrix.privileged }}')).not.toHaveProperty('privileged');
  });

  it('consumes the value of every value-taking flag, so it is not taken for the image', () => {
    const parsed = run('--name web --entrypoint sh -w /src --workdir=/x --label a=b -h host --log-opt max-size=1m --ulimit nofile=1024 --platform linux/amd64 alpine:3.20 -c "echo hi"');
    expect(parsed.image).toBe('alpine:3.20');
    expect(parsed.command).toEqual(['-c', 'echo hi']);
    expect(parsed.unknownFlags).toEqual([]);
  });

  it('stops at the first positional word and after --', () => {
    expect(run('alpine --privileged').spec).not.toHaveProperty('privileged');
    expect(run('--rm -- alpine ls')).toMatchObject({ image: 'alpine', command: ['ls'] });
  });

  it('records unknown flags without consuming a value', () => {
    expect(run('--frobnicate -Z alpine')).toMatchObject({ unknownFlags: ['--frobnicate', '-Z'], image: 'alpine' });
  });
});

describe('parseDockerFlags: mapping to ContainerSpec', () => {
  it('keeps lists and maps present when nothing is set', () => {
    expect(flags('')).toEqual({
      origin: 'job-service',
      cap_add: [],
      cap_drop: [],
      security_opt: [],
      volumes: [],
      ports: [],
      devices: [],
      environment: {},
      secrets: [],
      sysctls: {},
      tmpfs: [],
    });
  });

  it('normalizes capabilities and security options', () => {
    const spec = flags('--cap-add sys_admin --cap-add=CAP_NET_ADMIN --cap-drop all --security-opt seccomp:unconfined --security-opt label=type:svirt_t --security-opt no-new-privileges');
    expect(spec.cap_add).toEqual(['SYS_ADMIN', 'NET_ADMIN']);
    expect(spec.cap_drop).toEqual(['ALL']);
    expect(spec.security_opt).toEqual(['seccomp=unconfined', 'label=type:svirt_t', 'no-new-privileges=true']);
  });

  it('maps namespaces, cgroups, user and resources', () => {
    expect(flags('--net=host --pid host --ipc=host --uts host --userns host --cgroupns host --cgroup-parent /x -u 0:0 -m 512m --cpus 1.5 --pids-limit 100 --restart on-failure:3')).toMatchObject({
      network_mode: 'host',
      pid: 'host',
      ipc: 'host',
      uts: 'host',
      userns_mode: 'host',
      cgroup: 'host',
      cgroup_parent: '/x',
      user: '0:0',
      mem_limit: '512m',
      cpus: '1.5',
      pids_limit: 100,
      restart: 'on-failure:3',
    });
    expect(flags('--network name=host,alias=web').network_mode).toBe('host');
  });

  it('parses -v short syntax', () => {
    expect(flags('-v /var/run/docker.sock:/var/run/docker.sock:ro -v data:/data -v ./src:/src:rshared -v /cache').volumes).toEqual([
      { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: true },
      { type: 'volume', source: 'data', target: '/data', read_only: false },
      { type: 'bind', source: './src', target: '/src', read_only: false, propagation: 'rshared' },
      { type: 'volume', target: '/cache', read_only: false },
    ]);
  });

  it('leaves a variable -v source out (kept as written as its template) but keeps the mount', () => {
    expect(flags('-v ${{ github.workspace }}:/src:rshared').volumes).toEqual([
      { type: 'bind', source_template: '${{ github.workspace }}', target: '/src', read_only: false, propagation: 'rshared' },
    ]);
  });

  it('parses --mount', () => {
    expect(flags('--mount type=bind,source=/,target=/host,readonly --mount src=/a,dst=/b,type=bind,readonly=false,bind-propagation=rshared --mount "type=volume,target=/v"').volumes).toEqual([
      { type: 'bind', source: '/', target: '/host', read_only: true },
      { type: 'bind', source: '/a', target: '/b', read_only: false, propagation: 'rshared' },
      { type: 'volume', target: '/v', read_only: false },
    ]);
  });

  it('parses -p with host IPs, ranges, protocols and bracketed IPv6', () => {
    expect(flags('-p 8080:80 -p 127.0.0.1:53:53/udp -p [::1]:8443:443 -p 9000 -p 127.0.0.1::5432 -p 8000-8010:8000-8010').ports).toEqual([
      { published: '8080', target: '80', protocol: 'tcp' },
      { host_ip: '127.0.0.1', published: '53', target: '53', protocol: 'udp' },
      { host_ip: '::1', published: '8443', target: '443', protocol: 'tcp' },
      { target: '9000', protocol: 'tcp' },
      { host_ip: '127.0.0.1', target: '5432', protocol: 'tcp' },
      { published: '8000-8010', target: '8000-8010', protocol: 'tcp' },
    ]);
  });

  it('maps devices, env, sysctls, tmpfs, health checks and the API socket', () => {
    const spec = flags('--device /dev/fuse -e A=1 -e B --env C= --sysctl net.ipv4.ip_forward=1 --tmpfs /run:noexec --health-cmd "curl -f http://localhost" --use-api-socket --read-only');
    expect(spec).toMatchObject({
      devices: ['/dev/fuse'],
      environment: { A: '1', B: null, C: '' },
      sysctls: { 'net.ipv4.ip_forward': '1' },
      tmpfs: ['/run:noexec'],
      healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost'], disable: false },
      use_api_socket: true,
      read_only: true,
    });
    expect(flags('--no-healthcheck').healthcheck).toEqual({ test: ['NONE'], disable: true });
  });

  it('treats ${{ }} values as unknown: scalars absent, list entries dropped, env values kept as written', () => {
    const spec = flags('--user ${{ matrix.user }} --network ${{ matrix.net }} --cap-add ${{ matrix.cap }} -p ${{ matrix.port }}:80 -e TOKEN=${{ secrets.TOKEN }} --pids-limit ${{ x }}');
    expect(spec).not.toHaveProperty('user');
    expect(spec).not.toHaveProperty('network_mode');
    expect(spec).not.toHaveProperty('pids_limit');
    expect(spec.cap_add).toEqual([]);
    expect(spec.ports).toEqual([]);
    expect(spec.environment).toEqual({ TOKEN: '${{ secrets.TOKEN }}' });
  });

  it('lets the last scalar win, even when the last is unknown', () => {
    expect(flags('--user root --user app').user).toBe('app');
    expect(flags('--user root --user ${{ matrix.user }}')).not.toHaveProperty('user');
  });
});

describe('parseDockerRun', () => {
  it('returns the image and the command', () => {
    const parsed = run('--privileged -v /:/host alpine chroot /host sh');
    expect(parsed).toMatchObject({ image: 'alpine', command: ['chroot', '/host', 'sh'] });
    expect(parsed.spec).toMatchObject({ origin: 'docker-cli', image: 'alpine', privileged: true });
  });

  it('keeps a variable image as written but out of the spec', () => {
    const parsed = run('--rm ${{ matrix.image }} true');
    expect(parsed.image).toBe('${{ matrix.image }}');
    expect(parsed.spec).not.toHaveProperty('image');
  });

  it('has no image when the command has none', () => {
    expect(run('--rm')).not.toHaveProperty('image');
  });
});

describe('properties', () => {
  const word = fc.oneof(
    fc.string(),
    fc.constantFrom('-v', '-p', '-e', '--mount', '--privileged=', '-itp', '--net=host', '--', '-', '${{ x }}', '$', '=', ':', '[', '"'),
  );

  it('never throws on arbitrary argv, and always keeps lists and maps', () => {
    fc.assert(
      fc.property(fc.array(word), (argv) => {
        const parsed = parseDockerRun(argv, 'docker-cli');
        expect(Array.isArray(parsed.spec.volumes) && Array.isArray(parsed.command)).toBe(true);
        expect(typeof parsed.spec.environment).toBe('object');
      }),
    );
  });

  it('never throws splitting arbitrary option strings', () => {
    fc.assert(
      fc.property(fc.array(word).map((words) => words.join(' ')), fc.string(), (joined, raw) => {
        for (const text of [joined, raw]) {
          const words = splitDockerOptions(text);
          expect(words.every((w) => typeof w === 'string')).toBe(true);
          parseDockerRun(words, 'docker-cli');
        }
      }),
    );
  });
});
