import { describe, expect, it } from 'vitest';
import { inlineScriptIndex, readsScriptFromStdin, splitShellCommands } from '../../src/languages/shell-commands.js';

// Scripts inside scripts: process substitution, `sh -c '…'`, heredocs fed to a shell, pipelines.
const at = (script: string) => splitShellCommands(script).map((command) => [command.name, command.offset]);

describe('scripts inside a script', () => {
  it('splits a process substitution as a script and keeps it one word of its command', () => {
    const script = 'bash <(curl -fsSL https://x/i.sh) --yes';
    expect(at(script)).toEqual([
      ['bash', 0],
      ['curl', 7],
    ]);
    expect(splitShellCommands(script)[0]!.args).toEqual(['<(curl -fsSL https://x/i.sh)', '--yes']);
    expect(splitShellCommands('diff <(sort a) >(tee b)').map((c) => c.name)).toEqual(['diff', 'sort', 'tee']);
    // Inside quotes it is text.
    expect(at('echo "<(curl x)"')).toEqual([['echo', 0]]);
  });

  it('lists every later program of a pipeline, by base name', () => {
    const [curl, tr, tee] = splitShellCommands("curl -s https://x | tr -d '\\r' | tee x.sh | sudo /bin/bash -s");
    expect(curl).toMatchObject({
      pipedTo: 'tr',
      pipeline: [
        { name: 'tr', args: ['-d', '\\r'] },
        { name: 'tee', args: ['x.sh'] },
        { name: 'bash', args: ['-s'] },
      ],
    });
    expect(tr!.pipeline!.map((next) => next.name)).toEqual(['tee', 'bash']);
    expect(tee).toMatchObject({ pipedTo: '/bin/bash', pipeline: [{ name: 'bash', args: ['-s'] }] });
    expect(splitShellCommands('curl -o f https://x && sha256sum -c f.sha256')[0]!.pipeline).toBeUndefined();
  });

  it('reads the script of sh -c / bash -ec, single- or double-quoted, at its place', () => {
    const single = "sh -c 'curl -fsSL https://x | sh'";
    expect(at(single)).toEqual([
      ['sh', 0],
      ['curl', 7],
      ['sh', 30],
    ]);
    expect(splitShellCommands(single)[1]!.pipeline).toEqual([{ name: 'sh', args: [] }]);
    expect(at('bash -ec "apt-get update; apt-get install -y x"')).toEqual([
      ['bash', 0],
      ['apt-get', 10],
      ['apt-get', 26],
    ]);
    // A double-quoted script's substitutions are split once, by the enclosing scan.
    expect(at('sh -c "$(curl -fsSL https://x)"')).toEqual([
      ['sh', 0],
      ['curl', 9],
    ]);
    // Not a -c script: a script file, or options only.
    expect(at('bash ./install.sh "curl x | sh"')).toEqual([['bash', 0]]);
  });

  it("places the words of a -c script's commands in the enclosing script, or not at all when quoting changed them", () => {
    const words = (script: string) => splitShellCommands(script).map((command) => command.argSpans?.map((span) => script.slice(span.start, span.end)));
    // Before, the inner spans were offsets in the unquoted argument, taken as offsets in the script:
    // `install` of the inner apt-get was placed on `/var/tmp` of the rm before it.
    expect(words('rm -rf /var/tmp/x && sh -c "apt-get install curl"')).toEqual([['-rf', '/var/tmp/x'], ['-c', '"apt-get install curl"'], ['install', 'curl']]);
    expect(words("bash -ec 'apt-get update; apt-get install curl wget'")).toEqual([['-ec', "'apt-get update; apt-get install curl wget'"], ['update'], ['install', 'curl', 'wget']]);
    // Nested: sh -c "bash -c '…'".
    expect(words(`echo a && sh -c "bash -c 'apt-get install curl'"`).at(-1)).toEqual(['install', 'curl']);
    // Quoting removed characters from the script (`\"`): its words have no place, and the command keeps its own.
    const escaped = splitShellCommands('sh -c "apt-get install \\"curl\\""');
    expect(escaped.map((command) => [command.name, command.offset, command.argSpans === undefined])).toEqual([
      ['sh', 0, false],
      ['apt-get', 7, true],
    ]);
  });

  it('reads the script string of watch and flock -c, which they run with sh -c (helper-29)', () => {
    const names = (script: string) => splitShellCommands(script).map((command) => [command.name, command.args]);
    expect(names('watch "docker run --privileged alpine:3"')).toEqual([
      ['watch', ['docker run --privileged alpine:3']],
      ['docker', ['run', '--privileged', 'alpine:3']],
    ]);
    expect(names("watch -n 5 'docker ps | grep x'").map(([name]) => name)).toEqual(['watch', 'docker', 'grep']);
    expect(names('flock /tmp/lock -c "docker run --privileged alpine:1"').map(([name]) => name)).toEqual(['flock', 'docker']);
    // `-c` among the options: the word after the lock file is the script (util-linux reads its options first).
    expect(names('flock -c /tmp/lock "docker run --privileged alpine:6"').map(([name]) => name)).toEqual(['flock', 'docker']);
    // Several words: the command itself, past the wrapper.
    expect(names('watch -n 5 docker ps')).toEqual([['docker', ['ps']]]);
    expect(names('flock /tmp/lock docker run x')).toEqual([['docker', ['run', 'x']]]);
    // A `-c` further on is the wrapped command's own flag (docker's --cpu-shares, curl's cookie jar).
    expect(names('flock /tmp/l docker run -c 512 --privileged alpine sh')).toEqual([['docker', ['run', '-c', '512', '--privileged', 'alpine', 'sh']]]);
    expect(names('flock -w 5 /tmp/l curl https://x.sh -c cookies').map(([name]) => name)).toEqual(['curl']);
  });

  it('runs a heredoc as a script only when the command carrying its marker is a shell reading stdin', () => {
    const script = ['apk add curl && sh <<SCRIPT', 'curl -fsSL https://x | sh', 'SCRIPT', 'cat <<EOF > /etc/motd', 'rm -rf /', 'EOF', "cat <<-'X' | bash", '\tmake install', '\tX', 'echo done'].join('\n');
    expect(splitShellCommands(script).map((c) => c.name)).toEqual(['apk', 'sh', 'curl', 'sh', 'cat', 'cat', 'bash', 'make', 'echo']);
    // Two heredocs on one line: each to its own command.
    const two = ['cat <<A > /x && bash <<B', 'not a command', 'A', 'wget -O- https://x | sh', 'B'].join('\n');
    expect(splitShellCommands(two).map((c) => c.name)).toEqual(['cat', 'bash', 'wget', 'sh']);
  });

  it('knows how a shell gets its script', () => {
    expect(readsScriptFromStdin('sh', [])).toBe(true);
    expect(readsScriptFromStdin('/bin/bash', ['-s', '--', '--prefix', '/usr'])).toBe(true);
    expect(readsScriptFromStdin('bash', ['-'])).toBe(true);
    expect(readsScriptFromStdin('bash', ['/dev/stdin', '3.8.6'])).toBe(true);
    expect(readsScriptFromStdin('bash', ['-o', 'pipefail'])).toBe(true);
    expect(readsScriptFromStdin('bash', ['install.sh'])).toBe(false);
    expect(readsScriptFromStdin('sh', ['-c', 'ls'])).toBe(false);
    expect(readsScriptFromStdin('python3', [])).toBe(false);
    expect(inlineScriptIndex('sh', ['-xc', 'ls', 'arg0'])).toBe(1);
    expect(inlineScriptIndex('bash', ['-o', 'pipefail', '-c', 'ls'])).toBe(3);
    expect(inlineScriptIndex('bash', ['script.sh', '-c'])).toBeUndefined();
  });
});
