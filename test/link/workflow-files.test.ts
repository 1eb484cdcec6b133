import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/core/source-document.js';
import type { Subject, SubjectType } from '../../src/core/subject.js';
import { parseDocument } from '../../src/documents/parse-document.js';
import { locateFinding } from '../../src/evaluate/locate-finding.js';
import { link } from '../../src/link/link.js';

const WORKFLOW = [
  'on: pull_request_target', //                                      1
  'jobs:', //                                                        2
  '  build:', //                                                     3
  '    runs-on: ubuntu-24.04', //                                    4
  '    steps:', //                                                   5
  '      - uses: actions/checkout@v4', //                            6
  '        with:', //                                                7
  '          ref: ${{ github.event.pull_request.head.sha }}', //     8
  '      - run: docker build -f app/Dockerfile app', //              9
  '      - run: |', //                                              10
  '          cd deploy', //                                         11
  '          docker compose up -d', //                              12
  '',
].join('\n');

function documents(): SourceDocument[] {
  return [
    parseDocument('workflow', '.github/workflows/pr.yml', WORKFLOW),
    parseDocument('dockerfile', 'app/Dockerfile', 'FROM alpine:3.20\nUSER app\n'),
    parseDocument('compose', 'deploy/docker-compose.yml', 'services:\n  web:\n    image: nginx:1.27\n'),
    parseDocument('compose', 'deploy/docker-compose.override.yml', 'services:\n  web:\n    privileged: true\n'),
  ];
}

function find(doc: SourceDocument, type: SubjectType, name?: string): Subject {
  const found = doc.subjects.find((s) => s.type === type && (name === undefined || s.name === name));
  if (!found) throw new Error(`no ${type} ${name ?? ''}`);
  return found;
}

describe('linkWorkflowFiles', () => {
  it('resolves a default compose file to the one that exists, with its override, on the step and the job', () => {
    const docs = link(documents());
    const [workflow] = docs;
    expect(find(workflow!, 'workflow.step', 'build/step 2').value).toMatchObject({ composeFiles: ['deploy/docker-compose.yml', 'deploy/docker-compose.override.yml'] });
    expect(find(workflow!, 'workflow.job', 'build').value).toMatchObject({
      triggers: ['pull_request_target'],
      builds: ['app/Dockerfile'],
      composeFiles: ['deploy/docker-compose.yml', 'deploy/docker-compose.override.yml'],
    });
  });

  it('gives the Dockerfile and Compose files evidence of the workflow that builds or runs them, and the job the reverse', () => {
    const parsed = documents();
    const docs = link(parsed);
    expect(link(parsed).map((d) => d.subjects.map((s) => s.evidence?.length ?? 0))).toEqual(docs.map((d) => d.subjects.map((s) => s.evidence?.length ?? 0))); // repeatable
    const [linkedWorkflow, dockerfile, compose] = docs;
    const workflow = parsed[0];
    const dockerfileSubject = find(dockerfile!, 'dockerfile');
    expect(dockerfileSubject.evidence).toEqual([
      { document: workflow, pointer: '/jobs/build/steps/1', message: 'built by .github/workflows/pr.yml job build (on: pull_request_target)' },
    ]);
    expect(find(compose!, 'compose').evidence).toEqual([
      { document: workflow, pointer: '/jobs/build/steps/2', message: 'run by .github/workflows/pr.yml job build (on: pull_request_target)' },
    ]);
    const job = find(linkedWorkflow!, 'workflow.job', 'build');
    expect(job.evidence?.map((e) => [e.document.path, e.message])).toEqual([
      ['app/Dockerfile', "this job's step build/step 1 uses app/Dockerfile"],
      ['deploy/docker-compose.yml', "this job's step build/step 2 uses deploy/docker-compose.yml"],
      ['deploy/docker-compose.override.yml', "this job's step build/step 2 uses deploy/docker-compose.override.yml"],
    ]);
    // A finding on the Dockerfile shows the workflow step as a related location (E3).
    expect(locateFinding(dockerfileSubject, '').related).toEqual([
      { path: '.github/workflows/pr.yml', range: { start: { line: 9, column: 9 }, end: { line: 9, column: 48 } }, message: 'built by .github/workflows/pr.yml job build (on: pull_request_target)' },
    ]);
  });

  it('changes none of the parsed documents: what it links is in the documents it returns', () => {
    const parsed = documents();
    const before = parsed.map((d) => ({ subjects: [...d.subjects], values: JSON.stringify(d.subjects.map((s) => [s.value, s.anchors, s.evidence?.length])), problems: d.problems.length }));
    const docs = link(parsed);
    expect(find(docs[1]!, 'dockerfile').evidence?.length).toBe(1);
    expect(find(parsed[1]!, 'dockerfile').evidence).toBeUndefined();
    parsed.forEach((d, i) => {
      expect(d.subjects).toEqual(before[i]!.subjects);
      expect(JSON.stringify(d.subjects.map((s) => [s.value, s.anchors, s.evidence?.length]))).toBe(before[i]!.values);
      expect(d.problems).toHaveLength(before[i]!.problems);
    });
  });

  it('leaves paths alone when no such file was scanned', () => {
    const docs = link([parseDocument('workflow', '.github/workflows/pr.yml', WORKFLOW)]);
    expect(find(docs[0]!, 'workflow.step', 'build/step 2').value).toMatchObject({ composeFiles: ['deploy/compose.yaml'] });
  });
});

describe("a folder's default Compose file, in Compose's order", () => {
  it('docker-compose.yml before docker-compose.yaml, as compose-go looks for them', () => {
    const linked = link([
      parseDocument('workflow', '.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose up -d\n'),
      parseDocument('compose', 'docker-compose.yaml', 'services:\n  a:\n    image: nginx:1.27\n'),
      parseDocument('compose', 'docker-compose.yml', 'services:\n  b:\n    image: nginx:1.27\n'),
    ]);
    const step = linked[0]!.subjects.find((subject) => subject.type === 'workflow.step')!;
    expect((step.value as { composeFiles?: string[] }).composeFiles).toEqual(['docker-compose.yml']);
  });
});
