import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/core/apply-edits.js';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { link } from '../../src/link/link.js';
import { readProject } from '../../src/pipeline/read-project.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);

/** Applies every fix `ruleId` proposes for `file`; returns the text and the notes of findings without one. */
async function fixed(ruleId: string, file: string, content: string): Promise<{ text: string; notes: string[] }> {
  const { documents } = await readProject(memoryTree({ [file]: content }), []);
  const findings = evaluate(link(documents), compileRules(rules.filter((r) => r.id === ruleId)));
  expect(findings.length).toBeGreaterThan(0);
  const edits = findings.flatMap((f) => f.fix?.edits ?? []);
  return { text: applyEdits(content, edits).text, notes: findings.flatMap((f) => (f.fixNote ? [f.fixNote] : [])) };
}

describe('Compose fixes keep the file\'s own style', () => {
  it('adds a block list (the map is block style) at the keys\' indentation, after a trailing comment, keeping comments', async () => {
    const content = 'services:\n    web:\n        image: nginx:1.27  # pinned later\n        # the port\n        ports: ["127.0.0.1:80:80"]\n';
    const { text } = await fixed('container-capabilities-not-dropped', 'compose.yaml', content);
    expect(text).toBe('services:\n    web:\n        image: nginx:1.27  # pinned later\n        # the port\n        ports: ["127.0.0.1:80:80"]\n        cap_drop:\n          - ALL\n');
  });

  it('appends to a flow list and to a block list', async () => {
    const flow = await fixed('container-no-new-privileges', 'compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    security_opt: [label:disable]\n');
    expect(flow.text).toBe('services:\n  web:\n    image: nginx:1.27\n    security_opt: [label:disable, "no-new-privileges:true"]\n');
    const block = await fixed('container-no-new-privileges', 'compose.yaml', 'services:\n  web:\n    security_opt:\n      - label:disable\n    image: nginx:1.27\n');
    expect(block.text).toBe('services:\n  web:\n    security_opt:\n      - label:disable\n      - "no-new-privileges:true"\n    image: nginx:1.27\n');
  });

  it('adds a key to a flow-style service', async () => {
    const { text } = await fixed('container-root-filesystem-writable', 'compose.yaml', 'services:\n  web: {image: "nginx:1.27"}\n');
    expect(text).toBe('services:\n  web: {image: "nginx:1.27", read_only: true}\n');
  });

  it('replaces a value in place and leaves the rest of the line', async () => {
    const { text } = await fixed('container-restart-policy', 'compose.yaml', 'services:\n  web:\n    restart: always # keep up\n    image: nginx:1.27\n');
    expect(text).toBe('services:\n  web:\n    restart: "on-failure:5" # keep up\n    image: nginx:1.27\n');
  });

  it('does not add a list a merged block already gives, and says why', async () => {
    const content = 'x-h: &h\n  security_opt: [label:disable]\nservices:\n  web:\n    <<: *h\n    image: nginx:1.27\n';
    const { text, notes } = await fixed('container-no-new-privileges', 'compose.yaml', content);
    expect(text).toBe(content);
    expect(notes).toEqual([expect.stringMatching(/merged block or `extends`/)]);
  });

  it('binds long-syntax ports and leaves a port written with a variable alone', async () => {
    const content = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: "8080"\n      - "${PORT:-8080}:80"\n      - "0.0.0.0:443:443"\n';
    const { text, notes } = await fixed('container-port-all-interfaces', 'compose.yaml', content);
    expect(text).toBe('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: "8080"\n        host_ip: "127.0.0.1"\n      - "${PORT:-8080}:80"\n      - "127.0.0.1:443:443"\n');
    expect(notes).toEqual([expect.stringMatching(/variable/)]);
  });
});

it('keeps a CRLF file CRLF', async () => {
  const content = 'services:\r\n  web:\r\n    image: nginx:1.27\r\n';
  const { text } = await fixed('container-no-new-privileges', 'compose.yaml', content);
  expect(text).toBe('services:\r\n  web:\r\n    image: nginx:1.27\r\n    security_opt:\r\n      - "no-new-privileges:true"\r\n');
});

