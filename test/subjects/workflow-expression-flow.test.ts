// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub `${{ }}` expressions are what these tests are about.
import { describe, expect, it } from 'vitest';
import { expressionUses, requiresSameRepository, textReferences } from '../../src/subjects/workflow-expression-flow.js';

describe('expressionUses', () => {
  it.each([
    ['${{ github.event.issue.title }}', ['github.event.issue.title']],
    ["${{ github.event['pull_request'].title }}", ['github.event.pull_request.title']],
    ['${{ github.event.commits[0].message }}', ['github.event.commits.*.message']],
    ['${{ github.event.pull_request.labels.*.name }}', ['github.event.pull_request.labels.*.name']],
    ['${{ toJSON(github.event) }}', ['github.event']],
    ["${{ format('{0}-{1}', github.head_ref, github.sha) }}", ['github.head_ref', 'github.sha']],
    ["${{ join(github.event.commits.*.message, ', ') }}", ['github.event.commits.*.message']],
    ['${{ fromJSON(github.event.client_payload.matrix).target }}', ['github.event.client_payload.matrix']],
    ["${{ github.event.pull_request.draft && github.head_ref || 'none' }}", ['github.head_ref']],
    ["${{ github.head_ref || github.ref_name }}", ['github.head_ref', 'github.ref_name']],
    // Booleans and comparisons never carry text.
    ["${{ startsWith(github.event.pull_request.title, 'WIP') }}", []],
    ["${{ contains(github.event.pull_request.body, '[skip]') && 'skip' || 'run' }}", []],
    ["${{ endsWith(github.head_ref, '-docs') }}", []],
    ["${{ github.event.issue.title == 'x' }}", []],
    ['${{ !github.event.issue.title }}', []],
    ["${{ 'github.event.issue.title' }}", []],
    // GitHub reads context and property names case-insensitively: references are lower case.
    ['${{ GITHUB.EVENT.PULL_REQUEST.TITLE }}', ['github.event.pull_request.title']],
    ['${{ Github.Head_Ref }}', ['github.head_ref']],
    ["${{ github.event['PULL_REQUEST'].HEAD.SHA }}", ['github.event.pull_request.head.sha']],
    ['${{ toJSON(GitHub.Event) }}', ['github.event']],
  ])('%s → %j', (text, references) => {
    expect(expressionUses(text).flatMap((use) => use.references)).toEqual(references);
  });

  it('reads an expression the parser refuses textually, every reference counted (fail closed)', () => {
    expect(textReferences("${{ github.event.issue.title == ( }}")).toEqual(['github.event.issue.title']);
    expect(textReferences('${{ unknownfn(github.head_ref) }}')).toEqual(['github.head_ref']);
    expect(textReferences('${{ unknownfn(GITHUB.Head_Ref) }}')).toEqual(['github.head_ref']);
  });

  it('gives each expression its offset, and an unclosed one runs to the end', () => {
    expect(expressionUses('a ${{ github.head_ref }} b ${{ github.event.issue.body')).toEqual([
      { offset: 2, references: ['github.head_ref'] },
      { offset: 27, references: ['github.event.issue.body'] },
    ]);
  });
});

describe('requiresSameRepository', () => {
  it.each([
    ['github.event.pull_request.head.repo.full_name == github.repository', true],
    ['${{ github.repository == github.event.pull_request.head.repo.full_name }}', true],
    ["github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'x'", true],
    ['!github.event.pull_request.head.repo.fork', true],
    ['github.event.pull_request.head.repo.fork == false', true],
    ['github.event.workflow_run.head_repository.full_name == github.repository', true],
    ["github.event.pull_request.head.repo.full_name == github.repository || contains(github.event.pull_request.labels.*.name, 'ok')", false],
    ['github.event.pull_request.head.repo.full_name != github.repository', false],
    ['github.event.pull_request.head.repo.fork', false],
    ["github.event.pull_request.head.repo.full_name == 'acme/app'", false],
    ['github.event.pull_request.head.repo.full_name == (', false],
  ])('%s → %s', (condition, expected) => {
    expect(requiresSameRepository(condition)).toBe(expected);
  });
});
