// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import type { Subject } from '../../src/core/subject.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { excludesGitConfig, UNREADABLE_IGNORE_FILE } from '../../src/link/build-context-git.js';
import { link } from '../../src/link/link.js';
import type { WorkflowJob } from '../../src/subjects/workflow-job.js';
import type { WorkflowStep } from '../../src/subjects/workflow-step.js';
import { seen } from '../support/scan-files.js';

const IMAGE = [
  'on: push',
  'jobs:',
  '  image:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - run: docker build -t app .',
  '      - run: docker build -f docker/Dockerfile -t api .',
  '      - run: cd services && docker build -t svc .',
  '',
].join('\n');

function step(documents: SourceDocument[], name: string): Subject<WorkflowStep> {
  return documents.flatMap((d) => d.subjects).find((s) => s.type === 'workflow.step' && s.name === name) as Subject<WorkflowStep>;
}

describe('linkBuildContextGit', () => {
  const parsed = [parseDocument('workflow', '.github/workflows/image.yml', IMAGE)];

  it('marks root builds after a persisting checkout when no ignore file excludes .git/config', () => {
    const linked = link(parsed);
    expect(step(linked, 'image/step 1').value.gitInBuildContext).toBe(true);
    expect(step(linked, 'image/step 2').value.gitInBuildContext).toBe(true);
    // `cd services` moved the context away from the root, which holds .git.
    expect(step(linked, 'image/step 3').value).not.toHaveProperty('gitInBuildContext');
  });

  it('clears it when .dockerignore excludes .git; a Dockerfile-specific ignore file takes precedence', () => {
    const linked = link(parsed, new Map([['.dockerignore', 'node_modules\n.git\n'], ['docker/Dockerfile.dockerignore', 'node_modules\n']]));
    expect(step(linked, 'image/step 1').value).not.toHaveProperty('gitInBuildContext');
    expect(step(linked, 'image/step 2').value.gitInBuildContext).toBe(true);
  });

  it('does not let the root .dockerignore decide for a Dockerfile whose own ignore file was not read', () => {
    const linked = link(parsed, new Map([['.dockerignore', '.git\n'], ['docker/Dockerfile.dockerignore', UNREADABLE_IGNORE_FILE]]));
    expect(step(linked, 'image/step 1').value).not.toHaveProperty('gitInBuildContext');
    expect(step(linked, 'image/step 2').value.gitInBuildContext).toBe(true);
  });

  it('does not let the root .dockerignore decide for a Dockerfile whose path is unknown', () => {
    const workflow = IMAGE.replace('docker build -f docker/Dockerfile -t api .', 'docker build -f $PWD/docker/Dockerfile -t api .');
    const linked = link([parseDocument('workflow', '.github/workflows/image.yml', workflow)], new Map([['.dockerignore', '.git\n']]));
    expect(step(linked, 'image/step 1').value).not.toHaveProperty('gitInBuildContext');
    expect(step(linked, 'image/step 2').value.gitInBuildContext).toBe(true);
  });

  it.each([
    ['.git', true],
    ['/.git/', true],
    ['**/.git', true],
    ['.git*', true],
    ['*', true],
    ['# .git\nnode_modules', false],
    ['.github', false],
    ['.git\n!.git/config', false],
    ['*\n!.git', false],
    // Any exception fails closed: telling which exceptions cannot reach .git is not attempted.
    ['*\n!src', false],
    ['.git/objects', false],
    // Docker matches case-sensitively, anchored at the context root.
    ['.GIT', false],
    ['.Git/', false],
    ['config', false],
    ['x/.git', false],
    // Exceptions however written: `!` then trimmed, cleaned, with a leading `/` dropped.
    ['.git\n!./.gi?', false],
    ['.git\n! .gi?', false],
    ['.git\n!x/../.gi?', false],
    ['.git\n  !/.git/config', false],
    // Lines normalised as Docker reads them: trimmed, cleaned, CRLF and a BOM dropped.
    ['  .git  ', true],
    ['./.git/', true],
    ['//.git/.', true],
    ['\uFEFF.git\r\nnode_modules\r\n', true],
    ['.git/*', true],
    ['.git/**', true],
    // `#` starts a comment only in the first column: ` #x` is a pattern, which excludes nothing here.
    [' # .git', false],
  ])('a .dockerignore of %j excludes .git/config: %s', (text, expected) => {
    expect(excludesGitConfig(text)).toBe(expected);
  });
});

describe('linkWorkflowCalls', () => {
  const caller = ['on: push', 'jobs:', '  image:', '    uses: ./.github/workflows/image.yml', '    secrets: inherit', '  docs:', '    uses: $/.github/workflows/docs.yml', '    secrets: inherit', ''].join('\n');
  const docs = ['on: workflow_call', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - run: mkdocs build', ''].join('\n');

  it('marks a call to a workflow of this repository that builds images, with it as evidence', () => {
    const linked = link([
      parseDocument('workflow', '.github/workflows/release.yml', caller),
      parseDocument('workflow', '.github/workflows/image.yml', IMAGE),
      parseDocument('workflow', '.github/workflows/docs.yml', docs),
    ]);
    const jobs = linked[0]!.subjects.filter((s) => s.type === 'workflow.job') as Subject<WorkflowJob>[];
    const image = jobs.find((j) => j.name === 'image')!;
    expect(image.value.callsImageBuilder).toBe(true);
    expect(image.evidence?.map((e) => [e.document.path, e.pointer, e.message])).toEqual([['.github/workflows/image.yml', '/jobs/image', 'job image of .github/workflows/image.yml builds or pushes images']]);
    expect(jobs.find((j) => j.name === 'docs')!.value).not.toHaveProperty('callsImageBuilder');
  });
});

describe('a hostile .dockerignore, through the whole scan', () => {
  const workflow = ['on: push', 'jobs:', '  i:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', '      - run: docker build -t app .', ''].join('\n');
  it.each(['.GIT\n', 'config\n', '.git\n!./.gi?\n', '.git\n! .gi?\n'])('%j does not clear the finding', async (ignoreText) => {
    const found = await seen({ '.github/workflows/i.yml': workflow, '.dockerignore': ignoreText }, ['workflow-checkout-credential-in-build-context']);
    // Reported on the checkout that leaves the token (line 6), the build as related location.
    expect(found.map((f) => f.line)).toEqual([6]);
  });
  it('.git/ clears it', async () => {
    expect(await seen({ '.github/workflows/i.yml': workflow, '.dockerignore': '.git/\n' }, ['workflow-checkout-credential-in-build-context'])).toEqual([]);
  });
});

describe('a root build context named by a mixed-case workspace expression', () => {
  it('is the repository root, so the token in .git/config is reported', async () => {
    const workflow = ['on: push', 'jobs:', '  i:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', '      - run: docker build -t app ${{ GITHUB.WORKSPACE }}', ''].join('\n');
    const found = await seen({ '.github/workflows/i.yml': workflow }, ['workflow-checkout-credential-in-build-context']);
    expect(found.map((f) => f.line)).toEqual([6]);
  });
});