describe('Dockerfile fixes', () => {
  it('rewrites a plain shell-form CMD and refuses one that needs a shell', async () => {
    const plain = await fixed('dockerfile-shell-form-cmd', 'Dockerfile', 'FROM node:22\nENTRYPOINT node --enable-source-maps dist/main.js\n');
    expect(plain.text).toBe('FROM node:22\nENTRYPOINT ["node", "--enable-source-maps", "dist/main.js"]\n');
    for (const cmd of ['node $APP', 'node a.js && echo done', "sh -c 'x'", 'node a.js > log', 'node \\\n  a.js']) {
      const shell = await fixed('dockerfile-shell-form-cmd', 'Dockerfile', `FROM node:22\nCMD ${cmd}\n`);
      expect(shell.text).toBe(`FROM node:22\nCMD ${cmd}\n`);
      expect(shell.notes).toEqual([expect.stringMatching(/shell features/)]);
    }
  });

  it('rewrites `exec program` as the program, and refuses a variable assignment or a shell built-in, which exec form would look for on PATH', async () => {
    const exec = await fixed('dockerfile-shell-form-cmd', 'Dockerfile', 'FROM node:22\nENTRYPOINT exec node server.js\n');
    expect(exec.text).toBe('FROM node:22\nENTRYPOINT ["node", "server.js"]\n');
    const refused: Array<[string, RegExp]> = [
      ['NODE_ENV=production node server.js', /^`NODE_ENV=production` sets a variable for the command, which only a shell does; set it with ENV, then write the JSON form\.$/],
      ['exec NODE_ENV=production node server.js', /^`NODE_ENV=production` sets a variable/],
      ['exec -a app node server.js', /^`exec` is built into the shell/],
      ['cd /app', /^`cd` is built into the shell, with no program of that name to run without one, so this CMD is not rewritten\.$/],
      ['source env.sh', /^`source` is built into the shell/],
      ['exec', /^`exec` is built into the shell/],
    ];
    for (const [cmd, note] of refused) {
      const shell = await fixed('dockerfile-shell-form-cmd', 'Dockerfile', `FROM node:22\nCMD ${cmd}\n`);
      expect(shell.text).toBe(`FROM node:22\nCMD ${cmd}\n`);
      expect(shell.notes).toEqual([expect.stringMatching(note)]);
    }
    // An `=` later in the command is an argument: the program is still a program.
    const flag = await fixed('dockerfile-shell-form-cmd', 'Dockerfile', 'FROM node:22\nCMD node server.js --port=8080\n');
    expect(flag.text).toBe('FROM node:22\nCMD ["node", "server.js", "--port=8080"]\n');
  });

  it('adds the option to the right command of a continued RUN', async () => {
    const content = 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl \\\n && apt-get install git\n';
    const { text } = await fixed('command-apt-install-recommends', 'Dockerfile', content);
    expect(text).toBe('FROM debian:12\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y curl \\\n && apt-get install --no-install-recommends git\n');
  });

  it('keeps ADD flags COPY accepts, refuses those it does not, and keeps a lower-case keyword', async () => {
    expect((await fixed('dockerfile-add-instead-of-copy', 'Dockerfile', 'FROM alpine:3.20\nadd --chown=1:1 a /a\n')).text).toBe('FROM alpine:3.20\ncopy --chown=1:1 a /a\n');
    const refused = await fixed('dockerfile-add-instead-of-copy', 'Dockerfile', 'FROM alpine:3.20\nADD --keep-git-dir=true a /a\n');
    expect(refused.notes).toEqual([expect.stringMatching(/--keep-git-dir/)]);
  });

  it('resolves a relative WORKDIR against the stage\'s earlier one', async () => {
    const { text } = await fixed('dockerfile-workdir-relative', 'Dockerfile', 'FROM node:22\nWORKDIR /srv\nWORKDIR app/../web\nFROM node:22\nWORKDIR b\n');
    expect(text).toBe('FROM node:22\nWORKDIR /srv\nWORKDIR /srv/web\nFROM node:22\nWORKDIR /b\n');
  });
});

