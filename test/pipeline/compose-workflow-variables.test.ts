import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules } from '../../src/evaluate/evaluate.js';
import { judgeAsRead } from '../../src/pipeline/judge-as-read.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { expectSameAsLinkingAll } from '../support/judge-as-read-compare.js';
import { lines } from '../support/scan-files.js';

// Compose takes the shell's variables before the `.env` file's, and `--env-file` instead of it
// (https://docs.docker.com/compose/how-tos/environment-variables/envvars-precedence/). A workflow
// that runs `docker compose` with `env: {PRIV: "true"}` runs `privileged: ${PRIV:-false}`
// privileged, so the project is judged with the workflow's variables too (helper-37).

const COMPOSE = lines('services:', '  web:', '    image: nginx:1.27', '    privileged: ${PRIV:-false}', '    volumes:', '      - ${SRC:-./data}:/data');
const workflow = (env: string, jobEnv: string, ...steps: string[]) =>
  lines('on: push', 'permissions: {}', ...(env ? [env] : []), 'jobs:', '  a:', '    runs-on: ubuntu-latest', ...(jobEnv ? [jobEnv] : []), '    steps:', ...steps.map((step) => `      - ${step}`));

async function critical(files: Record<string, string>): Promise<string[]> {
  const findings = await expectSameAsLinkingAll(memoryTree(files));
  return findings
    .filter((f) => f.severity === 'critical')
    .map((f) => `${f.ruleId} ${f.path}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

const PRIVILEGED = 'container-privileged compose.yaml:4:5-4:31';
const SOCKET = 'container-docker-socket compose.yaml:6:9-6:29';

describe('Compose files judged with the variables a workflow runs them with', () => {
  it('the reproduction: env: PRIV "true" on the job, and an export before `docker compose up`', async () => {
    const files = { 'compose.yaml': COMPOSE, '.github/workflows/d.yml': workflow('', '    env:\n      PRIV: "true"', 'run: |\n          export SRC=/var/run/docker.sock\n          docker compose up -d') };
    expect(await critical(files)).toEqual([PRIVILEGED, SOCKET]);
  });

  it('says where the values come from: the step, as a related location', async () => {
    const files = { 'compose.yaml': COMPOSE, '.github/workflows/d.yml': workflow('', '', 'run: docker compose --env-file ci/x.env up -d\n        env:\n          PRIV: "true"'), 'ci/x.env': 'SRC=./data\n' };
    const findings = await expectSameAsLinkingAll(memoryTree(files));
    const privileged = findings.find((f) => f.ruleId === 'container-privileged');
    expect(privileged?.related).toEqual([
      { path: '.github/workflows/d.yml', range: { start: { line: 7, column: 9 }, end: { line: 7, column: 54 } }, message: 'compose.yaml read with the --env-file ci/x.env and PRIV=true as this step may set it' },
    ]);
  });

  it('without the workflow, the defaults: nothing critical', async () => {
    expect(await critical({ 'compose.yaml': COMPOSE })).toEqual([]);
  });

  it.each([
    ['the workflow\'s env:', workflow('env:\n  PRIV: "true"', '', 'run: docker compose up -d')],
    ['the step\'s env:', workflow('', '', 'run: docker compose up -d\n        env:\n          PRIV: "true"')],
    ['an assignment before the command', workflow('', '', 'run: PRIV=true docker compose up -d')],
    ['`docker compose -f` with a working directory', workflow('', '', 'run: PRIV=true docker compose -f ../compose.yaml up -d\n        working-directory: deploy')],
    ['`docker-compose`', workflow('', '', 'run: PRIV=true docker-compose up -d')],
    ['an assignment before `bash -c` (helper-45)', workflow('', '', "run: PRIV=true bash -c 'docker compose up -d'")],
    ['an assignment before `sudo sh -c`', workflow('', '', 'run: PRIV=true sudo -E sh -c "docker compose up -d"')],
  ])('%s', async (_, text) => {
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([PRIVILEGED]);
  });

  it('the step\'s value wins over the job\'s, and the shell\'s over the .env\'s', async () => {
    const steps = workflow('', '    env:\n      PRIV: "true"', 'run: docker compose up -d\n        env:\n          PRIV: "false"');
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': steps })).toEqual([]);
    const overDotEnv = workflow('', '', 'run: PRIV=true docker compose up -d');
    expect(await critical({ 'compose.yaml': COMPOSE, '.env': 'PRIV=false\n', '.github/workflows/d.yml': overDotEnv })).toEqual([PRIVILEGED]);
  });

  it('`--env-file` is read instead of the .env', async () => {
    const files = {
      'compose.yaml': COMPOSE,
      '.env': 'PRIV=false\n',
      'ci/evil.env': 'PRIV=true\nSRC=/var/run/docker.sock\n',
      '.github/workflows/d.yml': workflow('', '', 'run: docker compose --env-file ci/evil.env up -d'),
    };
    expect(await critical(files)).toEqual([PRIVILEGED, SOCKET]);
  });

  it('leaves out what it cannot know: an expression, a shell expansion', async () => {
    for (const text of [
      workflow('', '    env:\n      PRIV: ${{ vars.PRIV }}', 'run: docker compose up -d'),
      workflow('', '', 'run: PRIV=$(cat flag) docker compose up -d'),
    ]) {
      expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([]);
    }
  });

  it('reads the folder\'s override with the variables too', async () => {
    const files = {
      'compose.yaml': lines('services:', '  web:', '    image: nginx:1.27'),
      'compose.override.yaml': lines('services:', '  web:', '    network_mode: ${NET:-bridge}'),
      '.github/workflows/d.yml': workflow('', '', 'run: NET=host docker compose up -d'),
    };
    const findings = await expectSameAsLinkingAll(memoryTree(files));
    expect(findings.filter((f) => f.ruleId === 'container-host-network').map((f) => `${f.path}:${f.range.start.line}`)).toEqual(['compose.override.yaml:3']);
  });

  it('a value holding a quote reads back as written', async () => {
    const files = {
      'compose.yaml': lines('services:', '  web:', '    image: nginx:1.27', '    volumes:', '      - "${SRC:-./data}:/data"'),
      '.github/workflows/d.yml': workflow('', '    env:\n      SRC: "/var/run/docker.sock"\n      NOTE: "it\'s"', 'run: docker compose up -d'),
    };
    expect(await critical(files)).toEqual(['container-docker-socket compose.yaml:5:9-5:31']);
  });
});

describe('variables a script sets in other ways (helper-41)', () => {
  it.each([
    ['an assignment, then `export NAME`', 'run: |\n          PRIV=true\n          export PRIV\n          docker compose up -d'],
    ['`declare -x`', 'run: |\n          declare -x PRIV=true\n          docker compose up -d'],
    ['`set -a` before an assignment', 'run: |\n          set -a\n          PRIV="true"\n          docker compose up -d'],
    ['an earlier step\'s `$GITHUB_ENV`', 'run: echo "PRIV=true" >> "$GITHUB_ENV"', 'run: docker compose up -d'],
    ['`$GITHUB_ENV` without quotes, with echo -n', 'run: echo -n PRIV=true >>$GITHUB_ENV', 'run: docker compose up -d'],
  ])('%s', async (_, ...steps) => {
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': workflow('', '', ...steps) })).toEqual([PRIVILEGED]);
  });

  it('an assignment never exported, or exported after the command, stays the shell\'s', async () => {
    for (const run of ['run: |\n          PRIV=true\n          docker compose up -d', 'run: |\n          PRIV=true\n          docker compose up -d\n          export PRIV']) {
      expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': workflow('', '', run) })).toEqual([]);
    }
  });

  it('a $GITHUB_ENV write reaches the later steps of its job only', async () => {
    const text = lines(
      'on: push',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: docker compose up -d',
      '      - run: echo "PRIV=true" >> "$GITHUB_ENV"',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: docker compose up -d',
    );
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([]);
  });
});

describe('what a script seems to do to a variable only adds views (helper-43)', () => {
  // GitHub sets the step's env: whatever the script's text says; an assignment the shell never
  // runs (in a heredoc, a subshell, a comment, a function not called, a branch not taken) must not
  // replace it, nor an `unset`.
  it.each([
    ['a heredoc', 'cat <<EOF\n          PRIV=false\n          EOF'],
    ['a subshell', '( PRIV=false )'],
    ['a comment', '# note; PRIV=false'],
    ['a quoted string', "echo 'a;PRIV=false;'"],
    ['a pipeline', 'PRIV=false | cat'],
    ['a function never called', 'f() { PRIV=false; }'],
    ['an unset in a subshell', '(unset PRIV)'],
    ['unset -f', 'unset -f PRIV'],
    ['an export that the shell does run', 'export PRIV=false'],
    ['an unset that the shell does run', 'unset PRIV'],
  ])('%s', async (_, line) => {
    const text = workflow('', '', `run: |\n          ${line}\n          docker compose up -d\n        env:\n          PRIV: "true"`);
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([PRIVILEGED]);
  });

  it.each([
    ['to another file', 'echo "PRIV=false" >> "$GITHUB_ENV.bak"'],
    ['to another variable\'s file', 'echo "PRIV=false" >> $GITHUB_ENV_OLD'],
    ['in a comment', 'echo "PRIV=false" > /dev/null # >> $GITHUB_ENV'],
    ['in a branch not taken', 'if false; then echo "PRIV=false" >> "$GITHUB_ENV"; fi'],
  ])('a later $GITHUB_ENV write %s', async (_, line) => {
    const text = workflow('', '', `run: |\n          echo "PRIV=true" >> "$GITHUB_ENV"\n          ${line}`, 'run: docker compose up -d');
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([PRIVILEGED]);
  });

  it('the script\'s values together are a view too: two variables a finding needs both of', async () => {
    const run = 'run: |\n          export PRIV=true\n          export SRC=/var/run/docker.sock\n          docker compose up -d';
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': workflow('', '', run) })).toEqual([PRIVILEGED, SOCKET]);
  });
});

describe('variables past decoys, in included and extended files, and one finding per place (helper-44, helper-45)', () => {
  it('sixteen decoy exports and a heredoc after the real value do not push it out', async () => {
    const decoys = Array.from({ length: 16 }, (_, i) => `A${i}=x`).join(' ');
    const run = `run: |\n          export ${decoys}\n          export PRIV=true\n          cat <<NOTE\n          PRIV=false\n          NOTE\n          docker compose up -d`;
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': workflow('', '', run) })).toEqual([PRIVILEGED]);
  });

  it.each([
    ['an included file', { 'compose.yaml': 'include:\n  - sub/inc.yaml\n', 'sub/inc.yaml': COMPOSE }, 'sub/inc.yaml'],
    ['an extended file', { 'compose.yaml': lines('services:', '  app:', '    extends: {file: base.yaml, service: web}'), 'base.yaml': COMPOSE }, 'base.yaml'],
  ])('the step\'s variables reach %s', async (_, files, path) => {
    const findings = await expectSameAsLinkingAll(memoryTree({ ...files, '.github/workflows/d.yml': workflow('', '', 'run: docker compose up -d\n        env:\n          PRIV: "true"') }));
    expect(findings.filter((f) => f.ruleId === 'container-privileged').map((f) => f.path)).toContain(path);
  });

  it('COMPOSE_ENV_FILES is read as --env-file', async () => {
    const files = { 'compose.yaml': COMPOSE, 'ci/priv.env': 'PRIV=true\n', '.github/workflows/d.yml': workflow('', '', 'run: docker compose up -d\n        env:\n          COMPOSE_ENV_FILES: ci/priv.env') };
    expect(await critical(files)).toEqual([PRIVILEGED]);
  });

  it('an image tag from a workflow variable is one finding at its place, not one per value', async () => {
    const files = {
      'compose.yaml': lines('services:', '  web:', '    image: nginx:${TAG:-1.27}'),
      '.github/workflows/d.yml': workflow('', '', 'run: docker compose up -d\n        env:\n          TAG: "1.27.1"'),
    };
    const findings = await expectSameAsLinkingAll(memoryTree(files));
    expect(findings.filter((f) => f.ruleId === 'image-not-pinned-by-digest').map((f) => `${f.path}:${f.range.start.line}`)).toEqual(['compose.yaml:3']);
  });
});

describe('helper-46', () => {
  it('a worse value at a place where the file\'s own read has a milder finding of the same rule is kept', async () => {
    const compose = lines('services:', '  app:', '    image: alpine:3.20', '    volumes:', '      - ${CERTS:-/etc/ssl/certs}:/certs:ro', '    cap_add:', '      - ${CAP:-NET_ADMIN}');
    const files = { 'compose.yaml': compose, '.github/workflows/d.yml': workflow('', '    env:\n      CERTS: /\n      CAP: SYS_ADMIN', 'run: docker compose up -d') };
    const findings = await expectSameAsLinkingAll(memoryTree(files));
    const at = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => f.message);
    expect(at('container-dangerous-capability').some((m) => m.includes('SYS_ADMIN'))).toBe(true);
    expect(at('container-dangerous-capability').some((m) => m.includes('NET_ADMIN'))).toBe(true);
    expect(at('container-sensitive-host-mount').some((m) => m.includes('`/`'))).toBe(true);
  });

  it.each([
    ['exported by the script', 'run: |\n          export COMPOSE_ENV_FILES=ci/evil.env\n          docker compose up -d'],
    ['written to $GITHUB_ENV by an earlier step', 'run: echo "COMPOSE_ENV_FILES=ci/evil.env" >> "$GITHUB_ENV"', 'run: docker compose up -d'],
  ])('COMPOSE_ENV_FILES %s', async (_, ...steps) => {
    const files = { 'compose.yaml': COMPOSE, 'ci/evil.env': 'PRIV=true\n', '.github/workflows/d.yml': workflow('', '', ...steps) };
    expect(await critical(files)).toEqual([PRIVILEGED]);
  });
});

describe('COMPOSE_ENV_FILES written from the workspace (helper-47)', () => {
  it.each([
    ['exported with $GITHUB_WORKSPACE', 'run: |\n          export COMPOSE_ENV_FILES="$GITHUB_WORKSPACE/ci/evil.env"\n          docker compose up -d'],
    ['exported with ${{ github.workspace }}', 'run: |\n          export COMPOSE_ENV_FILES=${{ github.workspace }}/ci/evil.env\n          docker compose up -d'],
    ['in the step\'s env: with ${{ github.workspace }}', 'run: docker compose up -d\n        env:\n          COMPOSE_ENV_FILES: ${{ github.workspace }}/ci/evil.env'],
  ])('%s', async (_, step) => {
    const files = { 'compose.yaml': COMPOSE, 'ci/evil.env': 'PRIV=true\n', '.github/workflows/d.yml': workflow('', '', step) };
    expect(await critical(files)).toEqual([PRIVILEGED]);
  });

  it('one the scan cannot resolve ($PWD) is an unread file, not skipped', async () => {
    const files = { 'compose.yaml': COMPOSE, 'ci/evil.env': 'PRIV=true\n', '.github/workflows/d.yml': workflow('', '', 'run: |\n          export COMPOSE_ENV_FILES="$PWD/ci/evil.env"\n          docker compose up -d') };
    await expectSameAsLinkingAll(memoryTree(files));
    const read = await judgeAsRead(memoryTree(files), [], compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules)));
    expect(read.incomplete.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['scan-incomplete compose.yaml']);
  });
});

describe('other ways a step writes $GITHUB_ENV (helper-45)', () => {
  it.each([
    ['echo piped into tee -a', 'run: echo "PRIV=true" | tee -a "$GITHUB_ENV"'],
    ['printf with a format', "run: printf 'PRIV=%s\\n' true >> \"$GITHUB_ENV\""],
    ['a heredoc appended with cat', 'run: |\n          cat >> "$GITHUB_ENV" <<EOF\n          OTHER=1\n          PRIV=true\n          EOF'],
    ['a quoted heredoc marker with tee -a', "run: |\n          tee -a $GITHUB_ENV <<'END'\n          PRIV=true\n          END"],
  ])('%s', async (_, write) => {
    const text = workflow('', '', write, 'run: docker compose up -d');
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([PRIVILEGED]);
  });
});

describe('a matrix value in env: (helper-41)', () => {
  it.each([
    ['a listed value', "    strategy:\n      matrix:\n        priv: ['false', 'true']\n    env:\n      PRIV: ${{ matrix.priv }}"],
    ['an include entry', "    strategy:\n      matrix:\n        os: [ubuntu-latest]\n        include:\n          - os: ubuntu-latest\n            priv: 'true'\n    env:\n      PRIV: ${{ matrix.priv }}"],
  ])('%s is a value the step may run with', async (_, jobEnv) => {
    const text = workflow('', jobEnv, 'run: docker compose up -d');
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([PRIVILEGED]);
  });

  it('a computed matrix stays unknown', async () => {
    const text = workflow('', '    strategy:\n      matrix: ${{ fromJSON(needs.a.outputs.m) }}\n    env:\n      PRIV: ${{ matrix.priv }}', 'run: docker compose up -d');
    expect(await critical({ 'compose.yaml': COMPOSE, '.github/workflows/d.yml': text })).toEqual([]);
  });
});
