import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { link } from '../../src/link/link.js';
import { GroupsAwaitingDockerfiles } from '../../src/pipeline/groups-awaiting-dockerfiles.js';

const compose = (path: string, text: string) => parseDocument('compose', path, text);
const dockerfile = (path: string) => parseDocument('dockerfile', path, 'FROM alpine:3.20\nUSER app\n');
const workflow = (path: string, text: string) => parseDocument('workflow', path, text);

/** A queue whose links and judgements are written down, in order, as the paths of each group. */
function watched(documents: SourceDocument[], toRead: string[], again: SourceDocument[] = []) {
  const judged: string[][] = [];
  const groups = new GroupsAwaitingDockerfiles(
    documents,
    again,
    new Set(toRead),
    (group) => link(group),
    (linked) => judged.push(linked.map((document) => document.path)),
  );
  return { groups, judged };
}

describe('GroupsAwaitingDockerfiles', () => {
  it('judges a group that reads no Dockerfile at once, and one that does when its last Dockerfile comes', () => {
    const { groups, judged } = watched(
      [
        compose('a/compose.yaml', 'services:\n  web:\n    build: .\n  api:\n    build: ./api\n'),
        compose('b/compose.yaml', 'services:\n  db:\n    image: postgres:16\n'),
      ],
      ['a/Dockerfile', 'a/api/Dockerfile', 'z/Dockerfile'],
    );
    expect(judged).toEqual([['b/compose.yaml']]);
    expect(groups.add(dockerfile('a/api/Dockerfile'))).toBe(true);
    expect(judged).toHaveLength(1);
    expect(groups.add(dockerfile('a/Dockerfile'))).toBe(true);
    // Linked in path order, its Dockerfiles among its Compose files.
    expect(judged[1]).toEqual(['a/Dockerfile', 'a/api/Dockerfile', 'a/compose.yaml']);
    // A Dockerfile no group reads is the caller's to judge alone.
    expect(groups.add(dockerfile('z/Dockerfile'))).toBe(false);
    groups.finish();
    expect(judged).toHaveLength(2);
  });

  it('links two groups that build one Dockerfile together, once', () => {
    const { groups, judged } = watched(
      [
        compose('a/compose.yaml', 'services:\n  web:\n    build: ../shared\n'),
        compose('b/compose.yaml', 'services:\n  api:\n    build: ../shared\n  db:\n    build: ../db\n'),
        compose('c/compose.yaml', 'services:\n  job:\n    build: ../db\n'),
      ],
      ['db/Dockerfile', 'shared/Dockerfile'],
    );
    expect(judged).toEqual([]);
    groups.add(dockerfile('db/Dockerfile'));
    expect(judged).toEqual([]);
    groups.add(dockerfile('shared/Dockerfile'));
    expect(judged).toEqual([['a/compose.yaml', 'b/compose.yaml', 'c/compose.yaml', 'db/Dockerfile', 'shared/Dockerfile']]);
    groups.finish();
    expect(judged).toHaveLength(1);
  });

  it('merges every group a new group reaches: two groups each building one Dockerfile, then a third building both', () => {
    const { groups, judged } = watched(
      [
        compose('a/compose.yaml', 'services:\n  a:\n    build: ../d1\n'),
        compose('c/compose.yaml', 'services:\n  c:\n    build: ../d2\n'),
        compose('z/compose.yaml', 'services:\n  z1:\n    build: ../d1\n  z2:\n    build: ../d2\n'),
        compose('y/compose.yaml', 'services:\n  y:\n    build: ../d3\n'),
      ],
      ['d1/Dockerfile', 'd2/Dockerfile', 'd3/Dockerfile'],
    );
    groups.add(dockerfile('d1/Dockerfile'));
    expect(judged).toEqual([]);
    groups.add(dockerfile('d2/Dockerfile'));
    expect(judged).toEqual([['a/compose.yaml', 'c/compose.yaml', 'd1/Dockerfile', 'd2/Dockerfile', 'z/compose.yaml']]);
    groups.add(dockerfile('d3/Dockerfile'));
    groups.finish();
    expect(judged).toEqual([['a/compose.yaml', 'c/compose.yaml', 'd1/Dockerfile', 'd2/Dockerfile', 'z/compose.yaml'], ['d3/Dockerfile', 'y/compose.yaml']]);
  });

  it('puts a Dockerfile before a Compose file an include reads at its path: linkers take the last of a path', () => {
    const included = compose('sub/Dockerfile', 'services:\n  x:\n    image: nginx:1.27\n');
    const ci = workflow('.github/workflows/ci.yml', 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f sub/Dockerfile sub\n');
    const judged: SourceDocument[][] = [];
    const groups = new GroupsAwaitingDockerfiles([ci, included], [], new Set(['sub/Dockerfile']), (group) => group, (linked) => judged.push(linked));
    const built = dockerfile('sub/Dockerfile');
    groups.add(built);
    expect(judged).toHaveLength(1);
    expect(judged[0]!.map((document) => [document.path, document.kind])).toEqual([
      ['.github/workflows/ci.yml', 'workflow'],
      ['sub/Dockerfile', 'dockerfile'],
      ['sub/Dockerfile', 'compose'],
    ]);
  });

  it('does not wait for a Dockerfile the scan will not parse, and at finish judges a group whose Dockerfile never came', () => {
    const { groups, judged } = watched(
      [compose('a/compose.yaml', 'services:\n  web:\n    build: .\n'), compose('b/compose.yaml', 'services:\n  web:\n    build: .\n')],
      ['b/Dockerfile'],
    );
    // a/Dockerfile is not among the files to read (git-ignored, missing): a/ is judged at once.
    expect(judged).toEqual([['a/compose.yaml']]);
    groups.finish();
    expect(judged).toEqual([['a/compose.yaml'], ['b/compose.yaml']]);
    // A Dockerfile that comes after `finish` is no group's.
    expect(groups.add(dockerfile('b/Dockerfile'))).toBe(false);
  });

  it('links the workflows read again after the documents read, as linking everything at once does', () => {
    const caller = workflow(
      '.github/workflows/a.yml',
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f z/Dockerfile .\n  call:\n    uses: ./.github/workflows/0-reuse.yml\n',
    );
    const called = workflow('.github/workflows/0-reuse.yml', 'on: workflow_call\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build .\n');
    const { groups, judged } = watched([caller], ['z/Dockerfile'], [called]);
    groups.add(dockerfile('z/Dockerfile'));
    expect(judged).toEqual([['.github/workflows/a.yml', 'z/Dockerfile', '.github/workflows/0-reuse.yml']]);
  });
});