describe('workflow fixes', () => {
  it('adds permissions above jobs, at the file\'s indentation', async () => {
    const content = '# CI\nname: ci\non: push\njobs:\n    test:\n        runs-on: ubuntu-latest\n        steps:\n            - run: npm test\n';
    const { text } = await fixed('workflow-permissions-missing', '.github/workflows/ci.yml', content);
    expect(text).toBe('# CI\nname: ci\non: push\npermissions:\n  contents: read\njobs:\n    test:\n        runs-on: ubuntu-latest\n        steps:\n            - run: npm test\n');
  });
});

describe('fixes never edit text that other places share or that is not the value (security review)', () => {
  it('leaves an anchored value alone: its aliases elsewhere would change with it', async () => {
    const content = [
      'services:',
      '  api:',
      '    image: example/api:1.0',
      '    read_only: &ro false',
      '    cap_drop: &caps [NET_RAW]',
      '  worker:',
      '    image: example/worker:1.0',
      '    privileged: *ro',
      '    cap_add: *caps',
      '',
    ].join('\n');
    const readOnly = await fixed('container-root-filesystem-writable', 'compose.yaml', content);
    // api's anchored `false` is worker's `privileged`: making it `true` would make worker privileged.
    expect(readOnly.text).toContain('    read_only: &ro false\n');
    expect(readOnly.notes.length).toBeGreaterThan(0);
    const capDrop = await fixed('container-capabilities-not-dropped', 'compose.yaml', content);
    // worker gets its own cap_drop; api's anchored list, which worker adds as capabilities, is untouched.
    expect(capDrop.text).toContain('cap_drop: &caps [NET_RAW]\n');
    expect(capDrop.text).not.toContain('[NET_RAW, ALL]');
  });

  it('adds nothing to a flow map that holds a nested map or a comment, whose own brace would take the key', async () => {
    for (const content of ['services: {api: {image: "nginx:1.27"}}\n', 'services:\n  api: {image: "nginx:1.27", environment: {A: "1"}}\n']) {
      const { text, notes } = await fixed('container-root-filesystem-writable', 'compose.yaml', content);
      expect(text).toBe(content);
      expect(notes.length).toBeGreaterThan(0);
    }
  });

  it('pins no reference written as a block scalar, a short SHA, or a ref with a second @', async () => {
    const workflow = (uses: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${uses}\n`;
    const block = await fixed('action-not-pinned', '.github/workflows/a.yml', workflow('>-\n          evil/act@v1-x/evil'));
    expect(block.notes.join('\n')).toMatch(/not written as a plain value/);
    const short = await fixed('action-not-pinned', '.github/workflows/a.yml', workflow('actions/checkout@abc1234'));
    expect(short.notes.join('\n')).toMatch(/looks like a commit SHA/);
    const at = await fixed('action-not-pinned', '.github/workflows/a.yml', workflow('evil/act@v1@x'));
    expect(at.notes.join('\n')).toMatch(/not a plain tag or branch name/);
  });

  it('keeps ADD when any source may be unpacked or downloaded, and edits only the command that runs, never words that echo prints', async () => {
    const archive = await fixed('dockerfile-add-instead-of-copy', 'Dockerfile', 'FROM alpine:3.20\nADD notes.txt rootfs.tar.gz /\n');
    expect(archive.text).toBe('FROM alpine:3.20\nADD notes.txt rootfs.tar.gz /\n');
    expect(archive.notes.join('\n')).toMatch(/may download or unpack/);
    const comment = await fixed('dockerfile-apt-lists-not-removed', 'Dockerfile', 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 # tools\n');
    expect(comment.text).not.toContain('&& rm');
    const twice = await fixed('command-package-install-not-noninteractive', 'Dockerfile', 'FROM debian:12\nRUN echo apt-get install curl > /etc/motd; apt-get install curl\n');
    // The edit is placed where the shell parser found the command's own word, not by its words.
    expect(twice.text).toBe('FROM debian:12\nRUN echo apt-get install curl > /etc/motd; apt-get install -y curl\n');
  });
});
