// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitShellCommands } from '../../src/languages/shell-commands.js';
import { shellWords } from '../../src/languages/shell-words.js';

const brief = (script: string) => splitShellCommands(script).map(({ name, args, pipedTo, sudo, env }) => ({ name, args, pipedTo, sudo, env }));
const at = (script: string) => splitShellCommands(script).map((command) => [command.name, command.offset]);

describe('splitShellCommands', () => {
  it('splits lists and pipelines, keeping each program offset', () => {
    const script = 'apt-get update && curl -fsSL https://x | sh; echo done &\nmake';
    expect(at(script)).toEqual([
      ['apt-get', 0],
      ['curl', 18],
      ['sh', 41],
      ['echo', 45],
      ['make', 57],
    ]);
    expect(brief(script)[1]).toMatchObject({ name: 'curl', pipedTo: 'sh' });
  });

  it('keeps ${{ }} expressions whole, whatever they hold and wherever they stand', () => {
    expect(brief("docker run -e T='${{ secrets.A || \"x; y\" }}' ${{ matrix.image }} | tee ${{ format('{0}', 'a b') }}")).toEqual([
      { name: 'docker', args: ['run', '-e', 'T=${{ secrets.A || "x; y" }}', '${{ matrix.image }}'], pipedTo: 'tee', sudo: false, env: undefined },
      { name: 'tee', args: ["${{ format('{0}', 'a b') }}"], pipedTo: undefined, sudo: false, env: undefined },
    ]);
    expect(at('echo ${{ a b }} && ls')).toEqual([
      ['echo', 0],
      ['ls', 19],
    ]);
    expect(() => splitShellCommands('echo ${{ never closed; ls')).not.toThrow();
  });

  it('reads commands inside $( ) and backticks, and keeps the outer word whole', () => {
    const script = 'ID=$(docker run -d alpine)\necho "$(curl -s https://x | sh)" `uname -m`';
    expect(brief(script).map((c) => [c.name, c.args])).toEqual([
      ['docker', ['run', '-d', 'alpine']],
      ['echo', ['$(curl -s https://x | sh)', '`uname -m`']],
      ['curl', ['-s', 'https://x']],
      ['sh', []],
      ['uname', ['-m']],
    ]);
    expect(at(script)[0]).toEqual(['docker', 5]);
    expect(brief('echo $((1 + 2))').map((c) => c.name)).toEqual(['echo']);
  });

  it('joins backslash-newline continuations and places the program on its own line', () => {
    const script = 'docker run --rm \\\n  -v "$PWD:/src" \\\n  alpine && \\\n  docker ps';
    expect(brief(script).map((c) => [c.name, c.args])).toEqual([
      ['docker', ['run', '--rm', '-v', '$PWD:/src', 'alpine']],
      ['docker', ['ps']],
    ]);
    expect(at(script)[1]).toEqual(['docker', script.lastIndexOf('docker')]);
  });

  it('sees through assignments, sudo, env, nohup, exec and command, keeping the assignments', () => {
    expect(brief('DOCKER_HOST=tcp://10.0.0.1:2375 sudo -E -u root env -i nohup docker ps')).toEqual([
      { name: 'docker', args: ['ps'], pipedTo: undefined, sudo: true, env: { DOCKER_HOST: 'tcp://10.0.0.1:2375' } },
    ]);
    expect(brief('command -v docker').map((c) => c.name)).toEqual(['command']);
    expect(brief('if docker info; then exec docker run x; fi').map((c) => [c.name, c.args])).toEqual([
      ['docker', ['info']],
      ['docker', ['run', 'x']],
    ]);
  });

  it('sees through timeout, nice, stdbuf, ionice, setsid, flock, taskset, xargs, watch and doas, with their options and operands', () => {
    const cases: Array<[string, boolean]> = [
      ['timeout 600 docker run --privileged alpine', false],
      ['timeout -k 5 --preserve-status 10m docker run --privileged alpine', false],
      ['nice -n 5 docker run --privileged alpine', false],
      ['nice -10 docker run --privileged alpine', false],
      ['stdbuf -oL -e 0 docker run --privileged alpine', false],
      ['ionice -c 3 docker run --privileged alpine', false],
      ['setsid -f docker run --privileged alpine', false],
      ['flock -w 30 /tmp/lock docker run --privileged alpine', false],
      ['taskset -c 0,1 docker run --privileged alpine', false],
      ['xargs -n 1 -P 4 docker run --privileged alpine', false],
      ['watch -n 5 docker run --privileged alpine', false],
      ['doas -u root docker run --privileged alpine', true],
      ['sudo timeout 60 nice docker run --privileged alpine', true],
    ];
    for (const [script, sudo] of cases) {
      expect(brief(script), script).toEqual([{ name: 'docker', args: ['run', '--privileged', 'alpine'], pipedTo: undefined, sudo, env: undefined }]);
    }
    // Piped into xargs: the docker command is the second of the pipeline.
    expect(brief('echo x | xargs docker run --privileged alpine').map((c) => [c.name, c.args])).toEqual([
      ['echo', ['x']],
      ['docker', ['run', '--privileged', 'alpine']],
    ]);
  });

  it('skips heredoc bodies and comments, and drops redirections', () => {
    const script = ['cat <<-EOF > out.sh', '\tdocker run --privileged x', '\tEOF', '# docker run y', 'docker ps 2>&1 >> log # trailing'].join('\n');
    expect(brief(script).map((c) => [c.name, c.args])).toEqual([
      ['cat', []],
      ['docker', ['ps']],
    ]);
    expect(brief("cat <<'A' <<B\n$(x)\nA\ny\nB\nls").map((c) => c.name)).toEqual(['cat', 'ls']);
  });

  it('reads backslashes literally when told to (Dockerfile "# escape=`")', () => {
    expect(splitShellCommands('copy C:\\a\\b D:\\c', { literalBackslash: true })[0]).toMatchObject({ name: 'copy', args: ['C:\\a\\b', 'D:\\c'] });
  });

  it('never throws, and every offset is inside the script', () => {
    const piece = fc.constantFrom('docker', ' run', ' -v', ' "a b"', "'", '"', '$(', ')', '`', '${{', '}}', ' | ', ' && ', ';', '\n', '\\\n', '<<EOF', 'EOF', '#', '$((', '&', '2>&1', 'sudo ', 'X=1 ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), fc.boolean(), (pieces, literalBackslash) => {
        const script = pieces.join('');
        for (const command of splitShellCommands(script, { literalBackslash })) {
          expect(command.offset).toBeGreaterThanOrEqual(0);
          expect(command.offset).toBeLessThanOrEqual(script.length);
        }
      }),
    );
  });
});

describe('shellWords', () => {
  it('splits an options string with quotes, expressions whole and operators literal', () => {
    expect(shellWords('--health-cmd "pg_isready -U x" -e T=${{ secrets.T }} | x')).toEqual(['--health-cmd', 'pg_isready -U x', '-e', 'T=${{ secrets.T }}', '|', 'x']);
  });
});
