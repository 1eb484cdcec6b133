import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/documents/parse-document.js';
import { link } from '../../src/link/link.js';
import { dockerfilesRead, linkGroups } from '../../src/link/link-groups.js';

const compose = (path: string, text: string) => parseDocument('compose', path, text);
const workflow = (path: string, text: string) => parseDocument('workflow', path, text);
const paths = (groups: ReturnType<typeof linkGroups>) => groups.map((group) => group.map((document) => document.path));

const service = (body: string) => `services:\n  web:\n    image: nginx:1.27\n${body}`;
const steps = (...run: string[]) =>
  `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${run.map((line) => `      - run: ${line}\n`).join('')}`;

describe('linkGroups: documents the link stage may join are in one group', () => {
  it('joins Compose files by folder and keeps other folders apart, in the input order', () => {
    const documents = [
      compose('a/compose.yaml', service('')),
      compose('a/compose.override.yaml', service('    privileged: true\n')),
      compose('b/compose.yaml', service('')),
      compose('compose.yaml', service('')),
    ];
    expect(paths(linkGroups(documents))).toEqual([['a/compose.yaml', 'a/compose.override.yaml'], ['b/compose.yaml'], ['compose.yaml']]);
  });

  it('joins a Compose file with the folders of what it includes, extends and lists in COMPOSE_FILE', () => {
    const documents = [
      compose('app/compose.yaml', 'include:\n  - ../shared/common.yml\nservices:\n  web:\n    extends:\n      file: ../base/base.yml\n      service: web\n'),
      compose('base/base.yml', service('')),
      compose('base/other.yml', service('')),
      compose('shared/common.yml', service('')),
      compose('lone/compose.yaml', service('')),
    ];
    expect(paths(linkGroups(documents))).toEqual([['app/compose.yaml', 'base/base.yml', 'base/other.yml', 'shared/common.yml'], ['lone/compose.yaml']]);
  });

  it('does not join a reference it cannot resolve (outside the folder, a URL)', () => {
    const documents = [
      compose('app/compose.yaml', 'include:\n  - ../../outside.yml\n  - https://example.com/x.yml\nservices:\n  web:\n    image: nginx:1.27\n'),
      compose('compose.yaml', service('')),
    ];
    expect(paths(linkGroups(documents))).toEqual([['app/compose.yaml'], ['compose.yaml']]);
  });

  it('joins a workflow with the folders it runs Compose in (a default file, -f with a working directory) and the workflows it calls', () => {
    const documents = [
      workflow('.github/workflows/ci.yml', steps('docker compose up -d')),
      workflow(
        '.github/workflows/deploy.yml',
        'on: push\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f compose.yaml up\n        working-directory: deploy\n  call:\n    uses: ./.github/workflows/reuse.yml\n',
      ),
      workflow('.github/workflows/reuse.yml', 'on: workflow_call\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
      workflow('.github/workflows/lint.yml', steps('npm test')),
      compose('compose.yaml', service('')),
      compose('deploy/compose.yaml', service('')),
      compose('other/compose.yaml', service('')),
    ];
    expect(paths(linkGroups(documents))).toEqual([
      ['.github/workflows/ci.yml', 'compose.yaml'],
      ['.github/workflows/deploy.yml', '.github/workflows/reuse.yml', 'deploy/compose.yaml'],
      ['.github/workflows/lint.yml'],
      ['other/compose.yaml'],
    ]);
  });

  it('joins a workflow with the folder of a file it names with `docker compose -f` even for a command that runs nothing', () => {
    const documents = [workflow('.github/workflows/pull.yml', steps('docker compose -f ops/compose.yaml pull')), compose('ops/compose.override.yaml', service(''))];
    expect(paths(linkGroups(documents))).toEqual([['.github/workflows/pull.yml', 'ops/compose.override.yaml']]);
  });

  it('a chain of references makes one group however the documents are ordered', () => {
    const documents = [
      compose('c/compose.yaml', service('')),
      compose('b/compose.yaml', 'include:\n  - ../c/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n'),
      compose('a/compose.yaml', 'include:\n  - ../b/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n'),
    ];
    expect(paths(linkGroups(documents))).toEqual([['c/compose.yaml', 'b/compose.yaml', 'a/compose.yaml']]);
    expect(paths(linkGroups([...documents].reverse()))).toEqual([['a/compose.yaml', 'b/compose.yaml', 'c/compose.yaml']]);
  });
});

describe('dockerfilesRead: the Dockerfiles a linked group reads', () => {
  it('names what services build, a build an override file adds included, and what workflows build', () => {
    const documents = [
      compose('app/compose.yaml', 'services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n'),
      compose('app/compose.override.yaml', 'services:\n  db:\n    build:\n      context: ../db\n      dockerfile: db.Dockerfile\n'),
      workflow('.github/workflows/ci.yml', steps('docker build -f tools/Dockerfile .')),
    ];
    expect(dockerfilesRead(link(documents)).sort()).toEqual(['app/Dockerfile', 'db/db.Dockerfile', 'tools/Dockerfile']);
  });

  it('names nothing for a group that only pulls images', () => {
    expect(dockerfilesRead(link([compose('compose.yaml', service(''))]))).toEqual([]);
  });
});
