import { describe, expect, it } from 'vitest';
import { scan } from '../../src/pipeline/scan.js';
import { lines } from '../support/scan-files.js';
import { temporaryRepositories } from '../support/temp-repository.js';

// `exclude: [test/fixtures/]` is for fixtures nothing runs. A fixture that a judged Compose file
// includes, builds or that a judged workflow loads runs all the same, so excluding its folder must
// not hide what it does: a pull request could otherwise add `include: [test/fixtures/evil.yaml]`
// and a privileged service there, and pass (helper-37).

const repo = temporaryRepositories('containment-exclude-runs-');
const EXCLUDE_FIXTURES = lines('exclude:', '  - test/fixtures/');
const EVIL = lines('services:', '  evil:', '    image: alpine:3.20', '    privileged: true');
const QUIET = lines('services:', '  web:', '    image: nginx:1.27');
const workflow = (...steps: string[]) =>
  lines('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((step) => `      - ${step}`));

async function privileged(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ root: repo(files), failOn: 'high' });
  return result.findings.filter((f) => f.ruleId === 'container-privileged').map((f) => `${f.path}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

describe('exclude keeps what a judged file runs', () => {
  it('the reproduction: a judged compose.yaml includes a privileged fixture', async () => {
    const files = { '.github/containment.yml': EXCLUDE_FIXTURES, 'test/fixtures/evil.yaml': EVIL, 'compose.yaml': `include:\n  - test/fixtures/evil.yaml\n${QUIET}` };
    expect(await privileged(files)).toEqual(['test/fixtures/evil.yaml:4:5-4:21']);
  });

  it('still leaves out a fixture nothing judged runs', async () => {
    expect(await privileged({ '.github/containment.yml': EXCLUDE_FIXTURES, 'test/fixtures/compose.yaml': EVIL, 'compose.yaml': QUIET })).toEqual([]);
  });

  it('leaves out a fixture only excluded files run, and follows a chain that starts in a judged file', async () => {
    const chain = {
      '.github/containment.yml': EXCLUDE_FIXTURES,
      'test/fixtures/evil.yaml': EVIL,
      'test/fixtures/compose.yaml': 'include:\n  - evil.yaml\n',
    };
    expect(await privileged(chain)).toEqual([]);
    expect(await privileged({ ...chain, 'compose.yaml': `include:\n  - test/fixtures/compose.yaml\n${QUIET}` })).toEqual(['test/fixtures/evil.yaml:4:5-4:21']);
  });

  it('a rule-level exclude too', async () => {
    const files = {
      '.github/containment.yml': lines('rules:', '  container-privileged:', '    exclude: [ci/dind/]'),
      'ci/dind/stack.yml': EVIL,
      'compose.yaml': `include:\n  - path: ci/dind/stack.yml\n${QUIET}`,
    };
    expect(await privileged(files)).toEqual(['ci/dind/stack.yml:4:5-4:21']);
  });

  it('COMPOSE_FILE in a judged .env', async () => {
    const files = { '.github/containment.yml': EXCLUDE_FIXTURES, 'test/fixtures/evil.yaml': EVIL, 'compose.yaml': QUIET, '.env': 'COMPOSE_FILE=compose.yaml:test/fixtures/evil.yaml\n' };
    expect(await privileged(files)).toEqual(['test/fixtures/evil.yaml:4:5-4:21']);
  });

  it('a workflow that loads the fixture with -f', async () => {
    const files = { '.github/containment.yml': EXCLUDE_FIXTURES, 'test/fixtures/evil.yaml': EVIL, '.github/workflows/ci.yml': workflow('run: docker compose -f test/fixtures/evil.yaml up -d') };
    expect(await privileged(files)).toEqual(['test/fixtures/evil.yaml:4:5-4:21']);
  });

  it('a local action a judged workflow uses, and through it another one (helper-41)', async () => {
    const action = (run: string) => lines('name: act', 'runs:', '  using: composite', '  steps:', '    - shell: bash', `      run: ${run}`);
    const files = {
      '.github/containment.yml': EXCLUDE_FIXTURES,
      'test/fixtures/act/action.yml': action('docker run --privileged alpine:3.20'),
      'test/fixtures/inner/action.yaml': action('docker run --privileged busybox:1.36'),
      'test/fixtures/outer/action.yml': lines('name: outer', 'runs:', '  using: composite', '  steps:', '    - uses: ./test/fixtures/inner'),
      '.github/workflows/ci.yml': workflow('uses: ./test/fixtures/act/', 'uses: ./test/fixtures/outer'),
    };
    expect((await privileged(files)).map((place) => place.split(':')[0])).toEqual(['test/fixtures/act/action.yml', 'test/fixtures/inner/action.yaml']);
    expect(await privileged({ ...files, '.github/workflows/ci.yml': workflow('run: echo nothing') })).toEqual([]);
  });

  it('a Dockerfile a judged service builds from the excluded folder', async () => {
    const files = {
      '.github/containment.yml': lines('exclude:', '  - test/fixtures/', 'fail-on: medium'),
      'test/fixtures/Dockerfile': lines('FROM alpine:3.20', 'COPY id_rsa /root/.ssh/id_rsa'),
      'compose.yaml': lines('services:', '  app:', '    build: test/fixtures'),
    };
    const result = await scan({ root: repo(files) });
    expect(result.findings.filter((f) => f.path === 'test/fixtures/Dockerfile').length).toBeGreaterThan(0);
    const alone = await scan({ root: repo({ ...files, 'compose.yaml': QUIET }) });
    expect(alone.findings.filter((f) => f.path === 'test/fixtures/Dockerfile')).toEqual([]);
  });

  it('reads the suppression comments of a fixture a judged file runs', async () => {
    const suppressed = lines('services:', '  evil:', '    image: alpine:3.20', '    # containment: ignore[container-privileged] the CI runner needs it', '    privileged: true');
    const files = { '.github/containment.yml': EXCLUDE_FIXTURES, 'test/fixtures/evil.yaml': suppressed, 'compose.yaml': `include:\n  - test/fixtures/evil.yaml\n${QUIET}` };
    const result = await scan({ root: repo(files) });
    expect(result.findings.filter((f) => f.ruleId === 'container-privileged')).toEqual([]);
    expect((result.suppressed ?? []).map((s) => s.ruleId)).toContain('container-privileged');
  });
});
