// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import { checkedOutRefs, checkoutPersistsInWorkspace, readScript } from '../../src/documents/workflow-checkouts.js';

describe('checkedOutRefs', () => {
  it('reads actions/checkout inputs with expressions normalized, and git / gh commands', () => {
    expect(checkedOutRefs('actions/checkout@v4', { ref: "${{ github.event['pull_request'].head.sha }}", repository: '${{ github.event.pull_request.head.repo.full_name }}' }, [])).toEqual([
      '${{github.event.pull_request.head.sha}}',
      '${{github.event.pull_request.head.repo.full_name}}',
    ]);
    expect(checkedOutRefs(undefined, {}, ['gh pr checkout ${{ github.event.issue.number }}', 'git -C src fetch origin pull/7/head:pr', 'git status', 'echo checkout'])).toEqual([
      'refs/pull/${{github.event.issue.number}}/head',
      'origin pull/7/head:pr',
    ]);
    expect(checkedOutRefs('actions/setup-node@v4', { ref: 'x' }, [])).toEqual([]);
  });
});

describe('checkoutPersistsInWorkspace', () => {
  it.each([
    ['actions/checkout@v4', {}, true],
    ['actions/checkout@v5.0.1', {}, true],
    ['actions/checkout@v6', {}, false],
    ['actions/checkout@v7.1.0', {}, false],
    ['actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', {}, true],
    ['actions/checkout@main', {}, true],
    ['actions/checkout@v4', { 'persist-credentials': 'false' }, false],
    ['actions/checkout@v4', { 'persist-credentials': '${{ inputs.persist }}' }, true],
    ['actions/cache@v4', {}, false],
  ])('%s %j → %s', (uses, inputs, expected) => {
    expect(checkoutPersistsInWorkspace(uses, inputs as Record<string, string>)).toBe(expected);
  });
});

describe('readScript', () => {
  it('lists commands, build contexts after cd, and container tools; other shells by line', () => {
    const { split, ...reading } = readScript('npm ci\ncd app && docker build -t x .\nbuildah bud -f Containerfile ../tools\npodman build - < Dockerfile', true, '');
    expect(reading).toEqual({
      commands: ['npm ci', 'cd app', 'docker build -t x .', 'buildah bud -f Containerfile ../tools', 'podman build -'],
      buildContexts: ['app', 'tools'],
      runsDocker: true,
    });
    // The split commands go on to the step's command subjects, so the script is split once.
    expect(split?.map((command) => command.name)).toEqual(['npm', 'cd', 'docker', 'buildah', 'podman']);
    expect(readScript('cd ~\ndocker build .', true, '').buildContexts).toEqual(['$UNKNOWN_DIRECTORY']);
    expect(readScript('# setup\nnpm test\r\n  docker compose up', false, '')).toEqual({ commands: ['npm test', 'docker compose up'], buildContexts: [], runsDocker: true });
  });
});
